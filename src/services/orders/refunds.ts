/**
 * Money going back: refunds of an order's approved payments. refundOrderPayments does the
 * work inside a transaction the caller owns (orders:refund here, orders:cancel for a paid
 * order); refundOrder is the orders:refund use case around it, with the order-status rule.
 *
 * Lock order: the order row (refundOrder, orders:cancel), then its payments by ascending id.
 * Refunds rows are inserted only while their payment is locked (the refunds_within_payment
 * trigger locks it too), so two refunds of one order are computed one after the other and
 * can never together exceed what was paid.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { formatCents } from '../../lib/render';
import { id, reason, validate } from '../../lib/validation';
import type { OrderStatus, PaymentProvider, PaymentStatus } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { retryingTransaction } from '../stock/transaction';

/** Orders whose payments may be refunded (a cancelled order may have been paid). */
export const REFUNDABLE_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'delivered', 'cancelled'];

/** Payment statuses whose money reached the store: what a refund can give back. */
const MONEY_RECEIVED: readonly PaymentStatus[] = ['approved', 'partially_refunded', 'refunded'];

/** The most cents one refund may name: beyond any real order, within a JS safe integer. */
export const MAX_REFUND_CENTS = 999_999_999_999_999;

/** One payment of an order, locked, with what was already refunded on it. */
export interface PaymentBalance {
  id: number;
  provider: PaymentProvider;
  providerRef: string | null;
  status: PaymentStatus;
  amountCents: number;
  refundedCents: number;
  createdAt: Date;
}

/** What an order's payments brought in and what is left to give back. */
export interface OrderBalance {
  orderId: number;
  /** Every payment of the order, by id (pending and rejected ones included). */
  payments: PaymentBalance[];
  /** Sum of the payments whose money came in (approved, partially or fully refunded). */
  paidCents: number;
  refundedCents: number;
  /** paidCents - refundedCents */
  refundableCents: number;
}

export interface RefundMade {
  /** The refunds row. */
  id: number;
  paymentId: number;
  provider: PaymentProvider;
  providerRef: string | null;
  amountCents: number;
  paymentStatusBefore: PaymentStatus;
  paymentStatus: 'partially_refunded' | 'refunded';
  /** Everything refunded on this payment, this refund included. */
  paymentRefundedCents: number;
  paymentAmountCents: number;
}

export interface RefundResult {
  orderId: number;
  reason: string;
  /** What this call gave back: the sum of `refunds`. */
  amountCents: number;
  /** Newest payment first, as the money was taken from them. */
  refunds: RefundMade[];
  paidCents: number;
  /** Everything refunded on the order, this call included. */
  refundedCents: number;
  /** What can still be refunded afterwards. */
  refundableCents: number;
}

export interface RefundOrderPaymentsInput {
  orderId: number;
  amountCents: number | 'all';
  reason: string;
  actorId: number | null;
}


const paymentsInputSchema = z.object({
  orderId: z.number().int().positive(),
  amountCents: z.union([z.literal('all'), z.number().int('must be whole cents').min(1, 'must be at least 1 cent').max(MAX_REFUND_CENTS, 'is too large')]),
  reason,
  actorId: z.number().int().positive().nullable(),
});

const money = (cents: number) => `${formatCents(cents)} (${cents} cents)`;

/**
 * Locks the order's payments FOR UPDATE in id order and reads what each brought in and
 * what was refunded on it. Inside the caller's transaction; the order row is not read.
 */
export async function lockOrderBalance(sequelize: Sequelize, transaction: Transaction, orderId: number): Promise<OrderBalance> {
  const locked = await sequelize.query<Omit<PaymentBalance, 'refundedCents'>>(
    `SELECT id, provider, provider_ref AS "providerRef", status, amount_cents AS "amountCents", created_at AS "createdAt"
     FROM payments WHERE order_id = :orderId ORDER BY id FOR UPDATE`,
    { replacements: { orderId }, type: QueryTypes.SELECT, transaction },
  );
  const sums = locked.length
    ? await sequelize.query<{ paymentId: number; refunded: number }>(
        `SELECT payment_id AS "paymentId", sum(amount_cents)::bigint AS refunded FROM refunds WHERE payment_id IN (:ids) GROUP BY payment_id`,
        { replacements: { ids: locked.map((p) => p.id) }, type: QueryTypes.SELECT, transaction },
      )
    : [];
  const refunded = new Map(sums.map((s) => [s.paymentId, s.refunded]));
  const payments = locked.map((p) => ({ ...p, refundedCents: refunded.get(p.id) ?? 0 }));
  const received = payments.filter((p) => MONEY_RECEIVED.includes(p.status));
  const paidCents = received.reduce((sum, p) => sum + p.amountCents, 0);
  const refundedCents = received.reduce((sum, p) => sum + p.refundedCents, 0);
  return { orderId, payments, paidCents, refundedCents, refundableCents: paidCents - refundedCents };
}

/**
 * Inside the caller's transaction: refund amountCents of the order's approved payments
 * (newest payment first, spilling over to older ones); lock the order's payments FOR UPDATE
 * in id order first; insert refunds rows; set each payment's status to partially_refunded
 * or refunded; audit. Throws RuleViolation (exit 5) if the order has nothing (left) to
 * refund or amountCents exceeds what is refundable (paid minus already refunded), naming
 * both amounts. Returns the refunds made.
 *
 * It does not look at the order's status: callers decide whether the order may be refunded.
 */
