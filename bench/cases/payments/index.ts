/**
 * Payments under concurrency: 8 workers paying 5,000 pending orders that compete for 200
 * variants, through the store's use case (payOrder, as `store orders:pay` runs it) against
 * the same transaction in plain SQL with pg (the bar: at least half its orders per second).
 * Stock is 80% of what is ordered, so about a fifth of the payments must be refused; after
 * every run the books are checked and any oversell or lost unit fails the benchmark.
 */
import type { Client } from 'pg';
import type { BenchCase, BenchOptions } from '../../lib/case';
import type { BenchDatabase } from '../../lib/database';
import { median } from '../../lib/measure';
import type { BenchRow } from '../../lib/report';
import { payWithSql, payWithStore, WORKERS, type PayRun } from './payers';
import { PRODUCTS, STOCK_SHARE, VARIANTS_PER_PRODUCT, writeShop, type ShopFacts } from './shop';

const TEMPLATE = 'payments';

interface Books {
  negativeShelves: number;
  stockMismatches: number;
  paidOrders: number;
  pendingOrders: number;
  otherOrders: number;
  /** Paid orders with a line whose taken allocations differ from its quantity. */
  paidShort: number;
  /** Unpaid orders with units taken. */
  unpaidTaken: number;
  approvedPayments: number;
  sold: Map<number, number>;
  left: Map<number, number>;
}

async function books(client: Client): Promise<Books> {
  const {
    rows: [row],
  } = await client.query<Omit<Books, 'sold' | 'left'>>(`SELECT
    (SELECT count(*) FROM inventory WHERE quantity_available < 0 OR quantity_reserved < 0)::int AS "negativeShelves",
    (SELECT count(*) FROM product_variants v LEFT JOIN (SELECT variant_id, sum(quantity_available) AS total FROM inventory GROUP BY variant_id) i
       ON i.variant_id = v.id WHERE v.stock <> coalesce(i.total, 0))::int AS "stockMismatches",
    (SELECT count(*) FROM orders WHERE status = 'paid')::int AS "paidOrders",
    (SELECT count(*) FROM orders WHERE status = 'pending')::int AS "pendingOrders",
    (SELECT count(*) FROM orders WHERE status NOT IN ('paid', 'pending'))::int AS "otherOrders",
    (SELECT count(DISTINCT i.order_id) FROM order_items i JOIN orders o ON o.id = i.order_id
       LEFT JOIN (SELECT order_item_id, sum(quantity) AS taken FROM stock_allocations WHERE status = 'taken' GROUP BY order_item_id) a ON a.order_item_id = i.id
       WHERE o.status = 'paid' AND coalesce(a.taken, 0) <> i.quantity)::int AS "paidShort",
    (SELECT count(DISTINCT i.order_id) FROM order_items i JOIN orders o ON o.id = i.order_id JOIN stock_allocations a ON a.order_item_id = i.id
       WHERE o.status <> 'paid')::int AS "unpaidTaken",
    (SELECT count(*) FROM payments WHERE status = 'approved')::int AS "approvedPayments"`);
  const { rows: sold } = await client.query<{ variant: number; units: number }>(
    `SELECT i.variant_id::int AS variant, sum(a.quantity)::int AS units FROM stock_allocations a JOIN order_items i ON i.id = a.order_item_id WHERE a.status = 'taken' GROUP BY i.variant_id`,
  );
  const { rows: left } = await client.query<{ variant: number; units: number }>('SELECT id::int AS variant, stock AS units FROM product_variants');
  return { ...row, sold: new Map(sold.map((r) => [r.variant, r.units])), left: new Map(left.map((r) => [r.variant, r.units])) };
}

/** Throws, failing the benchmark, on any oversell, lost unit or miscounted order. */
async function expectBooks(client: Client, facts: ShopFacts, run: PayRun, what: string): Promise<void> {
  const b = await books(client);
  const problems: string[] = [];
  if (b.negativeShelves) problems.push(`${b.negativeShelves} inventory rows negative`);
  if (b.stockMismatches) problems.push(`${b.stockMismatches} variants whose stock is not the sum of their inventory`);
  if (run.paid + run.refused !== facts.orders) problems.push(`paid ${run.paid} + refused ${run.refused} ≠ ${facts.orders} orders`);
  if (b.paidOrders !== run.paid) problems.push(`${b.paidOrders} orders paid in the database, ${run.paid} reported`);
  if (b.pendingOrders !== run.refused) problems.push(`${b.pendingOrders} orders still pending, ${run.refused} refused`);
  if (b.otherOrders) problems.push(`${b.otherOrders} orders neither paid nor pending`);
  if (b.approvedPayments !== run.paid) problems.push(`${b.approvedPayments} approved payments for ${run.paid} paid orders`);
  if (b.paidShort) problems.push(`${b.paidShort} paid orders whose taken units differ from their lines`);
  if (b.unpaidTaken) problems.push(`${b.unpaidTaken} unpaid orders with units taken`);
  let oversold = 0;
  let lost = 0;
  for (const [variant, start] of facts.stock) {
    const sold = b.sold.get(variant) ?? 0;
    if (sold > start) oversold++;
    if (sold + (b.left.get(variant) ?? 0) !== start) lost++;
  }
  if (oversold) problems.push(`${oversold} variants sold more than their starting stock (oversell)`);
  if (lost) problems.push(`${lost} variants whose sold + left ≠ starting stock`);
  if (run.paid === 0 || run.refused === 0) problems.push(`expected both payments and refusals, got ${run.paid} paid and ${run.refused} refused`);
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}

