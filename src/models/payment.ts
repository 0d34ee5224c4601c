/** payments: payment attempts of an order, 1:N. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Order } from './order';
import { Refund } from './refund';

import { PAYMENT_PROVIDERS, PAYMENT_STATUSES, type PaymentProvider, type PaymentStatus } from './vocabulary';

export { PAYMENT_PROVIDERS, PAYMENT_STATUSES, type PaymentProvider, type PaymentStatus };

export interface PaymentAttributes {
  id: number;
  orderId: number;
  amountCents: number;
  provider: PaymentProvider;
  providerRef: string | null;
  status: PaymentStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type PaymentCreationAttributes = Optional<
  PaymentAttributes,
  'id' | 'providerRef' | 'status' | 'createdAt' | 'updatedAt'
>;

/** amount_cents never goes below what was refunded on it (trigger payments_cover_refunds). */
@Table({ tableName: 'payments', underscored: true, timestamps: false })
export class Payment extends Model<PaymentAttributes, PaymentCreationAttributes> {
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

  @Column({ type: DataType.BIGINT, allowNull: false })
  amountCents!: number;

  /** (provider, provider_ref) is unique. */
  @Column({
    type: DataType.STRING(20),
    allowNull: false,
    unique: 'payments_provider_provider_ref_key',
    validate: { isIn: [PAYMENT_PROVIDERS] },
  })
  provider!: PaymentProvider;

  /** The provider's transaction reference; makes a repeated payment a no-op. */
  @Column({ type: DataType.STRING(120), allowNull: true, unique: 'payments_provider_provider_ref_key' })
  providerRef!: string | null;

  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: 'pending', validate: { isIn: [PAYMENT_STATUSES] } })
  status!: PaymentStatus;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger payments_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => Order, 'orderId')
  order?: Order;

  @HasMany(() => Refund, 'paymentId')
  refunds?: Refund[];
}
