/** product_reviews: ratings of products by customers; one per customer and product. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Customer } from './customer';
import { Product } from './product';

export interface ProductReviewAttributes {
  id: number;
  productId: number;
  userId: number;
  rating: number;
  title: string | null;
  body: string | null;
  isVisible: boolean;
  createdAt: Date;
}

export type ProductReviewCreationAttributes = Optional<
  ProductReviewAttributes,
  'id' | 'title' | 'body' | 'isVisible' | 'createdAt'
>;

@Table({ tableName: 'product_reviews', underscored: true, timestamps: false })
export class ProductReview extends Model<ProductReviewAttributes, ProductReviewCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** (product_id, user_id) is unique. */
  @ForeignKey(() => Product)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    unique: 'product_reviews_product_id_user_id_key',
    references: { model: 'products', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  productId!: number;

  /** FK to customers.user_id (not users.id): only customers review. */
  @ForeignKey(() => Customer)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    unique: 'product_reviews_product_id_user_id_key',
    references: { model: 'customers', key: 'user_id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  userId!: number;

  /** 1 to 5 (CHECK). */
  @Column({ type: DataType.SMALLINT, allowNull: false })
  rating!: number;

  @Column({ type: DataType.STRING(200), allowNull: true })
  title!: string | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  body!: string | null;

  /** False when moderation hid the review. */
  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  isVisible!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsTo(() => Product, 'productId')
  product?: Product;

  @BelongsTo(() => Customer, 'userId')
  customer?: Customer;
}
