/**
 * The order state machine, in one place: the SQL function order_status_transition_allowed
 * (migration 001) defines the moves and the trigger orders_status_transition enforces them;
 * here the same function is asked first, so a refusal names the current status, the one
 * asked for and the ones that are possible. The effects of a move (stock, coupon) are
 * effects.ts, applied by the Order model's hook when an order is saved (moves.ts) and
 * directly by payOrder, which moves the order with plain SQL.
 */
import type { Sql } from '../../db/sql';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { ORDER_STATUSES, type OrderStatus } from '../../models/vocabulary';

/** What the plain-SQL use cases (payOrder) read of the order they lock. */
export interface LockedOrder {
  id: number;
  status: OrderStatus;
  userId: number;
  couponId: number | null;
  totalCents: number;
  amountDueCents: number;
  paymentProvider: string | null;
  paymentRef: string | null;
}

/** As lockOrder, without a model instance: one statement, FOR UPDATE. */
export async function lockOrderRow(sql: Sql, id: number): Promise<LockedOrder> {
  const [order] = await sql.select<LockedOrder>(
    `SELECT id, status, user_id AS "userId", coupon_id AS "couponId", total_cents AS "totalCents", amount_due_cents AS "amountDueCents",
            payment_provider AS "paymentProvider", payment_ref AS "paymentRef"
     FROM orders WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!order) throw new NotFoundError(`no order ${id}`);
  return order;
}

/**
 * The function is IMMUTABLE and defined by a migration: its answer for a status is asked
 * once per process, so a process moving many orders (orders:expire, the payments benchmark)
 * does not pay a round trip per move.
 */
const asked = new Map<OrderStatus, Promise<OrderStatus[]>>();

export async function nextStatuses(sql: Sql, from: OrderStatus): Promise<OrderStatus[]> {
  let answer = asked.get(from);
  if (!answer) {
    answer = sql
      .select<{ status: OrderStatus }>(
        'SELECT s AS status FROM unnest(CAST($1 AS text[])) WITH ORDINALITY AS t(s, n) WHERE s <> $2 AND order_status_transition_allowed($2, s) ORDER BY n',
        [`{${ORDER_STATUSES.join(',')}}`, from],
      )
      .then((rows) => rows.map((row) => row.status));
    asked.set(from, answer);
    // A failed question (a broken connection, an aborted transaction) is asked again next time.
    answer.catch(() => asked.delete(from));
  }
  return [...(await answer)];
}

/** Refuses a move the state machine does not allow, saying what is possible instead. */
export async function assertTransition(sql: Sql, order: { id: number; status: OrderStatus }, to: OrderStatus): Promise<void> {
  const possible = await nextStatuses(sql, order.status);
  if (possible.includes(to)) return;
  const options = possible.length > 0 ? `from ${order.status} it can become ${possible.join(' or ')}` : `${order.status} is final`;
  throw new RuleViolation(`order ${order.id} is ${order.status}: it cannot become ${to} (${options})`);
}
