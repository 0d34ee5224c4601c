/** promotion_products: products a product promotion applies to (M:N link). */
import { BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Product } from './product';
import { Promotion } from './promotion';

export interface PromotionProductAttributes {
  promotionId: number;
  productId: number;
}

@Table({ tableName: 'promotion_products', underscored: true, timestamps: false })
export class PromotionProduct extends Model<PromotionProductAttributes, PromotionProductAttributes> {
  /** Primary key (promotion_id, product_id). */
  @PrimaryKey
  @ForeignKey(() => Promotion)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'promotions', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  promotionId!: number;

  @PrimaryKey
  @ForeignKey(() => Product)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'products', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  productId!: number;

  @BelongsTo(() => Promotion, 'promotionId')
  promotion?: Promotion;

  @BelongsTo(() => Product, 'productId')
  product?: Product;
}
