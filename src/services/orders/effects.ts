/**
 * What a status change does besides changing the status (called by the Order model's
 * beforeUpdate hook, so it holds however the change is made through the models):
 *   pending → paid              stock taken per variant (reservations first), coupon counted
 *   pending → cancelled|failed  reservations released
 *   paid → cancelled            the units taken go back to their shelves
 * Refunds are not automatic: orders:cancel asks for them explicitly.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { UnexpectedError } from '../../lib/errors';
import type { Order, OrderStatus } from '../../models';
import { claimCoupon } from './pricing';
import { releaseStock, restockOrder, takeStock } from './stock';

export async function applyStatusEffects(order: Order, from: OrderStatus, transaction: Transaction | undefined): Promise<void> {
  const to = order.status;
  const needsEffects = (from === 'pending' && to !== 'pending') || (from === 'paid' && to === 'cancelled');
  if (!needsEffects) return;
  if (!transaction) throw new UnexpectedError(`order ${order.id}: moving from ${from} to ${to} must happen inside a transaction`);
  const sequelize = order.sequelize as Sequelize;
  const db = { sequelize, transaction };
  if (from === 'pending' && to === 'paid') {
    await takeStock(db, order.id);
    // The coupon's minimum is compared with the list total, before discounts (pricing.ts).
    if (order.couponId !== null) {
      await claimCoupon(sequelize, transaction, { couponId: order.couponId, orderTotalCents: order.totalCents, at: new Date() });
    }
  } else if (from === 'pending') {
    await releaseStock(db, order.id);
  } else {
    await restockOrder(db, order.id);
  }
}
