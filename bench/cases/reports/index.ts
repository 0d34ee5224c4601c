/**
 * Reports at scale: each report command as a whole process (`node bin/run.js reports:… --json`,
 * logged in through STORE_TOKEN of a staff user) on 90 days of sales (1,000,000 orders,
 * 3,000,000 lines in a full run), read live (--live) and from the materialized copies
 * (--fast), against the same view query run with pg over a warm connection; and
 * `reports:refresh` against the same REFRESH statements with pg. The start-up bar of a report
 * is 4 × `node -e 0` plus its query's own time. Every command's output is checked against
 * the query's: a wrong count fails the benchmark.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { MATERIALIZED_VIEWS } from '../../../src/services/reports/refresh';
import type { BenchCase, BenchOptions } from '../../lib/case';
import { median, runNode, runStore, timed, type StoreRun } from '../../lib/measure';
import type { BenchRow } from '../../lib/report';
import { DAYS, LINES_PER_ORDER, PRODUCTS, VARIANTS_PER_PRODUCT, writeSalesHistory, type SalesHistoryFacts } from './sales-history';

const TEMPLATE = 'reports';
/** reports:sales-by-day's default range: the last 30 days up to today. */
const SALES_DAYS = 30;

type Mode = 'live' | 'fast';

interface Report {
  command: string;
  /** The view query the command runs, by pg; `$rel(view_x)` is the view or its mv_ copy. */
  sql: string;
  /** What the command's --json and the query's rows must agree on. */
  /** The range as the command computes it: the last 30 days up to the store's today, as dates. */
  ranged?: boolean;
  count(json: unknown): number;
  expected(rows: Array<Record<string, unknown>>): number;
}

const rowsOf = (json: unknown) => (json as { rows: unknown[] }).rows.length;

const REPORTS: Report[] = [
  {
    command: 'reports:sales-by-day',
    ranged: true,
    sql: `SELECT coalesce(s.fecha, r.fecha)::text AS fecha, coalesce(s.orders_count, 0)::bigint AS orders_count,
                 coalesce(s.total_sales_cents, 0)::bigint AS total_sales_cents, coalesce(r.refunds_cents, 0)::bigint AS refunds_cents,
                 (coalesce(s.total_sales_cents, 0) - coalesce(r.refunds_cents, 0))::bigint AS net_sales_cents
          FROM (SELECT * FROM $rel(view_sales_by_day) WHERE fecha BETWEEN CAST($1 AS date) AND CAST($2 AS date)) s
          FULL JOIN (SELECT * FROM $rel(view_refunds_by_day) WHERE fecha BETWEEN CAST($1 AS date) AND CAST($2 AS date)) r ON r.fecha = s.fecha
          ORDER BY 1`,
    count: (json) => (json as { totals: { orders_count: number } }).totals.orders_count,
    expected: (rows) => rows.reduce((sum, row) => sum + Number(row.orders_count), 0),
  },
  {
    command: 'reports:top-products',
    sql: `SELECT product_id, product_name, units_sold, revenue_cents FROM $rel(view_top_products) ORDER BY revenue_cents DESC, units_sold DESC, product_id`,
    count: (json) => (json as { totals: { products: number } }).totals.products,
    expected: (rows) => rows.length,
  },
  {
    command: 'reports:stock-low',
    sql: `SELECT variant_id, product, option_label, stock FROM $rel(view_stock_low) WHERE stock < 5 ORDER BY stock, product, option_label, variant_id`,
    count: rowsOf,
    expected: (rows) => rows.length,
  },
  {
    command: 'reports:medicinal-status',
    sql: `SELECT user_id, email, last_doc_status, last_doc_date FROM $rel(view_medicinal_status) ORDER BY last_doc_date DESC NULLS LAST, user_id`,
    count: rowsOf,
    expected: (rows) => rows.length,
  },
];

