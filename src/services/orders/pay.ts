/**
 * orders:pay — records a payment and, once the approved payments cover the amount due, marks
 * the order paid in the same transaction. Locks, in this order: the order row, then (in the
 * model hook) its variants and their inventory rows, then the coupon. Everything re-checked
 * under those locks: medicinal eligibility, stock (reserved units first, free stock for
 * lines without a reservation), the coupon's dates and limit. A refusal changes nothing but
 * records the refused attempt (a rejected payment row and an audit entry) and exits 5.
 * A payment reference is idempotent: the same provider and --ref again is a no-op.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import { z } from 'zod';
import { RuleViolation, StoreError, ValidationError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import { Payment, type Order, type PaymentProvider } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { retryingTransaction } from '../stock/transaction';
import { medicinalEligibility } from '../users/eligibility';
import { amountCents, orderId, paymentRef, provider } from './schemas';
import { orderDetails, type OrderDetails } from './show';
import { lockOrder, moveOrder } from './transitions';

const schema = z.object({ order: orderId, provider, ref: paymentRef.optional(), amount: amountCents.optional() });

export type PayOrderInput = z.input<typeof schema>;

export interface PayResult {
  order: OrderDetails;
  /** The payment recorded now; null when nothing was recorded (a repeated reference). */
  paymentId: number | null;
  /** pending: more is due; paid: the order is paid now; already: this reference was recorded before. */
  outcome: 'paid' | 'pending' | 'already';
  stillDueCents: number;
}

export async function payOrder(context: ServiceContext, raw: PayOrderInput): Promise<PayResult> {
  const input = validate(schema, raw, { order: 'ORDER_ID' });
  const { sequelize } = context;
  let attempted = 0;
  try {
    const done = await retryingTransaction(sequelize, async (transaction) => {
      const order = await lockOrder(transaction, input.order);
      if (input.ref !== undefined) {
        const earlier = await Payment.findOne({ where: { provider: input.provider, providerRef: input.ref }, transaction });
        if (earlier) {
          if (earlier.orderId !== order.id) throw new RuleViolation(`${input.provider} reference ${input.ref} was already recorded for order ${earlier.orderId}, not ${order.id}`);
          return { paymentId: null, outcome: 'already' as const, stillDueCents: await stillDue(order, transaction) };
        }
      }
      if (order.status !== 'pending') {
        throw new RuleViolation(`order ${order.id} is ${order.status}: only a pending order can be paid${order.status === 'paid' ? ` (it was paid via ${order.paymentProvider}${order.paymentRef ? ` ref ${order.paymentRef}` : ''})` : ''}`);
      }
      const due = await stillDue(order, transaction);
      const amount = input.amount ?? due;
      if (amount > due) throw new ValidationError(`--amount: ${amount} is more than the ${due} cents still due on order ${order.id}`);
      attempted = amount;
      await checkEligibility(context, order, transaction);

      let paymentId: number | null = null;
      if (amount > 0) {
        const payment = await Payment.create({ orderId: order.id, amountCents: amount, provider: input.provider, providerRef: input.ref ?? null, status: 'approved' }, { transaction });
        paymentId = payment.id;
      }
      const left = due - amount;
      if (left === 0) {
        // The hook takes the stock and counts the coupon; any refusal rolls all of it back.
        await moveOrder(order, 'paid', { paidAt: new Date(), paymentProvider: input.provider, paymentRef: input.ref ?? null }, transaction);
      }
      await audit(sequelize, transaction, {
        actorId: actorId(context),
        action: left === 0 ? 'orders.pay' : 'orders.pay_partial',
        entity: 'orders',
        entityId: order.id,
        after: { status: order.status },
        meta: { provider: input.provider, ref: input.ref ?? null, amount_cents: amount, payment_id: paymentId, still_due_cents: left },
      });
      return { paymentId, outcome: left === 0 ? ('paid' as const) : ('pending' as const), stillDueCents: left };
    });
    // Read once committed: the order's and variants' locks are not held while the card is assembled.
    return { ...done, order: await orderDetails(sequelize, input.order) };
  } catch (error) {
    if (error instanceof RuleViolation) await recordRefusal(context, input, attempted, error);
    throw error;
  }
}

/** The amount due minus what approved payments already cover. */
async function stillDue(order: Order, transaction: Transaction): Promise<number> {
  const [row] = await order.sequelize.query<{ paid: number }>(
    `SELECT coalesce(sum(amount_cents), 0) AS paid FROM payments WHERE order_id = :id AND status IN ('approved', 'partially_refunded', 'refunded')`,
    { replacements: { id: order.id }, type: QueryTypes.SELECT, transaction },
  );
  return Math.max(0, (order.amountDueCents ?? 0) - Number(row.paid));
}

async function checkEligibility(context: ServiceContext, order: Order, transaction: Transaction): Promise<void> {
  const [row] = await context.sequelize.query<{ products: string[] | null; email: string }>(
    `SELECT (SELECT array_agg(DISTINCT p.name ORDER BY p.name) FROM order_items i JOIN products p ON p.id = i.product_id JOIN categories c ON c.id = p.category_id
             WHERE i.order_id = o.id AND c.is_medicinal) AS products, u.email
     FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = :id`,
    { replacements: { id: order.id }, type: QueryTypes.SELECT, transaction },
  );
  if (!row.products) return;
  const eligibility = await medicinalEligibility(context.sequelize, order.userId, transaction);
  if (!eligibility.eligible) {
    throw new RuleViolation(`${row.email} may no longer buy medicinal products (${row.products.join(', ')}): ${eligibility.reason.replace(/^not eligible: /, '')}`);
  }
}

/**
 * A refused payment leaves a trace in its own transaction: a rejected payments row (without
 * the provider reference, so the same reference can be retried once the cause is fixed) and
 * an audit entry with the reason.
 */
async function recordRefusal(context: ServiceContext, input: { order: number; provider: PaymentProvider; ref?: string }, amount: number, error: StoreError): Promise<void> {
  try {
    await context.sequelize.transaction(async (transaction) => {
      const exists = await context.sequelize.query('SELECT 1 FROM orders WHERE id = :id', { replacements: { id: input.order }, type: QueryTypes.SELECT, transaction });
      if (exists.length === 0) return;
      if (amount > 0) await Payment.create({ orderId: input.order, amountCents: amount, provider: input.provider, providerRef: null, status: 'rejected' }, { transaction });
      await audit(context.sequelize, transaction, {
        actorId: actorId(context),
        action: 'orders.pay_refused',
        entity: 'orders',
        entityId: input.order,
        meta: { provider: input.provider, ref: input.ref ?? null, amount_cents: amount, reason: error.message },
      });
    });
  } catch {
    // The refusal itself is what the caller must see; a failure to record it is secondary.
  }
}
