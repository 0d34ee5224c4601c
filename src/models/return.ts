/** returns: returns of order lines, 0..N per line. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { OrderItem } from './order-item';

/** returns.status: CHECK (status IN ('requested', 'approved', 'rejected', 'received')). */
export const RETURN_STATUSES = ['requested', 'approved', 'rejected', 'received'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface ReturnAttributes {
  id: number;
  orderItemId: number;
  quantity: number;
  reason: string;
  status: ReturnStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type ReturnCreationAttributes = Optional<ReturnAttributes, 'id' | 'status' | 'createdAt' | 'updatedAt'>;

@Table({ tableName: 'returns', underscored: true, timestamps: false })
export class Return extends Model<ReturnAttributes, ReturnCreationAttributes> {
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

  @Column({ type: DataType.INTEGER, allowNull: false })
  quantity!: number;

  @Column({ type: DataType.TEXT, allowNull: false })
  reason!: string;

  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: 'requested', validate: { isIn: [RETURN_STATUSES] } })
  status!: ReturnStatus;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger returns_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => OrderItem, 'orderItemId')
  orderItem?: OrderItem;
}