export async function refundOrderPayments(sequelize: Sequelize, transaction: Transaction, input: RefundOrderPaymentsInput): Promise<RefundResult> {
  const { orderId, amountCents, reason: why, actorId: actor } = validate(paymentsInputSchema, input, { amountCents: '--amount', orderId: 'ORDER_ID' });
  const balance = await lockOrderBalance(sequelize, transaction, orderId);
  if (balance.refundableCents <= 0) {
    throw new RuleViolation(
      balance.paidCents === 0
        ? `order ${orderId} has nothing to refund: no approved payment`
        : `order ${orderId} has nothing left to refund: ${money(balance.paidCents)} paid, ${money(balance.refundedCents)} already refunded`,
    );
  }
  const wanted = amountCents === 'all' ? balance.refundableCents : amountCents;
  if (wanted > balance.refundableCents) {
    throw new RuleViolation(
      `cannot refund ${money(wanted)} on order ${orderId}: only ${money(balance.refundableCents)} is refundable (${money(balance.paidCents)} paid, ${money(balance.refundedCents)} already refunded)`,
    );
  }

  const newestFirst = balance.payments
    .filter((p) => MONEY_RECEIVED.includes(p.status) && p.amountCents > p.refundedCents)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  const refunds: RefundMade[] = [];
  let left = wanted;
  for (const payment of newestFirst) {
    if (left === 0) break;
    const amount = Math.min(left, payment.amountCents - payment.refundedCents);
    left -= amount;
    refunds.push(await refundPayment(sequelize, transaction, { orderId, payment, amount, reason: why, actor }));
  }
  return {
    orderId,
    reason: why,
    amountCents: wanted,
    refunds,
    paidCents: balance.paidCents,
    refundedCents: balance.refundedCents + wanted,
    refundableCents: balance.refundableCents - wanted,
  };
}

async function refundPayment(
  sequelize: Sequelize,
  transaction: Transaction,
  { orderId, payment, amount, reason, actor }: { orderId: number; payment: PaymentBalance; amount: number; reason: string; actor: number | null },
): Promise<RefundMade> {
  const [refund] = await sequelize.query<{ id: number }>(
    'INSERT INTO refunds (payment_id, amount_cents, reason) VALUES (:paymentId, :amount, :reason) RETURNING id',
    { replacements: { paymentId: payment.id, amount, reason }, type: QueryTypes.SELECT, transaction },
  );
  const refundedCents = payment.refundedCents + amount;
  const status = refundedCents === payment.amountCents ? 'refunded' : 'partially_refunded';
  await sequelize.query('UPDATE payments SET status = :status WHERE id = :id', { replacements: { status, id: payment.id }, transaction });
  await audit(sequelize, transaction, {
    actorId: actor,
    action: 'payments.refund',
    entity: 'payments',
    entityId: payment.id,
    before: { status: payment.status, refunded_cents: payment.refundedCents },
    after: { status, refunded_cents: refundedCents },
    meta: { order_id: orderId, refund_id: refund.id, amount_cents: amount, reason },
  });
  return {
    id: refund.id,
    paymentId: payment.id,
    provider: payment.provider,
    providerRef: payment.providerRef,
    amountCents: amount,
    paymentStatusBefore: payment.status,
    paymentStatus: status,
    paymentRefundedCents: refundedCents,
    paymentAmountCents: payment.amountCents,
  };
}

// --- orders:refund ------------------------------------------------------------------------

const wholeCents = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string()
    .trim()
    .regex(/^[0-9]{1,15}$/, 'must be a whole number of cents, like 499000 for $4.990')
    .transform(Number)
    .refine((n) => n >= 1, 'must be at least 1 cent'),
);

const refundOrderSchema = z
  .object({
    orderId: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), id),
    amount: wholeCents.optional(),
    all: z.boolean().optional(),
    reason,
  })
  .refine((input) => (input.amount === undefined) !== (input.all !== true), { path: ['amount'], message: 'give exactly one of --amount CENTS or --all' });

export type RefundOrderInput = z.input<typeof refundOrderSchema>;

export interface RefundOrderResult extends RefundResult {
  /** The order's status, unchanged by a refund. */
  orderStatus: OrderStatus;
}

/**
 * orders:refund — gives money back on a paid, shipped, delivered or cancelled order, all of
 * what is left (--all) or a part; the order's status stays as it was.
 */
export async function refundOrder(context: ServiceContext, raw: RefundOrderInput): Promise<RefundOrderResult> {
  const input = validate(refundOrderSchema, raw, { orderId: 'ORDER_ID' });
  const { sequelize } = context;
  return retryingTransaction(sequelize, async (transaction) => {
    const [order] = await sequelize.query<{ status: OrderStatus }>('SELECT status FROM orders WHERE id = :id FOR UPDATE', {
      replacements: { id: input.orderId },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (!order) throw new NotFoundError(`no order ${input.orderId}`);
    if (!REFUNDABLE_ORDER_STATUSES.includes(order.status)) {
      throw new RuleViolation(`order ${input.orderId} is ${order.status}: only ${REFUNDABLE_ORDER_STATUSES.join(', ')} orders can be refunded`);
    }
    const result = await refundOrderPayments(sequelize, transaction, {
      orderId: input.orderId,
      amountCents: input.all ? 'all' : input.amount!,
      reason: input.reason,
      actorId: actorId(context),
    });
    return { ...result, orderStatus: order.status };
  });
}
