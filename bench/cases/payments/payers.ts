/**
 * Two ways of paying the same orders with 8 concurrent workers: the store's use case
 * (payOrder, the code behind `store orders:pay`, over the same plain connection) and the same transaction written by hand in
 * plain SQL with pg. Both report how many orders were paid and how many refused for stock;
 * anything else (an unexpected error) fails the benchmark.
 */
import { Client } from 'pg';
import { connectPlain } from '../../../src/db/sql';
import { timedWithCpu, type CpuSplit } from '../../lib/measure';

export const WORKERS = 8;

export interface PayRun {
  seconds: number;
  paid: number;
  refused: number;
  /** Transactions tried again after a deadlock or serialization failure (plain SQL only; the store retries inside). */
  retries: number;
  /** CPU seconds this process and the database server used during the run. */
  cpu: CpuSplit;
}

/** Runs `pay` over the orders with WORKERS workers taking the next order from a shared queue. */
async function drain(orders: number[], pay: (worker: number, order: number) => Promise<'paid' | 'refused'>): Promise<{ paid: number; refused: number }> {
  let next = 0;
  let paid = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      while (next < orders.length) {
        const order = orders[next++];
        if ((await pay(worker, order)) === 'paid') paid++;
        else refused++;
      }
    }),
  );
  return { paid, refused };
}

/**
 * The store: one plain connection per worker (connectPlain, as `store orders:pay` opens), each
 * worker calling payOrder({ sql, actor }, { order, provider: 'test', ref }) as the CLI does.
 * A RuleViolation is a refusal (not enough stock); the use case then records the refused
 * attempt, as it does for the CLI. Connections and modules load before the clock.
 */
export async function payWithStore(url: string, orders: number[], actor: { id: number; email: string; name: string }): Promise<PayRun> {
  const connections = await Promise.all(Array.from({ length: WORKERS }, () => connectPlain(url)));
  const { payOrder } = require('../../../src/services/orders/pay') as typeof import('../../../src/services/orders/pay');
  const { RuleViolation } = require('../../../src/lib/errors') as typeof import('../../../src/lib/errors');
  const contexts = connections.map((sql) => ({ sql, actor: { ...actor, role: 'staff' as const, tokenId: 'bench' } }));
  try {
    const { seconds, value, cpu } = await timedWithCpu(() =>
      drain(orders, async (worker, order) => {
        try {
          const result = await payOrder(contexts[worker], { order, provider: 'test', ref: `bench-${order}` });
          if (result.outcome !== 'paid') throw new Error(`order ${order}: payOrder returned ${result.outcome}`);
          return 'paid';
        } catch (error) {
          if (error instanceof RuleViolation && /not enough stock/.test(error.message)) return 'refused';
          throw error;
        }
      }),
    );
    return { seconds, ...value, retries: 0, cpu };
  } finally {
    await Promise.all(connections.map((sql) => sql.close()));
  }
}

const RETRYABLE = new Set(['40P01', '40001']);

/**
 * The baseline: the same transaction by hand, one pg client per worker. Lock the order FOR
 * UPDATE, its variants FOR NO KEY UPDATE by id, their inventory rows FOR UPDATE; check the
 * free stock; take the units (the stock trigger keeps product_variants.stock), record them
 * as taken allocations (the deferred check refuses a paid order without them), insert the
 * payment, mark the order paid and write the audit row. Short: ROLLBACK.
 */
export async function payWithSql(url: string, orders: number[], actorId: number): Promise<PayRun> {
  const clients = await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  let retries = 0;
  const attempt = async (client: Client, order: number): Promise<'paid' | 'refused'> => {
    await client.query('BEGIN');
    try {
      const {
        rows: [head],
      } = await client.query<{ status: string; due: number }>('SELECT status, amount_due_cents::int AS due FROM orders WHERE id = $1 FOR UPDATE', [order]);
      if (!head || head.status !== 'pending') throw new Error(`order ${order} is ${head?.status ?? 'missing'}, expected pending`);
      await client.query(
        `SELECT id FROM product_variants WHERE id IN (SELECT variant_id FROM order_items WHERE order_id = $1) ORDER BY id FOR NO KEY UPDATE`,
        [order],
      );
      const { rows: shelves } = await client.query<{ id: number; warehouse_id: number; variant_id: number; free: number }>(
        `SELECT i.id::int, i.warehouse_id::int, i.variant_id::int, i.quantity_available - i.quantity_reserved AS free FROM inventory i
         WHERE i.variant_id IN (SELECT variant_id FROM order_items WHERE order_id = $1) ORDER BY i.variant_id, i.warehouse_id FOR UPDATE`,
        [order],
      );
      const { rows: lines } = await client.query<{ id: number; variant_id: number; quantity: number }>(
        'SELECT id::int, variant_id::int, quantity FROM order_items WHERE order_id = $1 ORDER BY variant_id, id',
        [order],
      );
      const take: Array<{ inventory: number; item: number; warehouse: number; quantity: number }> = [];
      for (const line of lines) {
        let missing = line.quantity;
        for (const shelf of shelves.filter((s) => s.variant_id === line.variant_id)) {
          const units = Math.min(missing, shelf.free);
          if (units <= 0) continue;
          shelf.free -= units;
          missing -= units;
          take.push({ inventory: shelf.id, item: line.id, warehouse: shelf.warehouse_id, quantity: units });
          if (missing === 0) break;
        }
        if (missing > 0) {
          await client.query('ROLLBACK');
          return 'refused';
        }
      }
      await client.query(
        `UPDATE inventory i SET quantity_available = i.quantity_available - t.quantity
         FROM (SELECT id, sum(quantity)::int AS quantity FROM unnest($1::bigint[], $2::int[]) AS u(id, quantity) GROUP BY id) t WHERE i.id = t.id`,
        [take.map((t) => t.inventory), take.map((t) => t.quantity)],
      );
      await client.query(
        `INSERT INTO stock_allocations (order_item_id, warehouse_id, quantity, status)
         SELECT item, warehouse, quantity, 'taken' FROM unnest($1::bigint[], $2::bigint[], $3::int[]) AS t(item, warehouse, quantity)`,
        [take.map((t) => t.item), take.map((t) => t.warehouse), take.map((t) => t.quantity)],
      );
      const ref = `bench-${order}`;
      const {
        rows: [payment],
      } = await client.query<{ id: number }>(`INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status) VALUES ($1, $2, 'test', $3, 'approved') RETURNING id::int`, [
        order,
        head.due,
        ref,
      ]);
      await client.query(`UPDATE orders SET status = 'paid', paid_at = now(), payment_provider = 'test', payment_ref = $2 WHERE id = $1`, [order, ref]);
      await client.query(`INSERT INTO system_logs (actor_user_id, action, entity, entity_id, meta) VALUES ($1, 'orders.pay', 'orders', $2, $3::jsonb)`, [
        actorId,
        order,
        JSON.stringify({ provider: 'test', ref, amount_cents: head.due, payment_id: payment.id, still_due_cents: 0, after: { status: 'paid' } }),
      ]);
      await client.query('COMMIT');
      return 'paid';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  try {
    const { seconds, value, cpu } = await timedWithCpu(() =>
      drain(orders, async (worker, order) => {
        for (let tries = 1; ; tries++) {
          try {
            return await attempt(clients[worker], order);
          } catch (error) {
            if (tries >= 4 || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
            retries++;
          }
        }
      }),
    );
    return { seconds, ...value, retries, cpu };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
