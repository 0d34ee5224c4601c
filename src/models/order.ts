/** orders: customer orders. */
import type { BulkCreateOptions, Optional, SaveOptions, Transaction, UpdateOptions } from 'sequelize';
import {
  AutoIncrement,
  BeforeBulkCreate,
  BeforeBulkUpdate,
  BeforeSave,
  BeforeUpdate,
  BelongsTo,
  Column,
  DataType,
  ForeignKey,
  HasMany,
  Model,
  PrimaryKey,
  type Sequelize,
  Table,
} from 'sequelize-typescript';
import { Address } from './address';
import { Coupon } from './coupon';
import { OrderItem } from './order-item';
import { Payment } from './payment';
import { PAYMENT_PROVIDERS, type PaymentProvider } from './vocabulary';
import { Shipment } from './shipment';
import { sqlOf } from '../db/sql';
import { UnexpectedError } from '../lib/errors';
import { applyStatusEffects, hasStatusEffects } from '../services/orders/effects';
import { User } from './user';

import { ORDER_STATUSES, SHIPPING_METHODS, type OrderStatus, type ShippingMethod } from './vocabulary';

export { ORDER_STATUSES, SHIPPING_METHODS, type OrderStatus, type ShippingMethod };

export interface OrderAttributes {
  id: number;
  userId: number;
  couponId: number | null;
  totalCents: number;
  discountCents: number;
  shippingPriceCents: number;
  amountDueCents: number | null;
  status: OrderStatus;
  paymentProvider: PaymentProvider | null;
  paymentRef: string | null;
  shippingMethod: ShippingMethod;
  shippingAddressId: number | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a caller may pass to create(): never the generated amount_due_cents. */
export type OrderCreationAttributes = Optional<
  Omit<OrderAttributes, 'amountDueCents'>,
  | 'id'
  | 'couponId'
  | 'totalCents'
  | 'discountCents'
  | 'shippingPriceCents'
  | 'status'
  | 'paymentProvider'
  | 'paymentRef'
  | 'shippingMethod'
  | 'shippingAddressId'
  | 'paidAt'
  | 'cancelledAt'
  | 'createdAt'
  | 'updatedAt'
>;

/** Columns the database computes (GENERATED ALWAYS ... STORED): never in an INSERT or UPDATE. */
const GENERATED_ATTRIBUTES: readonly string[] = ['amountDueCents'];

function withoutGenerated<K>(fields: K[] | undefined): K[] | undefined {
  return fields?.filter((field) => !GENERATED_ATTRIBUTES.includes(field as string));
}

/**
 * total_cents is the sum of order_items.line_total_cents, kept by the trigger
 * order_items_sync_order_total (a direct write that disagrees is refused by
 * orders_total_is_derived): never write it. The default 0 sent on insert matches an order
 * without lines; after adding, changing or removing lines, reload() the order to see the
 * new total and amount_due_cents.
 */
@Table({ tableName: 'orders', underscored: true, timestamps: false })
export class Order extends Model<OrderAttributes, OrderCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** The buyer. */
  @ForeignKey(() => User)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'users', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  userId!: number;

  @ForeignKey(() => Coupon)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'coupons', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  couponId!: number | null;

