/** products: what the store sells; stock and price live on its variants. */
import type { Optional } from 'sequelize';
import {
  AutoIncrement,
  BelongsTo,
  BelongsToMany,
  Column,
  DataType,
  ForeignKey,
  HasMany,
  Model,
  PrimaryKey,
  Table,
} from 'sequelize-typescript';
import { Category } from './category';
import { OrderItem } from './order-item';
import { ProductReview } from './product-review';
import { ProductVariant } from './product-variant';
import { Promotion } from './promotion';
import { PromotionProduct } from './promotion-product';
import { Seller } from './seller';

export interface ProductAttributes {
  id: number;
  categoryId: number;
  sellerId: number | null;
  slug: string;
  name: string;
  description: string | null;
  imageUrl: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ProductCreationAttributes = Optional<
  ProductAttributes,
  'id' | 'sellerId' | 'description' | 'imageUrl' | 'isActive' | 'createdAt' | 'updatedAt'
>;

@Table({ tableName: 'products', underscored: true, timestamps: false })
export class Product extends Model<ProductAttributes, ProductCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @ForeignKey(() => Category)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'categories', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  categoryId!: number;

  /** FK to sellers.user_id (not users.id); NULL means the store itself sells it. */
  @ForeignKey(() => Seller)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'sellers', key: 'user_id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  sellerId!: number | null;

  /** Unique key used by imports and commands. */
  @Column({ type: DataType.STRING(160), allowNull: false, unique: 'products_slug_key' })
  slug!: string;

  @Column({ type: DataType.STRING(200), allowNull: false })
  name!: string;

  @Column({ type: DataType.TEXT, allowNull: true })
  description!: string | null;

  @Column({ type: DataType.STRING(2048), allowNull: true })
  imageUrl!: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  isActive!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger products_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => Category, 'categoryId')
  category?: Category;

  @BelongsTo(() => Seller, 'sellerId')
  seller?: Seller | null;

  @HasMany(() => ProductVariant, 'productId')
  variants?: ProductVariant[];

  @HasMany(() => ProductReview, 'productId')
  reviews?: ProductReview[];

  @HasMany(() => OrderItem, 'productId')
  orderItems?: OrderItem[];

  @BelongsToMany(() => Promotion, {
    through: { model: () => PromotionProduct, unique: false },
    foreignKey: 'productId',
    otherKey: 'promotionId',
  })
  promotions?: Promotion[];

  /** The promotion_products rows themselves. */
  @HasMany(() => PromotionProduct, 'productId')
  promotionLinks?: PromotionProduct[];
}
