/** stock_allocations: the units of an order line held in, or taken from, a warehouse. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { OrderItem } from './order-item';
import { Warehouse } from './warehouse';

/**
 * stock_allocations.status; moves (trigger stock_allocations_status_moves):
 * reserved → taken | released; taken → restocked.
 */
export const ALLOCATION_STATUSES = ['reserved', 'taken', 'released', 'restocked'] as const;
export type AllocationStatus = (typeof ALLOCATION_STATUSES)[number];

export interface StockAllocationAttributes {
  id: number;
  orderItemId: number;
  warehouseId: number;
  quantity: number;
  status: AllocationStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type StockAllocationCreationAttributes = Optional<StockAllocationAttributes, 'id' | 'status' | 'createdAt' | 'updatedAt'>;

/** Written by src/services/orders/stock.ts only, together with inventory.quantity_reserved. */
@Table({ tableName: 'stock_allocations', underscored: true, timestamps: false })
export class StockAllocation extends Model<StockAllocationAttributes, StockAllocationCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @ForeignKey(() => OrderItem)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'order_items', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  orderItemId!: number;

  @ForeignKey(() => Warehouse)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'warehouses', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  warehouseId!: number;

  @Column({ type: DataType.INTEGER, allowNull: false })
  quantity!: number;

  @Column({ type: DataType.STRING(10), allowNull: false, defaultValue: 'reserved', validate: { isIn: [ALLOCATION_STATUSES] } })
  status!: AllocationStatus;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger stock_allocations_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => OrderItem, 'orderItemId')
  orderItem?: OrderItem;

  @BelongsTo(() => Warehouse, 'warehouseId')
  warehouse?: Warehouse;
}