export const paymentsCase: BenchCase = {
  id: 'payments',
  title: 'Payments under concurrency: payOrder',
  async run(options: BenchOptions) {
    const { quick, runs, server, log } = options;
    const orders = quick ? 200 : 5_000;
    log(`migrating the template database and writing ${orders} pending orders`);
    let facts: ShopFacts | undefined;
    await server.template(TEMPLATE, async (url) => {
      facts = await writeShop(url, { orders });
    });
    const shop = facts!;
    log(`${shop.orders} orders, ${shop.lines} lines, ${shop.unitsOrdered} units ordered, ${shop.totalStock} in stock`);
    const withDatabase = async <T>(fn: (db: BenchDatabase) => Promise<T>): Promise<T> => {
      const db = await server.fresh(TEMPLATE);
      try {
        return await fn(db);
      } finally {
        await db.drop();
      }
    };

    const perOrder = (r: PayRun) => `${((r.cpu.node * 1000) / shop.orders).toFixed(2)} + ${((r.cpu.server * 1000) / shop.orders).toFixed(2)} ms`;
    const samples = { store: [] as PayRun[], sql: [] as PayRun[] };
    for (let run = 1; run <= runs; run++) {
      // Side by side, in alternating order, so load on the machine hits both alike.
      const measure = {
        sql: () =>
          withDatabase(async (db) => {
            const result = await payWithSql(db.url, shop.payOrder, shop.staff.id);
            await expectBooks(db.client, shop, result, 'plain SQL');
            samples.sql.push(result);
          }),
        store: () =>
          withDatabase(async (db) => {
            const result = await payWithStore(db.url, shop.payOrder, shop.staff);
            await expectBooks(db.client, shop, result, 'payOrder');
            samples.store.push(result);
          }),
      };
      for (const which of run % 2 ? (['sql', 'store'] as const) : (['store', 'sql'] as const)) await measure[which]();
      const s = samples.store.at(-1)!;
      const q = samples.sql.at(-1)!;
      log(
        `run ${run}/${runs}: payOrder ${(shop.orders / s.seconds).toFixed(0)} orders/s (${s.paid} paid, ${s.refused} refused), ` +
          `plain SQL ${(shop.orders / q.seconds).toFixed(0)} orders/s (${q.paid} paid, ${q.refused} refused, ${q.retries} retries); ` +
          `CPU per order, node + server: store ${perOrder(s)}, plain SQL ${perOrder(q)}`,
      );
    }

    const rate = (list: PayRun[]) => list.map((r) => shop.orders / r.seconds);
    const medianRun = (list: PayRun[]) => [...list].sort((a, b) => a.seconds - b.seconds)[Math.floor((list.length - 1) / 2)];
    const storeRate = median(rate(samples.store));
    const sqlRate = median(rate(samples.sql));
    const rows: BenchRow[] = [
      {
        case: `${WORKERS} workers pay ${shop.orders} orders for ${shop.variants} variants`,
        unit: 'orders/s',
        store: storeRate,
        baselineName: 'same transaction in plain SQL (pg)',
        baseline: sqlRate,
        ratioName: 'store orders/s ÷ SQL orders/s',
        ratio: storeRate / sqlRate,
        target: { op: '>=', value: 0.5 },
        samples: { store: rate(samples.store), baseline: rate(samples.sql) },
        note:
          `paid/refused per run: store ${samples.store.map((r) => `${r.paid}/${r.refused}`).join(', ')}; SQL ${samples.sql.map((r) => `${r.paid}/${r.refused}`).join(', ')}. ` +
          `CPU per order (node + PostgreSQL, median run): store ${perOrder(medianRun(samples.store))}, plain SQL ${perOrder(medianRun(samples.sql))}`,
      },
      {
        case: 'oversold variants (books checked after every run)',
        unit: 'variants',
        store: 0,
        baselineName: 'plain SQL',
        baseline: 0,
        ratioName: 'oversold variants',
        ratio: 0,
        target: { op: '<=', value: 0 },
      },
    ];
    return {
      id: 'payments',
      title: this.title,
      parameters: {
        orders: shop.orders,
        lines: shop.lines,
        variants: `${shop.variants} (${PRODUCTS} products × ${VARIANTS_PER_PRODUCT})`,
        'units ordered': shop.unitsOrdered,
        'units in stock': `${shop.totalStock} (${STOCK_SHARE * 100}% of each variant's orders)`,
        workers: WORKERS,
        runs,
        statistic: 'median',
      },
      rows,
    };
  },
};
