/** inventory: stock of a variant in a warehouse. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { ProductVariant } from './product-variant';
import { Warehouse } from './warehouse';

export interface InventoryLevelAttributes {
  id: number;
  warehouseId: number;
  variantId: number;
  quantityAvailable: number;
  quantityReserved: number;
  updatedAt: Date;
}

export type InventoryLevelCreationAttributes = Optional<
  InventoryLevelAttributes,
  'id' | 'quantityAvailable' | 'quantityReserved' | 'updatedAt'
>;

/**
 * Every insert, update or delete here recomputes product_variants.stock of the variants
 * touched (statement-level triggers inventory_stock_after_*).
 */
@Table({ tableName: 'inventory', underscored: true, timestamps: false })
export class InventoryLevel extends Model<InventoryLevelAttributes, InventoryLevelCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** (warehouse_id, variant_id) is unique. */
  @ForeignKey(() => Warehouse)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    unique: 'inventory_warehouse_id_variant_id_key',
    references: { model: 'warehouses', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  warehouseId!: number;

  @ForeignKey(() => ProductVariant)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    unique: 'inventory_warehouse_id_variant_id_key',
    references: { model: 'product_variants', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  variantId!: number;

  /** Units on the shelf, including reserved ones; never negative. */
  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  quantityAvailable!: number;

  /** Units held by pending orders; never more than quantity_available (CHECK). */
  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  quantityReserved!: number;

  /** Kept by the trigger inventory_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => Warehouse, 'warehouseId')
  warehouse?: Warehouse;

  @BelongsTo(() => ProductVariant, 'variantId')
  variant?: ProductVariant;
}
