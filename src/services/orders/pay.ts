/**
 * orders:pay — records a payment and, once the approved payments cover the amount due, marks
 * the order paid in the same transaction. Locks, in this order: the order row, then its
 * variants and their inventory rows (stock.ts), then the coupon. Everything re-checked under
 * those locks: medicinal eligibility, stock (reserved units first, free stock for lines
 * without a reservation), the coupon's dates and limit. A refusal changes nothing but
 * records the refused attempt (a rejected payment row and an audit entry) and exits 5.
 * A payment reference is idempotent: the same provider and --ref again is a no-op.
 *
 * Written in plain SQL over one connection (src/db/sql.ts), with no model instances: paying
 * is the hottest write path (a webhook or a clerk per payment, the payments benchmark), and
 * sequelize's instance building and save() cost more CPU than the statements themselves. The
 * move to paid applies its effects through applyStatusEffects, the function the Order model's
 * hook calls, so the effects are listed once; the database checks them again at commit.
 */
import { z } from 'zod';
import type { Sql } from '../../db/sql';
import { RuleViolation, StoreError, ValidationError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import type { PaymentProvider } from '../../models/vocabulary';
import { recordAudit } from '../audit';
import { actorId, type SqlContext } from '../context';
import { retryingSqlTransaction } from '../stock/transaction';
import { eligibilityOf } from '../users/eligibility';
import { applyStatusEffects } from './effects';
import { amountCents, orderId, paymentRef, provider } from './schemas';
import { orderDetails, type OrderDetails } from './show';
import { lockOrderRow, type LockedOrder } from './transitions';

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

export async function payOrder(context: SqlContext, raw: PayOrderInput): Promise<PayResult> {
  const input = validate(schema, raw, { order: 'ORDER_ID' });
  let attempted = 0;
  try {
    const done = await retryingSqlTransaction(context.sql, async (sql) => {
      const order = await lockOrderRow(sql, input.order);
      const facts = await paymentFacts(sql, order, input);
      if (facts.earlierOrderId !== null) {
        if (facts.earlierOrderId !== order.id) throw new RuleViolation(`${input.provider} reference ${input.ref} was already recorded for order ${facts.earlierOrderId}, not ${order.id}`);
        return { paymentId: null, outcome: 'already' as const, stillDueCents: facts.due };
      }
      if (order.status !== 'pending') {
        throw new RuleViolation(`order ${order.id} is ${order.status}: only a pending order can be paid${order.status === 'paid' ? ` (it was paid via ${order.paymentProvider}${order.paymentRef ? ` ref ${order.paymentRef}` : ''})` : ''}`);
      }
      const due = facts.due;
      const amount = input.amount ?? due;
      if (amount > due) throw new ValidationError(`--amount: ${amount} is more than the ${due} cents still due on order ${order.id}`);
      attempted = amount;
      await checkEligibility(sql, order, facts);

      const left = due - amount;
      if (left === 0) {
        // The effects take the stock and count the coupon; any refusal rolls all of it back.
        // The payment row comes after them (order, variants, inventory, coupon, then the
        // order's update and its payment), so a refusal for stock has written nothing. One
        // instant, read once the locks are held, judges the coupon's dates and is paid_at.
        // No separate state-machine check: only a pending order got here (refused above), and
        // the trigger orders_status_transition enforces the move in the UPDATE itself.
        const at = new Date();
        await applyStatusEffects(sql, order, order.status, 'paid', at);
        await sql.select(`UPDATE orders SET status = 'paid', paid_at = $4, payment_provider = $2, payment_ref = $3 WHERE id = $1`, [order.id, input.provider, input.ref ?? null, at]);
      }
      const paymentId = amount > 0 ? await insertPayment(sql, { order: order.id, amount, provider: input.provider, ref: input.ref ?? null, status: 'approved' }) : null;
      await recordAudit(sql, {
        actorId: actorId(context),
        action: left === 0 ? 'orders.pay' : 'orders.pay_partial',
        entity: 'orders',
        entityId: order.id,
        after: { status: left === 0 ? 'paid' : order.status },
        meta: { provider: input.provider, ref: input.ref ?? null, amount_cents: amount, payment_id: paymentId, still_due_cents: left },
      });
      return { paymentId, outcome: left === 0 ? ('paid' as const) : ('pending' as const), stillDueCents: left };
    });
    // Read once committed: the order's and variants' locks are not held while the card is assembled.
    return { ...done, order: await orderDetails(context.sql, input.order) };
  } catch (error) {
    if (error instanceof RuleViolation) await recordRefusal(context, input, attempted, error);
    throw error;
  }
}

interface PaymentFacts {
  /** The order an earlier payment with this provider and reference belongs to, if there is one. */
  earlierOrderId: number | null;
  /** The amount due minus what approved payments already cover. */
  due: number;
  /** The order's medicinal products, by name (null when it has none), and the buyer's email. */
  medicinalProducts: string[] | null;
  email: string;
}

/**
 * What paying depends on, read in one round trip under the order's lock: an earlier payment
 * with the same reference (idempotency), what approved payments cover (partial payments),
 * and whether the order holds medicinal products (eligibility is then asked).
 */
async function paymentFacts(sql: Sql, order: LockedOrder, input: { provider: PaymentProvider; ref?: string }): Promise<PaymentFacts> {
  const [row] = await sql.select<{ earlier: number | null; paid: string | number; products: string[] | null; email: string }>(
    `SELECT (SELECT p.order_id FROM payments p WHERE p.provider = $2 AND p.provider_ref = CAST($3 AS text)) AS earlier,
            (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p WHERE p.order_id = o.id AND p.status IN ('approved', 'partially_refunded', 'refunded')) AS paid,
            (SELECT array_agg(DISTINCT pr.name ORDER BY pr.name) FROM order_items i JOIN products pr ON pr.id = i.product_id JOIN categories c ON c.id = pr.category_id
             WHERE i.order_id = o.id AND c.is_medicinal) AS products,
            u.email
     FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1`,
    [order.id, input.provider, input.ref ?? null],
  );
  return {
    earlierOrderId: row.earlier === null ? null : Number(row.earlier),
    due: Math.max(0, Number(order.amountDueCents ?? 0) - Number(row.paid)),
    medicinalProducts: row.products,
    email: row.email,
  };
}

async function checkEligibility(sql: Sql, order: LockedOrder, facts: PaymentFacts): Promise<void> {
  if (!facts.medicinalProducts) return;
  const eligibility = await eligibilityOf(sql, order.userId);
  if (!eligibility.eligible) {
    throw new RuleViolation(`${facts.email} may no longer buy medicinal products (${facts.medicinalProducts.join(', ')}): ${eligibility.reason.replace(/^not eligible: /, '')}`);
  }
}

/** A payments row; its id. */
async function insertPayment(
  sql: Sql,
  payment: { order: number; amount: number; provider: PaymentProvider; ref: string | null; status: 'approved' | 'rejected' },
): Promise<number> {
  const [row] = await sql.select<{ id: number }>(
    'INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [payment.order, payment.amount, payment.provider, payment.ref, payment.status],
  );
  return Number(row.id);
}

/**
 * A refused payment leaves a trace in its own transaction: a rejected payments row (without
 * the provider reference, so the same reference can be retried once the cause is fixed) and
 * an audit entry with the reason.
 */
async function recordRefusal(context: SqlContext, input: { order: number; provider: PaymentProvider; ref?: string }, amount: number, error: StoreError): Promise<void> {
  try {
    await context.sql.transaction(async (sql) => {
      const exists = await sql.select('SELECT 1 FROM orders WHERE id = $1', [input.order]);
      if (exists.length === 0) return;
      if (amount > 0) await insertPayment(sql, { order: input.order, amount, provider: input.provider, ref: null, status: 'rejected' });
      await recordAudit(sql, {
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
