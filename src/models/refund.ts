/** refunds: money given back on a payment. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Payment } from './payment';

export interface RefundAttributes {
  id: number;
  paymentId: number;
  amountCents: number;
  reason: string;
  createdAt: Date;
}

export type RefundCreationAttributes = Optional<RefundAttributes, 'id' | 'createdAt'>;

/** The refunds of a payment never add up to more than it (trigger refunds_within_payment). */
@Table({ tableName: 'refunds', underscored: true, timestamps: false })
export class Refund extends Model<RefundAttributes, RefundCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @ForeignKey(() => Payment)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'payments', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  paymentId!: number;

  @Column({ type: DataType.BIGINT, allowNull: false })
  amountCents!: number;

  @Column({ type: DataType.TEXT, allowNull: false })
  reason!: string;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsTo(() => Payment, 'paymentId')
  payment?: Payment;
}
