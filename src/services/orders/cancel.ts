/**
 * orders:cancel — a pending order lets its reservations go; a paid (not yet shipped) order
 * puts its units back on the shelves they came from and, with --refund, gives back what is
 * still refundable, all in one transaction. orders:expire cancels stale pending orders.
 */
import { sqlOf } from '../../db/sql';
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { RuleViolation } from '../../lib/errors';
import { z } from 'zod';
import { duration, reason as reasonText, validate } from '../../lib/validation';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { retryingTransaction } from '../stock/transaction';
import { lockOrderBalance, refundOrderPayments, type RefundResult } from './refunds';
import { orderId } from './schemas';
import { orderDetails, type OrderDetails } from './show';
import { lockOrder, moveOrder } from './moves';

const schema = z.object({ order: orderId, reason: reasonText, refund: z.boolean().default(false) });

export type CancelOrderInput = z.input<typeof schema>;

export interface CancelResult {
  order: OrderDetails;
  from: string;
  refund: RefundResult | null;
}

export async function cancelOrder(context: ServiceContext, raw: CancelOrderInput): Promise<CancelResult> {
  const input = validate(schema, raw, { order: 'ORDER_ID' });
  const { sequelize } = context;
  const done = await retryingTransaction(sequelize, async (transaction) => {
    const order = await lockOrder(transaction, input.order);
    await refuseWithOpenReturns(sequelize, order.id, transaction);
    const from = await moveOrder(order, 'cancelled', { cancelledAt: new Date() }, transaction);
    // --refund gives back what is still refundable; an order never paid has nothing to give.
    const refundable = input.refund ? (await lockOrderBalance(sequelize, transaction, order.id)).refundableCents : 0;
    const refund = refundable > 0
      ? await refundOrderPayments(sequelize, transaction, { orderId: order.id, amountCents: 'all', reason: input.reason, actorId: actorId(context) })
      : null;
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'orders.cancel',
      entity: 'orders',
      entityId: order.id,
      before: { status: from },
      after: { status: 'cancelled' },
      meta: { reason: input.reason, stock: from === 'paid' ? 'restocked' : 'released', refunded_cents: refund?.amountCents ?? 0 },
    });
    return { from, refund };
  });
  return { ...done, order: await orderDetails(sqlOf(sequelize), input.order) };
}

/**
 * A paid order whose goods are coming back through returns is settled by those returns
 * (and orders:refund): cancelling it too would put the same units back twice.
 */
async function refuseWithOpenReturns(sequelize: Sequelize, id: number, transaction: Transaction): Promise<void> {
  const returns = await sequelize.query<{ id: number }>(
    `SELECT r.id FROM returns r JOIN order_items i ON i.id = r.order_item_id WHERE i.order_id = :id AND r.status <> 'rejected' ORDER BY r.id`,
    { replacements: { id }, type: QueryTypes.SELECT, transaction },
  );
  if (returns.length > 0) {
    throw new RuleViolation(`order ${id} has returns (${returns.map((r) => r.id).join(', ')}) that are not rejected: settle them with returns:* and orders:refund instead of cancelling`);
  }
}

const expireSchema = z.object({ olderThan: duration.refine((seconds) => seconds >= 60, 'must be at least 1m') });

export interface ExpireResult {
  olderThanSeconds: number;
  cancelled: Array<{ id: number; createdAt: string; amountDueCents: number; releasedUnits: number }>;
}

/**
 * Cancels every pending order older than the given age, each in a transaction of its own
 * (one stuck order does not hold the others back); orders another process is working on
 * right now are skipped and left for the next run.
 */
export async function expireOrders(context: ServiceContext, raw: z.input<typeof expireSchema>): Promise<ExpireResult> {
  const input = validate(expireSchema, raw);
  const { sequelize } = context;
  const stale = await sequelize.query<{ id: number }>(
    `SELECT id FROM orders WHERE status = 'pending' AND created_at < now() - make_interval(secs => :seconds) ORDER BY id`,
    { replacements: { seconds: input.olderThan }, type: QueryTypes.SELECT },
  );
  const cancelled: ExpireResult['cancelled'] = [];
  for (const { id } of stale) {
    const done = await retryingTransaction(sequelize, async (transaction) => {
      const [row] = await sequelize.query<{ id: number }>(
        `SELECT id FROM orders WHERE id = :id AND status = 'pending' AND created_at < now() - make_interval(secs => :seconds) FOR UPDATE SKIP LOCKED`,
        { replacements: { id, seconds: input.olderThan }, type: QueryTypes.SELECT, transaction },
      );
      if (!row) return null;
      const order = await lockOrder(transaction, id);
      const [held] = await sequelize.query<{ units: number }>(
        `SELECT coalesce(sum(a.quantity), 0)::int AS units FROM stock_allocations a JOIN order_items i ON i.id = a.order_item_id WHERE i.order_id = :id AND a.status = 'reserved'`,
        { replacements: { id }, type: QueryTypes.SELECT, transaction },
      );
      await moveOrder(order, 'cancelled', { cancelledAt: new Date() }, transaction);
      await audit(sequelize, transaction, {
        actorId: actorId(context),
        action: 'orders.expire',
        entity: 'orders',
        entityId: id,
        before: { status: 'pending' },
        after: { status: 'cancelled' },
        meta: { older_than_seconds: input.olderThan, released_units: held.units },
      });
      return { id, createdAt: order.createdAt.toISOString(), amountDueCents: order.amountDueCents ?? 0, releasedUnits: held.units };
    });
    if (done) cancelled.push(done);
  }
  return { olderThanSeconds: input.olderThan, cancelled };
}
