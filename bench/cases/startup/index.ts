/**
 * Start-up: wall time of whole `store` processes as a user waits for them (`--version`,
 * `--help`, and a report with a login on a database with orders) against `node -e 0`, the
 * floor any node program pays. Bars: `--version` ≤ 2.5 × node; a report ≤ 4 × node plus
 * the report query's own time (the service's SQL, timed in this process over a warm
 * connection).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectPlain } from '../../../src/db/sql';
import { addDays, storeClock } from '../../../src/services/reports/days';
import { salesDays, DEFAULT_DAYS } from '../../../src/services/reports/sales-by-day';
import type { BenchCase, BenchOptions } from '../../lib/case';
import { median, runNode, runStore, timed, type StoreRun } from '../../lib/measure';
import type { BenchRow } from '../../lib/report';
import { payWithSql } from '../payments/payers';
import { writeShop, type ShopFacts } from '../payments/shop';

const TEMPLATE = 'startup';

function expectOk(run: StoreRun, what: string): StoreRun {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return run;
}

export const startupCase: BenchCase = {
  id: 'startup',
  title: 'Start-up: whole store processes against node -e 0',
  async run(options: BenchOptions) {
    const { quick, server, workDir, log } = options;
    const rounds = quick ? 2 : 41;
    const orders = quick ? 200 : 5_000;
    log(`preparing a database with ${orders} orders, paid over the last ${DEFAULT_DAYS} days`);
    let facts: ShopFacts | undefined;
    await server.template(TEMPLATE, async (url) => {
      facts = await writeShop(url, { orders });
      await payWithSql(url, facts.payOrder, facts.staff.id);
    });
    const shop = facts!;
    const db = await server.fresh(TEMPLATE);
    try {
      // Spread the sales over the report's days (in the store's time zone, as the report counts).
      await db.client.query(`UPDATE orders SET paid_at = now() - (id % $1) * interval '1 day' - interval '1 hour' WHERE paid_at IS NOT NULL`, [DEFAULT_DAYS - 1]);
      await db.client.query('ANALYZE');
      const configDir = path.join(workDir, 'startup-config');
      fs.mkdirSync(configDir, { recursive: true });
      const env = { DATABASE_URL: db.url, STORE_TOKEN: shop.staffToken, STORE_CONFIG_DIR: configDir };

      // The report's own query: the service's SQL over a connection opened beforehand.
      const sql = await connectPlain(db.url);
      let queryTimes: number[] = [];
      let expectedOrders = 0;
      try {
        const clock = await storeClock(sql);
        const since = addDays(clock.today, -(DEFAULT_DAYS - 1));
        for (let i = 0; i < rounds; i++) {
          const { seconds, value } = await timed(() => salesDays(sql, { kind: 'live' }, since, clock.today));
          queryTimes.push(seconds);
          expectedOrders = value.reduce((sum, day) => sum + day.orders_count, 0);
        }
      } finally {
        await sql.close();
      }
      queryTimes = queryTimes.slice(1); // the first pays for a cold plan cache

      const samples = { node: [] as number[], version: [] as number[], help: [] as number[], report: [] as number[] };
      // A first round, not counted, so every measured run finds files in the page cache.
      await runNode(['-e', '0'], {});
      await runStore(['--version'], env);
      for (let round = 1; round <= rounds; round++) {
        samples.node.push(expectOk(await runNode(['-e', '0'], {}), 'node -e 0').seconds);
        const version = expectOk(await runStore(['--version'], env), 'store --version');
        if (!/^store\/\d/.test(version.stdout)) throw new Error(`store --version printed ${JSON.stringify(version.stdout)}`);
        samples.version.push(version.seconds);
        const help = expectOk(await runStore(['--help'], env), 'store --help');
        if (!/reports/.test(help.stdout)) throw new Error('store --help printed no topics');
        samples.help.push(help.seconds);
        const report = expectOk(await runStore(['reports:sales-by-day', '--json'], env), 'store reports:sales-by-day');
        const parsed = JSON.parse(report.stdout) as { totals: { orders_count: number } };
        if (parsed.totals.orders_count !== expectedOrders) throw new Error(`reports:sales-by-day counted ${parsed.totals.orders_count} orders, the query ${expectedOrders}`);
        samples.report.push(report.seconds);
      }
      const node = median(samples.node);
      const query = median(queryTimes);
      const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
      log(`node -e 0 ${ms(node)}, --version ${ms(median(samples.version))}, --help ${ms(median(samples.help))}, report ${ms(median(samples.report))} (query ${ms(query)})`);
      const rows: BenchRow[] = [
        {
          case: 'store --version',
          unit: 's',
          store: median(samples.version),
          baselineName: 'node -e 0',
          baseline: node,
          ratioName: 'store s ÷ node s',
          ratio: median(samples.version) / node,
          target: { op: '<=', value: 2.5 },
          samples: { store: samples.version, baseline: samples.node },
        },
        {
          case: 'store --help',
          unit: 's',
          store: median(samples.help),
          baselineName: 'node -e 0',
          baseline: node,
          ratioName: 'store s ÷ node s',
          ratio: median(samples.help) / node,
          samples: { store: samples.help, baseline: samples.node },
        },
        {
          case: `store reports:sales-by-day --json (${expectedOrders} orders in ${DEFAULT_DAYS} days)`,
          unit: 's',
          store: median(samples.report),
          baselineName: `node -e 0; query ${ms(query)}`,
          baseline: node,
          ratioName: '(store s − query s) ÷ node s',
          ratio: (median(samples.report) - query) / node,
          target: { op: '<=', value: 4 },
          samples: { store: samples.report, baseline: samples.node },
          note: `query alone (salesDays over a warm connection): ${queryTimes.map((s) => ms(s)).join(', ')}`,
        },
      ];
      return {
        id: 'startup',
        title: this.title,
        parameters: { orders: shop.orders, 'paid orders in the report': expectedOrders, rounds, statistic: 'median', 'login': 'STORE_TOKEN of a staff user' },
        rows,
      };
    } finally {
      await db.drop();
    }
  },
};
