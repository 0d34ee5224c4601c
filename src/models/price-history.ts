/** price_history: every price a variant has had; periods of one variant never overlap. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { ProductVariant } from './product-variant';

export interface PriceHistoryAttributes {
  id: number;
  variantId: number;
  priceCents: number;
  validFrom: Date;
  validTo: Date | null;
}

export type PriceHistoryCreationAttributes = Optional<PriceHistoryAttributes, 'id' | 'validFrom' | 'validTo'>;

/**
 * Rows are written by the trigger product_variants_price_history whenever a variant is
 * created or its price_cents changes; application code only reads them.
 */
@Table({ tableName: 'price_history', underscored: true, timestamps: false })
export class PriceHistory extends Model<PriceHistoryAttributes, PriceHistoryCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @ForeignKey(() => ProductVariant)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'product_variants', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  variantId!: number;

  @Column({ type: DataType.BIGINT, allowNull: false })
  priceCents!: number;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  validFrom!: Date;

  /** End of the period (exclusive); NULL for the current price. */
  @Column({ type: DataType.DATE, allowNull: true })
  validTo!: Date | null;

  @BelongsTo(() => ProductVariant, 'variantId')
  variant?: ProductVariant;
}