  /** Sum of the lines, kept by the trigger order_items_sync_order_total: do not write. */
  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: 0 })
  totalCents!: number;

  /** Coupon and promotion discount; never more than total_cents (CHECK). */
  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: 0 })
  discountCents!: number;

  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: 0 })
  shippingPriceCents!: number;

  /**
   * GENERATED ALWAYS AS (total_cents - discount_cents + shipping_price_cents) STORED:
   * read-only. Sequelize v6 has no read-only attributes; an INSERT only sends attributes
   * present in dataValues (this one has no default, so it is absent unless someone sets it),
   * and the hooks below drop it from the fields of every save, bulkCreate and update so
   * that it is never written even then. Inserts read it back through RETURNING.
   */
  @Column({ type: DataType.BIGINT, allowNull: true })
  amountDueCents!: number | null;

  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: 'pending', validate: { isIn: [ORDER_STATUSES] } })
  status!: OrderStatus;

  @Column({
    type: DataType.STRING(20),
    allowNull: true,
    validate: {
      // A function, not isIn: PAYMENT_PROVIDERS comes from payment.ts, which imports this
      // module, so it may not be defined yet while this class is being decorated.
      // Custom validators also run on NULL (built-in ones do not): NULL is allowed here.
      isPaymentProvider(value: unknown) {
        if (value !== null && value !== undefined && !(PAYMENT_PROVIDERS as readonly unknown[]).includes(value)) {
          throw new Error(`payment provider must be one of ${PAYMENT_PROVIDERS.join(', ')}`);
        }
      },
    },
  })
  paymentProvider!: PaymentProvider | null;

  @Column({ type: DataType.STRING(120), allowNull: true })
  paymentRef!: string | null;

  @Column({
    type: DataType.STRING(20),
    allowNull: false,
    defaultValue: 'retiro_tienda',
    validate: { isIn: [SHIPPING_METHODS] },
  })
  shippingMethod!: ShippingMethod;

  /** NULL for store pickup. */
  @ForeignKey(() => Address)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'addresses', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  shippingAddressId!: number | null;

  /** When the order became paid; the day a sale counts on. */
  @Column({ type: DataType.DATE, allowNull: true })
  paidAt!: Date | null;

  /** When the order was cancelled. */
  @Column({ type: DataType.DATE, allowNull: true })
  cancelledAt!: Date | null;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger orders_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => User, 'userId')
  user?: User;

  @BelongsTo(() => Coupon, 'couponId')
  coupon?: Coupon | null;

  @BelongsTo(() => Address, 'shippingAddressId')
  shippingAddress?: Address | null;

  @HasMany(() => OrderItem, 'orderId')
  items?: OrderItem[];

  @HasMany(() => Shipment, 'orderId')
  shipments?: Shipment[];

  @HasMany(() => Payment, 'orderId')
  payments?: Payment[];

  /**
   * Seed 000's rules, kept where every status change of an instance passes: paying takes
   * each line's units from stock (per variant, never per product) and counts the coupon;
   * cancelling or failing a pending order lets its reservations go; cancelling a paid order
   * puts its units back. The effects run in the save's transaction, which is required, so a
   * status and its effects commit together or not at all. The database guards the same rules
   * at commit (orders_paid_effects_hold, orders_coupon_counted) for writes that bypass this.
   */
  @BeforeUpdate
  static async applyStatusEffects(order: Order, options: { transaction?: Transaction | null }): Promise<void> {
    if (!order.changed('status')) return;
    const from = order.previous('status') as OrderStatus;
    const to = order.status;
    if (!hasStatusEffects(from, to)) return;
    if (!options.transaction) throw new UnexpectedError(`order ${order.id}: moving from ${from} to ${to} must happen inside a transaction`);
    await applyStatusEffects(sqlOf(order.sequelize as Sequelize, options.transaction), order, from, to);
  }

  /** create(), save(), instance update() (also individual hooks of a bulk update). */
  @BeforeSave
  static keepGeneratedOutOfSave(_order: Order, options: SaveOptions<OrderAttributes>): void {
    options.fields = withoutGenerated(options.fields);
  }

  @BeforeBulkCreate
  static keepGeneratedOutOfBulkCreate(_orders: Order[], options: BulkCreateOptions<OrderAttributes>): void {
    options.fields = withoutGenerated(options.fields);
  }

  /** Static Order.update(values, { where }): the values arrive as options.attributes. */
  @BeforeBulkUpdate
  static keepGeneratedOutOfBulkUpdate(
    options: UpdateOptions<OrderAttributes> & { attributes?: Partial<OrderAttributes> },
  ): void {
    if (options.attributes) {
      for (const name of GENERATED_ATTRIBUTES) delete options.attributes[name as keyof OrderAttributes];
    }
    options.fields = withoutGenerated(options.fields);
  }
}
