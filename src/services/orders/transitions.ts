/**
 * The order state machine, in one place: the SQL function order_status_transition_allowed
 * (migration 001) defines the moves and the trigger orders_status_transition enforces them;
 * here the same function is asked first, so a refusal names the current status, the one
 * asked for and the ones that are possible. The effects of a move (stock, coupon) run in
 * the Order model's hook (effects.ts) when the order is saved.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { ORDER_STATUSES, Order, type OrderAttributes, type OrderStatus } from '../../models';

/** The order, locked for the rest of the transaction (every order use case starts here). */
export async function lockOrder(transaction: Transaction, id: number): Promise<Order> {
  const order = await Order.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
  if (!order) throw new NotFoundError(`no order ${id}`);
  return order;
}

/**
 * The function is IMMUTABLE: its answer for a status is asked once per connection pool, so
 * a process moving many orders (orders:expire, the payments benchmark) does not pay a round
 * trip per move.
 */
const asked = new WeakMap<Sequelize, Map<OrderStatus, Promise<OrderStatus[]>>>();

export async function nextStatuses(sequelize: Sequelize, from: OrderStatus, transaction?: Transaction): Promise<OrderStatus[]> {
  const known = asked.get(sequelize) ?? new Map<OrderStatus, Promise<OrderStatus[]>>();
  asked.set(sequelize, known);
  let answer = known.get(from);
  if (!answer) {
    answer = sequelize
      .query<{ status: OrderStatus }>(
        'SELECT s AS status FROM unnest(CAST(:all AS text[])) WITH ORDINALITY AS t(s, n) WHERE s <> :from AND order_status_transition_allowed(:from, s) ORDER BY n',
        { replacements: { all: `{${ORDER_STATUSES.join(',')}}`, from }, type: QueryTypes.SELECT, transaction },
      )
      .then((rows) => rows.map((row) => row.status));
    known.set(from, answer);
    // A failed question (a broken connection, an aborted transaction) is asked again next time.
    answer.catch(() => known.delete(from));
  }
  return [...(await answer)];
}

/** Refuses a move the state machine does not allow, saying what is possible instead. */
export async function assertTransition(sequelize: Sequelize, order: Order, to: OrderStatus, transaction: Transaction): Promise<void> {
  const possible = await nextStatuses(sequelize, order.status, transaction);
  if (possible.includes(to)) return;
  const options = possible.length > 0 ? `from ${order.status} it can become ${possible.join(' or ')}` : `${order.status} is final`;
  throw new RuleViolation(`order ${order.id} is ${order.status}: it cannot become ${to} (${options})`);
}

/** Moves the order (hooks apply the effects) with the fields that go with the move. */
export async function moveOrder(
  order: Order,
  to: OrderStatus,
  fields: Partial<Pick<OrderAttributes, 'paidAt' | 'paymentProvider' | 'paymentRef' | 'cancelledAt'>>,
  transaction: Transaction,
): Promise<OrderStatus> {
  const from = order.status;
  await assertTransition(order.sequelize as Sequelize, order, to, transaction);
  order.set({ ...fields, status: to });
  await order.save({ transaction });
  return from;
}
