/** promotions: percentage discounts by dates on products, categories or whole orders. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsToMany, Column, DataType, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Category } from './category';
import { Product } from './product';
import { PromotionCategory } from './promotion-category';
import { PromotionProduct } from './promotion-product';

/** promotions.applies_to: CHECK (applies_to IN ('product', 'category', 'order')). */
export const PROMOTION_APPLIES_TO = ['product', 'category', 'order'] as const;
export type PromotionAppliesTo = (typeof PROMOTION_APPLIES_TO)[number];

export interface PromotionAttributes {
  id: number;
  name: string;
  appliesTo: PromotionAppliesTo;
  percentOff: number;
  startsAt: Date;
  endsAt: Date;
  isActive: boolean;
  createdAt: Date;
}

export type PromotionCreationAttributes = Optional<PromotionAttributes, 'id' | 'isActive' | 'createdAt'>;

@Table({ tableName: 'promotions', underscored: true, timestamps: false })
export class Promotion extends Model<PromotionAttributes, PromotionCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @Column({ type: DataType.STRING(120), allowNull: false })
  name!: string;

  /** What the linked rows name: products, categories, or nothing (whole order). */
  @Column({ type: DataType.STRING(10), allowNull: false, validate: { isIn: [PROMOTION_APPLIES_TO] } })
  appliesTo!: PromotionAppliesTo;

  /** 1 to 100 (CHECK). */
  @Column({ type: DataType.SMALLINT, allowNull: false })
  percentOff!: number;

  @Column({ type: DataType.DATE, allowNull: false })
  startsAt!: Date;

  @Column({ type: DataType.DATE, allowNull: false })
  endsAt!: Date;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  isActive!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsToMany(() => Product, {
    through: { model: () => PromotionProduct, unique: false },
    foreignKey: 'promotionId',
    otherKey: 'productId',
  })
  products?: Product[];

  @BelongsToMany(() => Category, {
    through: { model: () => PromotionCategory, unique: false },
    foreignKey: 'promotionId',
    otherKey: 'categoryId',
  })
  categories?: Category[];

  /** The promotion_products rows themselves. */
  @HasMany(() => PromotionProduct, 'promotionId')
  productLinks?: PromotionProduct[];

  /** The promotion_categories rows themselves. */
  @HasMany(() => PromotionCategory, 'promotionId')
  categoryLinks?: PromotionCategory[];
}