const sqlFor = (report: Report, mode: Mode) => report.sql.replace(/\$rel\(view_(\w+)\)/g, (_, name: string) => (mode === 'fast' ? `mv_${name}` : `view_${name}`));

function expectOk(run: StoreRun, what: string): StoreRun {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return run;
}

/** What reports:refresh runs: every materialized view, concurrently, in one REPEATABLE READ transaction. */
async function refreshWithPg(client: Client): Promise<void> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    for (const view of MATERIALIZED_VIEWS) await client.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export const reportsCase: BenchCase = {
  id: 'reports',
  title: 'Reports at scale: report commands against their view queries',
  async run(options: BenchOptions) {
    const { quick, runs, server, workDir, log } = options;
    const orders = quick ? 20_000 : 1_000_000;
    const customers = quick ? 1_000 : 20_000;
    log(`migrating the template database and generating ${orders} orders (${orders * LINES_PER_ORDER} lines) over ${DAYS} days`);
    let facts: SalesHistoryFacts | undefined;
    await server.template(TEMPLATE, async (url) => {
      facts = await writeSalesHistory(url, { orders, customers }, log);
    });
    const shop = facts!;
    log(`generated in ${shop.generateSeconds.toFixed(1)} s, checked in ${shop.verifySeconds.toFixed(1)} s`);
    // Reports only read and reports:refresh rewrites the copies with the same rows, so every
    // run reads the generated database itself: no clone of a database this size per run.
    const url = server.urlFor(`store_bench_${TEMPLATE}`);
    const configDir = path.join(workDir, 'reports-config');
    fs.mkdirSync(configDir, { recursive: true });
    const env = { DATABASE_URL: url, STORE_TOKEN: shop.staffToken, STORE_CONFIG_DIR: configDir };
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await refreshWithPg(client); // the copies were made empty by the migration

      const key = (report: Report, mode: Mode) => `${report.command} --${mode}`;
      const store = new Map<string, number[]>();
      const query = new Map<string, number[]>();
      const push = (map: Map<string, number[]>, k: string, value: number) => map.set(k, [...(map.get(k) ?? []), value]);
      const node: number[] = [];
      const refresh = { store: [] as number[], pg: [] as number[] };
      const expected = new Map<string, number>();

      // The queries first, warm: one uncounted run each for a cold cache and plan. A range is
      // given as dates, as the service gives it (computed from store_today() first).
      const {
        rows: [range],
      } = await client.query<{ since: string; until: string }>(`SELECT (store_today() - ${SALES_DAYS - 1})::text AS since, store_today()::text AS until`);
      for (const report of REPORTS) {
        for (const mode of ['live', 'fast'] as const) {
          const sql = sqlFor(report, mode);
          const values = report.ranged ? [range.since, range.until] : [];
          await client.query(sql, values);
          for (let run = 0; run < runs; run++) {
            const { seconds, value } = await timed(() => client.query(sql, values));
            push(query, key(report, mode), seconds);
            expected.set(key(report, mode), report.expected(value.rows));
          }
        }
      }
      // An uncounted first process, so every measured one finds its files in the page cache.
      await runNode(['-e', '0'], {});
      await runStore(['--version'], env);
      for (let run = 1; run <= runs; run++) {
        node.push(expectOk(await runNode(['-e', '0'], {}), 'node -e 0').seconds);
        for (const report of REPORTS) {
          for (const mode of ['live', 'fast'] as const) {
            const k = key(report, mode);
            const result = expectOk(await runStore([report.command, '--json', `--${mode}`], env), `store ${k}`);
            const counted = report.count(JSON.parse(result.stdout));
            if (counted !== expected.get(k)) throw new Error(`store ${k} counted ${counted}, the query ${expected.get(k)}`);
            push(store, k, result.seconds);
          }
        }
        // Refresh both ways, in alternating order so load hits both alike.
        const refreshes = {
          store: async () => {
            const result = expectOk(await runStore(['reports:refresh', '--json'], env), 'store reports:refresh');
            const parsed = JSON.parse(result.stdout) as { views: unknown[] };
            if (parsed.views.length !== MATERIALIZED_VIEWS.length) throw new Error(`reports:refresh refreshed ${parsed.views.length} views, not ${MATERIALIZED_VIEWS.length}`);
            refresh.store.push(result.seconds);
          },
          pg: async () => refresh.pg.push((await timed(() => refreshWithPg(client))).seconds),
        };
        for (const which of run % 2 ? (['pg', 'store'] as const) : (['store', 'pg'] as const)) await refreshes[which]();
        log(`run ${run}/${runs}: node -e 0 ${ms(node.at(-1)!)}, ${REPORTS.map((r) => `${r.command.replace('reports:', '')} ${ms(store.get(key(r, 'live'))!.at(-1)!)}/${ms(store.get(key(r, 'fast'))!.at(-1)!)}`).join(', ')} (live/fast), refresh ${ms(refresh.store.at(-1)!)} (pg ${ms(refresh.pg.at(-1)!)})`);
      }

      const nodeMedian = median(node);
      const rows: BenchRow[] = [];
      const notes: string[] = [];
      for (const report of REPORTS) {
        for (const mode of ['live', 'fast'] as const) {
          const k = key(report, mode);
          const s = median(store.get(k)!);
          const q = median(query.get(k)!);
          const bar = (s - q) / nodeMedian;
          rows.push({
            case: `store ${k} --json (${expected.get(k)} ${report.command === 'reports:sales-by-day' ? `orders in ${SALES_DAYS} days` : 'rows'})`,
            unit: 'ms',
            store: s * 1000,
            baselineName: `the view query with pg; node -e 0 ${ms(nodeMedian)}`,
            baseline: q * 1000,
            ratioName: 'store ÷ query',
            ratio: s / q,
            samples: { store: store.get(k)!.map((x) => x * 1000), baseline: query.get(k)!.map((x) => x * 1000) },
            note: `start-up bar (store − query) ÷ node = ${bar.toFixed(1)} (bar ≤ 4)`,
          });
          notes.push(`${k}: (store − query) ÷ node -e 0 = (${ms(s)} − ${ms(q)}) ÷ ${ms(nodeMedian)} = ${bar.toFixed(1)}: the start-up bar of 4 is ${bar <= 4 ? 'met' : 'NOT met'}`);
        }
      }
      const rs = median(refresh.store);
      const rp = median(refresh.pg);
      rows.push({
        case: `store reports:refresh --json (${MATERIALIZED_VIEWS.length} views)`,
        unit: 'ms',
        store: rs * 1000,
        baselineName: 'the same REFRESH … CONCURRENTLY with pg',
        baseline: rp * 1000,
        ratioName: 'store ÷ pg',
        ratio: rs / rp,
        samples: { store: refresh.store.map((x) => x * 1000), baseline: refresh.pg.map((x) => x * 1000) },
      });
      notes.push(`reports:refresh: (store − pg) ÷ node -e 0 = ${((rs - rp) / nodeMedian).toFixed(1)}`);
      return {
        id: 'reports',
        title: this.title,
        parameters: {
          orders: shop.orders,
          lines: shop.lines,
          days: DAYS,
          products: `${PRODUCTS} × ${VARIANTS_PER_PRODUCT} variants`,
          customers: shop.customers,
          'medicinal documents': shop.documents,
          refunds: shop.refunds,
          'generated in': `${shop.generateSeconds.toFixed(0)} s (set-based SQL; orders, lines, allocations and payments with triggers off, then checked in ${shop.verifySeconds.toFixed(0)} s)`,
          runs,
          statistic: 'median',
          login: 'STORE_TOKEN of a staff user',
        },
        rows,
        notes,
      };
    } finally {
      await client.end();
    }
  },
};

const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
