/** shipments: shipments of an order, 1:N. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Order } from './order';

/** shipments.status: CHECK (status IN ('pending', 'shipped', 'delivered', 'returned')). */
export const SHIPMENT_STATUSES = ['pending', 'shipped', 'delivered', 'returned'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export interface ShipmentAttributes {
  id: number;
  orderId: number;
  carrier: string;
  trackingCode: string | null;
  status: ShipmentStatus;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export type ShipmentCreationAttributes = Optional<
  ShipmentAttributes,
  'id' | 'trackingCode' | 'status' | 'shippedAt' | 'deliveredAt' | 'createdAt'
>;

@Table({ tableName: 'shipments', underscored: true, timestamps: false })
export class Shipment extends Model<ShipmentAttributes, ShipmentCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @ForeignKey(() => Order)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'orders', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  orderId!: number;

  @Column({ type: DataType.STRING(40), allowNull: false })
  carrier!: string;

  @Column({ type: DataType.STRING(100), allowNull: true })
  trackingCode!: string | null;

  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: 'pending', validate: { isIn: [SHIPMENT_STATUSES] } })
  status!: ShipmentStatus;

  @Column({ type: DataType.DATE, allowNull: true })
  shippedAt!: Date | null;

  /** Only after shipped_at (CHECK shipments_delivered_after_shipped). */
  @Column({ type: DataType.DATE, allowNull: true })
  deliveredAt!: Date | null;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsTo(() => Order, 'orderId')
  order?: Order;
}
