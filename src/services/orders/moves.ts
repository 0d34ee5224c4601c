/**
 * The order use cases written over the models (cancel, ship, deliver): lock the order as a
 * model instance and move it with save(), whose beforeUpdate hook applies the move's effects
 * (effects.ts). The state machine itself is transitions.ts; payOrder moves orders with plain
 * SQL through the same check and the same effects.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { sqlOf } from '../../db/sql';
import { NotFoundError } from '../../lib/errors';
import { Order, type OrderAttributes, type OrderStatus } from '../../models';
import { assertTransition } from './transitions';

/** The order, locked for the rest of the transaction (the model-based order use cases start here). */
export async function lockOrder(transaction: Transaction, id: number): Promise<Order> {
  const order = await Order.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
  if (!order) throw new NotFoundError(`no order ${id}`);
  return order;
}

/** Moves the order (hooks apply the effects) with the fields that go with the move. */
export async function moveOrder(
  order: Order,
  to: OrderStatus,
  fields: Partial<Pick<OrderAttributes, 'paidAt' | 'paymentProvider' | 'paymentRef' | 'cancelledAt'>>,
  transaction: Transaction,
): Promise<OrderStatus> {
  const from = order.status;
  await assertTransition(sqlOf(order.sequelize as Sequelize, transaction), order, to);
  order.set({ ...fields, status: to });
  await order.save({ transaction });
  return from;
}
