/**
 * What a status change does besides changing the status (called by the Order model's
 * beforeUpdate hook, so it holds however the change is made through the models):
 *   pending → paid              stock taken per variant (reservations first), coupon counted
 *   pending → cancelled|failed  reservations released
 *   paid → cancelled            the units taken go back to their shelves
 * Refunds are not automatic: orders:cancel asks for them explicitly.
 */
import type { Sql } from '../../db/sql';
import type { OrderStatus } from '../../models/vocabulary';
import { claimCoupon } from './pricing';
import { releaseStock, restockOrder, takeStock } from './stock';

/** What the effects need of the order. */
export interface MovingOrder {
  id: number;
  couponId: number | null;
  totalCents: number;
}

type Effect = (sql: Sql, order: MovingOrder, at: Date) => Promise<unknown>;

async function payEffect(sql: Sql, order: MovingOrder, at: Date): Promise<void> {
  await takeStock(sql, order.id);
  // The coupon's minimum is compared with the list total, before discounts (pricing.ts).
  if (order.couponId !== null) await claimCoupon(sql, { couponId: order.couponId, orderTotalCents: order.totalCents, at });
}

/** The one list of effects: which move does what (the table at the top of this file). */
function effectOf(from: OrderStatus, to: OrderStatus): Effect | undefined {
  if (from === 'pending' && to === 'paid') return payEffect;
  if (from === 'pending' && to !== 'pending') return (sql, order) => releaseStock(sql, order.id);
  if (from === 'paid' && to === 'cancelled') return (sql, order) => restockOrder(sql, order.id);
  return undefined;
}

/** Whether moving from `from` to `to` has effects beyond the status (the model hook then insists on a transaction). */
export function hasStatusEffects(from: OrderStatus, to: OrderStatus): boolean {
  return effectOf(from, to) !== undefined;
}

/**
 * The effects of moving `order` from `from` to `to` at instant `at` (which judges a coupon's
 * dates), inside the caller's transaction (`sql` runs in it). Called by the Order model's
 * beforeUpdate hook, and directly by the use cases that move an order with plain SQL
 * (payOrder).
 */
export async function applyStatusEffects(sql: Sql, order: MovingOrder, from: OrderStatus, to: OrderStatus, at: Date = new Date()): Promise<void> {
  await effectOf(from, to)?.(sql, order, at);
}
