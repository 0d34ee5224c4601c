/**
 * reports:* on a data set with known answers: orders paid on known local days (one at 23:30
 * in Santiago, which is already the next day in UTC), refunds, and orders that must not
 * count (pending, failed, cancelled after being paid). JSON and CSV shapes are checked
 * exactly; the materialized views give the same numbers as the live ones after a refresh;
 * and every report runs as a login in the read-only store_reporting role.
 */
import { expect } from 'chai';
import { Client } from 'pg';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { BUNDLE_MODULES, expectRefused, runCli, runRecorded, storeDistModules, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

interface Sale {
  user: TestUser;
  items: Array<[sku: string, quantity: number]>;
  /** When it was paid, as a timestamptz literal; undefined leaves it pending. */
  paidAt?: string;
  status?: 'pending' | 'failed' | 'paid' | 'shipped' | 'delivered' | 'cancelled';
  discountCents?: number;
  refund?: { cents: number; at: string };
}

/** Sparkline bars or ANSI escapes: what --csv and piped output must not contain. */
const decorated = (text: string) => /[▁▂▃▄▅▆▇█]/.test(text) || text.includes('\u001b[');
const SALES_HEADER = 'fecha,orders_count,total_sales_cents,refunds_cents,net_sales_cents';

describe('store reports:*', function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let staff: TestUser;
  let admin: TestUser;
  let buyer: TestUser;
  let patient: TestUser;

  /** An order written as another channel would, with its stock taken when paid: one transaction. */
  async function order(sale: Sale): Promise<number> {
    await db.query('BEGIN');
    try {
      const [{ id }] = await db.query<{ id: number }>(`INSERT INTO orders (user_id, created_at) VALUES ($1, coalesce($2::timestamptz, now())) RETURNING id::int`, [sale.user.id, sale.paidAt ?? null]);
      for (const [sku, quantity] of sale.items) {
        await db.query(
          `INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
           SELECT $1, product_id, id, $3::int, price_cents, $3::int * price_cents FROM product_variants WHERE sku = $2`,
          [id, sku, quantity],
        );
      }
      if (sale.status === 'failed') await db.query(`UPDATE orders SET status = 'failed' WHERE id = $1`, [id]);
      if (sale.paidAt && sale.status !== 'failed' && sale.status !== 'pending') {
        await db.query(
          `INSERT INTO stock_allocations (order_item_id, warehouse_id, quantity, status)
           SELECT i.id, (SELECT id FROM warehouses WHERE is_default), i.quantity, 'taken' FROM order_items i WHERE i.order_id = $1`,
          [id],
        );
        await db.query(`UPDATE orders SET discount_cents = $2, status = 'paid', paid_at = $3, payment_provider = 'test' WHERE id = $1`, [id, sale.discountCents ?? 0, sale.paidAt]);
        const [{ payment }] = await db.query<{ payment: number }>(
          `INSERT INTO payments (order_id, amount_cents, provider, status) SELECT id, amount_due_cents, 'test', 'approved' FROM orders WHERE id = $1 RETURNING id::int AS payment`,
          [id],
        );
        for (const next of { paid: [], shipped: ['shipped'], delivered: ['shipped', 'delivered'], cancelled: ['cancelled'] }[sale.status ?? 'paid'] ?? []) {
          await db.query(`UPDATE orders SET status = $2 WHERE id = $1`, [id, next]);
        }
        if (sale.refund) await db.query(`INSERT INTO refunds (payment_id, amount_cents, reason, created_at) VALUES ($1, $2, 'devolución', $3)`, [payment, sale.refund.cents, sale.refund.at]);
      }
      await db.query('COMMIT');
      return id;
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  }

  const cli = (args: string[], user: TestUser = staff, extra: Record<string, string> = {}) => runCli(args, as(user, db, extra));
  async function json<T = Record<string, unknown>>(args: string[], user: TestUser = staff, extra: Record<string, string> = {}): Promise<T> {
    const result = await cli([...args, '--json'], user, extra);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }
  const ok = (result: CliResult) => {
    expect(result.code, result.stderr).to.equal(0);
    return result;
  };

  before(async () => {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    staff = await buildUser(db, { role: 'staff' });
    admin = await buildUser(db, { role: 'admin' });
    buyer = await buildUser(db, { role: 'customer', email: 'comprador@test.cl', validatedMedicinal: true });
    patient = await buildUser(db, { role: 'customer', email: 'paciente@test.cl' });

    // Santiago is UTC-3 in November.
    // 2026-11-10: A (delivered, $9.980 - $980 discount) and B (paid at 23:30 local = 02:30 UTC on the 11th).
    await order({ user: buyer, items: [['NL-AUTO-X1', 2]], paidAt: '2026-11-10 15:00-03', status: 'delivered', discountCents: 98_000, refund: { cents: 200_000, at: '2026-11-12 23:45-03' } });
    await order({ user: buyer, items: [['AH-FEM-X1', 1]], paidAt: '2026-11-10 23:30-03' });
    // 2026-11-11: C (shipped, paid at 00:30 local); D pending; F failed; E paid then cancelled, refunded in full.
    await order({ user: buyer, items: [['CBD-FS-10ML', 1]], paidAt: '2026-11-11 00:30-03', status: 'shipped' });
    await order({ user: buyer, items: [['NL-AUTO-X1', 1]], paidAt: '2026-11-11 09:00-03', status: 'pending' });
    await order({ user: buyer, items: [['NL-AUTO-X1', 4]], paidAt: '2026-11-11 10:00-03', status: 'failed' });
    await order({ user: buyer, items: [['NL-AUTO-X1', 3]], paidAt: '2026-11-11 12:00-03', status: 'cancelled', refund: { cents: 1_497_000, at: '2026-11-12 09:00-03' } });
    // 2026-11-12: H, two lines.
    await order({ user: buyer, items: [['NL-AUTO-X1', 1], ['CBD-FS-10ML', 1]], paidAt: '2026-11-12 10:00-03' });
    // 2026-11-17, a Tuesday like the 10th: I.
    await order({ user: buyer, items: [['AH-FEM-X1', 2]], paidAt: '2026-11-17 11:00-03' });

    // Medicinal documents: the seeded customer has a fresh pending one; the patient an old
    // approved one, then a rejected one, then one pending for 50 hours.
    const doc = (status: string, age: string) =>
      db.query(
        `INSERT INTO medicinal_documents (user_id, file_url, doc_type, status, reviewed_by, valid_until, created_at)
         VALUES ($1, 'https://docs.store.test/r.pdf', 'receta', $2::text, CASE WHEN $2::text <> 'pending' THEN $3::bigint END, CASE WHEN $2::text = 'approved' THEN current_date + 30 END, now() - $4::interval)`,
        [patient.id, status, staff.id, age],
      );
    await doc('approved', '10 days');
    await doc('rejected', '5 days');
  });
  after(async () => db.close());

  const NOV_10_12 = [
    { fecha: '2026-11-10', orders_count: 2, total_sales_cents: 1_499_000, refunds_cents: 0, net_sales_cents: 1_499_000 },
    { fecha: '2026-11-11', orders_count: 1, total_sales_cents: 2_999_000, refunds_cents: 0, net_sales_cents: 2_999_000 },
    { fecha: '2026-11-12', orders_count: 1, total_sales_cents: 3_498_000, refunds_cents: 200_000, net_sales_cents: 3_298_000 },
  ];

  describe('reports:sales-by-day', () => {
    it('counts paid, shipped and delivered orders on their local day, refunds on theirs, and nothing else', async () => {
      const report = await json(['reports:sales-by-day', '--since', '2026-11-10', '--until', '2026-11-12']);
      expect(report).to.deep.equal({
        report: 'sales-by-day',
        parameters: { since: '2026-11-10', until: '2026-11-12', time_zone: 'America/Santiago' },
        source: { kind: 'live' },
        rows: NOV_10_12,
        totals: { orders_count: 4, total_sales_cents: 7_996_000, refunds_cents: 200_000, net_sales_cents: 7_796_000 },
      });
    });

    it('--csv: a header row and raw integer cents, nothing else', async () => {
      const result = ok(await cli(['reports:sales-by-day', '--since', '2026-11-10', '--days', '3', '--csv']));
      expect(result.stdout).to.equal(
        [SALES_HEADER, '2026-11-10,2,1499000,0,1499000', '2026-11-11,1,2999000,0,2999000', '2026-11-12,1,3498000,200000,3298000'].join('\r\n') + '\r\n',
      );
      expect(result.stderr).to.equal('');
    });

    it('days follow STORE_TIMEZONE: in UTC the 23:30 sale and the 23:45 refund move to the next day', async () => {
      const report = await json<{ rows: unknown[]; parameters: { time_zone: string } }>(['reports:sales-by-day', '--since', '2026-11-10', '--until', '2026-11-13'], staff, { STORE_TIMEZONE: 'UTC' });
      expect(report.parameters.time_zone).to.equal('UTC');
      expect(report.rows).to.deep.equal([
        { fecha: '2026-11-10', orders_count: 1, total_sales_cents: 900_000, refunds_cents: 0, net_sales_cents: 900_000 },
        { fecha: '2026-11-11', orders_count: 2, total_sales_cents: 3_598_000, refunds_cents: 0, net_sales_cents: 3_598_000 },
        { fecha: '2026-11-12', orders_count: 1, total_sales_cents: 3_498_000, refunds_cents: 0, net_sales_cents: 3_498_000 },
        { fecha: '2026-11-13', orders_count: 0, total_sales_cents: 0, refunds_cents: 200_000, net_sales_cents: -200_000 },
      ]);
    });

    it('agrees with view_sales_by_day', async () => {
      const view = await db.query<{ fecha: string; orders_count: number; total_sales_cents: number }>(
        `SELECT fecha::text, orders_count::int, total_sales_cents::int FROM view_sales_by_day WHERE fecha BETWEEN '2026-11-10' AND '2026-11-12' ORDER BY 1`,
      );
      expect(view).to.deep.equal(NOV_10_12.map(({ fecha, orders_count, total_sales_cents }) => ({ fecha, orders_count, total_sales_cents })));
    });

    it('an empty range exits 0: "no sales in range" for people, an empty document for machines', async () => {
      const piped = ok(await cli(['reports:sales-by-day', '--since', '2020-01-01', '--until', '2020-01-31']));
      expect(piped.stdout).to.equal('day\torders\tsales\trefunds\tnet\n');
      expect(piped.stderr).to.equal('No sales in range 2020-01-01 – 2020-01-31.\n');
      const csv = ok(await cli(['reports:sales-by-day', '--since', '2020-01-01', '--until', '2020-01-31', '--csv']));
      expect(csv.stdout).to.equal(`${SALES_HEADER}\r\n`);
      const report = await json(['reports:sales-by-day', '--since', '2020-01-01', '--until', '2020-01-31']);
      expect(report.rows).to.deep.equal([]);
      expect(report.totals).to.deep.equal({ orders_count: 0, total_sales_cents: 0, refunds_cents: 0, net_sales_cents: 0 });
    });

    it('defaults to the last 30 days up to today in the store time zone; --days N ends today', async () => {
      const [{ today, from30, from7 }] = await db.query<{ today: string; from30: string; from7: string }>(
        `SELECT store_today()::text AS today, (store_today() - 29)::text AS from30, (store_today() - 6)::text AS from7`,
      );
      expect((await json(['reports:sales-by-day'])).parameters).to.deep.equal({ since: from30, until: today, time_zone: 'America/Santiago' });
      expect((await json(['reports:sales-by-day', '--days', '7'])).parameters).to.deep.equal({ since: from7, until: today, time_zone: 'America/Santiago' });
    });

    it('refuses a range that ends before it starts (3), --until with --days (2), a bad time zone (3)', async () => {
      expectRefused(await cli(['reports:sales-by-day', '--since', '2026-11-12', '--until', '2026-11-10']), ExitCode.invalidInput, /^error: --until: 2026-11-10 is before --since 2026-11-12$/, { emptyStdout: true });
      expectRefused(await cli(['reports:sales-by-day', '--since', '2026-02-30']), ExitCode.invalidInput, /^error: --since: must be a real date/, { emptyStdout: true });
      expectRefused(await cli(['reports:sales-by-day', '--until', '2026-11-10', '--days', '3']), ExitCode.usage, /^error: .*--days/, { emptyStdout: true });
      expectRefused(await cli(['reports:sales-by-day'], staff, { STORE_TIMEZONE: 'Mars/Olympus' }), ExitCode.invalidInput, /^error: environment variable STORE_TIMEZONE: must be a time zone name/, { emptyStdout: true });
    });
    it('starts without sequelize, the models or the built-ins it has no use for (start-up time, docs/benchmarks.md)', async () => {
      const run = await runRecorded(['reports:sales-by-day', '--json'], as(staff, db));
      ok(run);
      // The store's code and pg run from the store bundle. sequelize, sequelize-typescript
      // (which every model imports) and umzug are in the orm bundle, reached through
      // dist/orm/*.js, so they would show in the first list; cli-table3 stays in
      // node_modules (scripts/bundle.js), so it would show in the second.
      expect(storeDistModules(run.modules), 'runs from the bundle').to.deep.equal(BUNDLE_MODULES);
      expect(run.modules.filter((file) => /[\\/]node_modules[\\/]cli-table3[\\/]/.test(file))).to.deep.equal([]);
      // zod runs from the bundle without its locales, which would load from node_modules if read.
      expect(run.modules.filter((file) => /[\\/]node_modules[\\/]zod[\\/]/.test(file))).to.deep.equal([]);
      // What it does use, so that the list below is read from the right process; then fetch
      // (pg's Cloudflare probe), WebCrypto (pg's SCRAM: src/db/pg-crypto.ts), readline (oclif's
      // stdin flags) and dns (pg's libpq strings), which the bundle's patches leave unloaded.
      expect(run.builtins).to.include.members(['net', 'crypto']);
      const unused = ['internal/deps/undici/undici', 'internal/crypto/webcrypto', 'readline', 'dns'];
      expect(run.builtins.filter((name) => unused.includes(name))).to.deep.equal([]);
    });
    it('under --json renders no text: no amount is formatted (es-CL\'s number format is ~10 ms of ICU)', async () => {
      const formats = async (args: string[]) => {
        const run = await runRecorded(args, as(staff, db));
        ok(run);
        return run.numberFormats;
      };
      for (const report of ['sales-by-day', 'top-products', 'daily']) {
        expect(await formats([`reports:${report}`, '--json']), `${report} --json`).to.deep.equal([]);
        // The same report as text formats its amounts: what --json must not pay for.
        expect(await formats([`reports:${report}`]), report).to.deep.equal(['es-CL']);
      }
    });
  });

  describe('reports:top-products', () => {
    const ALL = [
      { product_id: 0, product_name: 'Aceite CBD Full Spectrum', units_sold: 2, revenue_cents: 5_998_000 },
      { product_id: 0, product_name: 'Semilla Amnesia Haze Feminizada', units_sold: 3, revenue_cents: 1_797_000 },
      { product_id: 0, product_name: 'Semilla Northern Lights Auto', units_sold: 3, revenue_cents: 1_497_000 },
    ];
    let ids: Record<string, number>;
    before(async () => {
      const rows = await db.query<{ name: string; id: number }>('SELECT name, id::int FROM products');
      ids = Object.fromEntries(rows.map((r) => [r.name, r.id]));
      for (const row of ALL) row.product_id = ids[row.product_name];
    });

    it('ranks products by revenue over every sale, with totals over all of them', async () => {
      expect(await json(['reports:top-products'])).to.deep.equal({
        report: 'top-products',
        parameters: { limit: 10, since: null, until: null, category: null, time_zone: 'America/Santiago' },
        source: { kind: 'live' },
        rows: ALL,
        totals: { products: 3, units_sold: 8, revenue_cents: 9_292_000 },
      });
    });

    it('--limit lists fewer rows but the totals still cover every product', async () => {
      const report = await json<{ rows: unknown[]; totals: unknown }>(['reports:top-products', '--limit', '1']);
      expect(report.rows).to.deep.equal([ALL[0]]);
      expect(report.totals).to.deep.equal({ products: 3, units_sold: 8, revenue_cents: 9_292_000 });
    });

    it('--since/--until are local days paid: the sale at 23:30 on the 10th is not on the 11th', async () => {
      const report = await json<{ rows: unknown[] }>(['reports:top-products', '--since', '2026-11-11', '--until', '2026-11-11']);
      expect(report.rows).to.deep.equal([{ product_id: ids['Aceite CBD Full Spectrum'], product_name: 'Aceite CBD Full Spectrum', units_sold: 1, revenue_cents: 2_999_000 }]);
    });

    it('--category keeps that category and those below it; --csv is raw', async () => {
      const [{ id }] = await db.query<{ id: number }>(`INSERT INTO categories (slug, name, parent_id) SELECT 'feminizadas', 'Feminizadas', id FROM categories WHERE slug = 'semillas' RETURNING id::int`);
      await db.query(`UPDATE products SET category_id = $1 WHERE slug = 'semilla-amnesia-haze-feminizada'`, [id]);
      const result = ok(await cli(['reports:top-products', '--category', 'semillas', '--csv']));
      expect(result.stdout).to.equal(
        [
          'product_id,product_name,units_sold,revenue_cents',
          `${ids['Semilla Amnesia Haze Feminizada']},Semilla Amnesia Haze Feminizada,3,1797000`,
          `${ids['Semilla Northern Lights Auto']},Semilla Northern Lights Auto,3,1497000`,
        ].join('\r\n') + '\r\n',
      );
      const only = await json<{ rows: Array<{ product_name: string }> }>(['reports:top-products', '--category', 'feminizadas']);
      expect(only.rows.map((r) => r.product_name)).to.deep.equal(['Semilla Amnesia Haze Feminizada']);
    });

    it('report_top_products(NULL, NULL) is view_top_products', async () => {
      const sql = (from: string) => db.query(`SELECT product_id::int, product_name, units_sold::int, revenue_cents::int FROM ${from} ORDER BY product_id`);
      expect(await sql('report_top_products(NULL, NULL)')).to.deep.equal(await sql('view_top_products'));
    });

    it('refuses an unknown category (4), a bad --limit (3), and --fast with a date range (2)', async () => {
      expectRefused(await cli(['reports:top-products', '--category', 'nada']), ExitCode.notFound, /^error: no category "nada"$/, { emptyStdout: true });
      expectRefused(await cli(['reports:top-products', '--limit', '0']), ExitCode.invalidInput, /^error: --limit: must be at least 1$/, { emptyStdout: true });
      expectRefused(await cli(['reports:top-products', '--since', '2026-11-01', '--fast']), ExitCode.usage, /^error: --fast: mv_top_products holds all-time totals/, { emptyStdout: true });
    });
  });

  describe('reports:stock-low', () => {
    const LOW = [
      { product: 'Aceite CBD Full Spectrum', option_label: '30ml', stock: 2 },
      { product: 'Semilla Amnesia Haze Feminizada', option_label: 'x5', stock: 3 },
      { product: 'Flor medicinal Índica', option_label: '10g', stock: 4 },
    ];
    it('lists active variants under 5 units, fewest first, as view_stock_low does', async () => {
      const report = await json<{ parameters: unknown; rows: Array<{ variant_id: number }>; totals: unknown }>(['reports:stock-low']);
      expect(report.parameters).to.deep.equal({ threshold: 5 });
      expect(report.rows.map(({ variant_id: _, ...rest }) => rest)).to.deep.equal(LOW);
      expect(report.totals).to.deep.equal({ variants: 3, stock: 9 });
      const view = await db.query<{ variant_id: number }>('SELECT variant_id::int FROM view_stock_low ORDER BY stock');
      expect(report.rows.map((r) => r.variant_id)).to.deep.equal(view.map((r) => r.variant_id));
    });

    it('--threshold 10 adds the variants under 10; report_stock_low(5) is view_stock_low', async () => {
      const report = await json<{ rows: Array<{ option_label: string; stock: number }> }>(['reports:stock-low', '--threshold', '10']);
      expect(report.rows.map((r) => r.stock)).to.deep.equal([2, 3, 4, 8]);
      const sql = (from: string) => db.query(`SELECT * FROM ${from} ORDER BY variant_id`);
      expect(await sql('report_stock_low(5)')).to.deep.equal(await sql('view_stock_low'));
    });

    it('refuses --threshold 0 (3) and --fast above 5 (2)', async () => {
      expectRefused(await cli(['reports:stock-low', '--threshold', '0']), ExitCode.invalidInput, /^error: --threshold: must be at least 1$/, { emptyStdout: true });
      expectRefused(await cli(['reports:stock-low', '--threshold', '10', '--fast']), ExitCode.usage, /^error: --fast: mv_stock_low holds only variants under 5 units/, { emptyStdout: true });
    });
  });

  describe('reports:medicinal-status', () => {
    it('lists every customer with their latest document, none when they have none; --status filters', async () => {
      const report = await json<{ rows: Array<{ email: string; last_doc_status: string | null; last_doc_date: string | null }>; totals: unknown }>(['reports:medicinal-status']);
      const byEmail = Object.fromEntries(report.rows.map((r) => [r.email, r.last_doc_status]));
      expect(byEmail).to.deep.equal({ 'cliente@store.test': 'pending', 'paciente@test.cl': 'rejected', 'comprador@test.cl': null });
      expect(report.totals).to.deep.equal({ customers: 3, pending: 1, approved: 0, rejected: 1, none: 1 });
      // The server writes the date (to_char, UTC) exactly as Date#toISOString would: the documents'
      // created_at come from now(), with microseconds, which both truncate to milliseconds.
      const latest = await db.query<{ email: string; last_doc_date: Date | null }>('SELECT email, last_doc_date FROM view_medicinal_status');
      const expected = Object.fromEntries(latest.map((r) => [r.email, r.last_doc_date ? r.last_doc_date.toISOString() : null]));
      expect(Object.fromEntries(report.rows.map((r) => [r.email, r.last_doc_date]))).to.deep.equal(expected);
      // The same UTC text whatever the session's time zone (the test server's is UTC).
      const santiago = await json<{ rows: Array<{ email: string; last_doc_date: string | null }> }>(['reports:medicinal-status'], undefined, { PGOPTIONS: '-c TimeZone=America/Santiago' });
      expect(Object.fromEntries(santiago.rows.map((r) => [r.email, r.last_doc_date]))).to.deep.equal(expected);
      // A date no Date can hold still shows, as PostgreSQL writes it, never as no date.
      const [{ id: odd }] = await db.query<{ id: number }>(
        `INSERT INTO medicinal_documents (user_id, file_url, doc_type, status, created_at) SELECT id, 'https://docs.test/odd.pdf', 'receta', 'pending', 'infinity' FROM users WHERE email = 'comprador@test.cl' RETURNING id`,
      );
      try {
        const withOdd = await json<{ rows: Array<{ email: string; last_doc_status: string | null; last_doc_date: string | null }> }>(['reports:medicinal-status']);
        expect(withOdd.rows.find((r) => r.email === 'comprador@test.cl')).to.include({ last_doc_status: 'pending', last_doc_date: 'infinity' });
      } finally {
        await db.query('DELETE FROM medicinal_documents WHERE id = $1', [odd]);
      }
      expect((await json<{ rows: Array<{ email: string }> }>(['reports:medicinal-status', '--status', 'none'])).rows.map((r) => r.email)).to.deep.equal(['comprador@test.cl']);
      const csv = ok(await cli(['reports:medicinal-status', '--status', 'rejected', '--csv']));
      expect(csv.stdout).to.match(new RegExp(`^user_id,email,last_doc_status,last_doc_date\\r\\n${patient.id},paciente@test\\.cl,rejected,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\r\\n$`));
    });

    it('refuses an unknown --status (3)', async () => {
      expectRefused(await cli(['reports:medicinal-status', '--status', 'vigente']), ExitCode.invalidInput, /^error: --status: must be one of pending, approved, rejected, none$/, { emptyStdout: true });
    });
  });

  describe('reports:daily', () => {
    let pendingDoc: number;
    before(async () => {
      const [{ id }] = await db.query<{ id: number }>(
        `INSERT INTO medicinal_documents (user_id, file_url, doc_type, status, created_at) VALUES ($1, 'https://docs.store.test/c.pdf', 'certificado', 'pending', now() - interval '50 hours') RETURNING id::int`,
        [patient.id],
      );
      pendingDoc = id;
    });

    it('--json: the day against the same weekday last week, top 5, low stock, documents waiting over 48 h, 14 days', async () => {
      const report = await json<Record<string, unknown> & { last_14_days: Array<{ fecha: string; total_sales_cents: number }>; stock_low: unknown[]; pending_documents: Array<Record<string, unknown>> }>(['reports:daily', '--date', '2026-11-17']);
      expect(report.parameters).to.deep.equal({ date: '2026-11-17', compared_with: '2026-11-10', time_zone: 'America/Santiago' });
      expect(report.source).to.deep.equal({ kind: 'live' });
      expect(report.sales).to.deep.equal({ fecha: '2026-11-17', orders_count: 1, total_sales_cents: 1_198_000, refunds_cents: 0, net_sales_cents: 1_198_000 });
      expect(report.previous).to.deep.equal(NOV_10_12[0]);
      expect(report.change_cents).to.equal(-301_000);
      expect(report.change_percent).to.equal(-20.1);
      const [{ amnesia }] = await db.query<{ amnesia: number }>(`SELECT id::int AS amnesia FROM products WHERE slug = 'semilla-amnesia-haze-feminizada'`);
      expect(report.top_products).to.deep.equal([{ product_id: amnesia, product_name: 'Semilla Amnesia Haze Feminizada', units_sold: 2, revenue_cents: 1_198_000 }]);
      expect(report.stock_low).to.have.length(3);
      expect(report.pending_documents).to.have.length(1);
      expect(report.pending_documents[0]).to.include({ document_id: pendingDoc, user_id: patient.id, email: 'paciente@test.cl', doc_type: 'certificado', hours_waiting: 50 });
      expect(report.last_14_days).to.have.length(14);
      expect(report.last_14_days[0].fecha).to.equal('2026-11-04');
      expect(report.last_14_days.filter((d) => d.total_sales_cents > 0)).to.deep.equal([
        { fecha: '2026-11-10', total_sales_cents: 1_499_000 },
        { fecha: '2026-11-11', total_sales_cents: 2_999_000 },
        { fecha: '2026-11-12', total_sales_cents: 3_498_000 },
        { fecha: '2026-11-17', total_sales_cents: 1_198_000 },
      ]);
      expect(Object.keys(report)).to.deep.equal([
        'report', 'parameters', 'source', 'sales', 'previous', 'change_cents', 'change_percent', 'top_products', 'stock_low', 'pending_documents', 'last_14_days',
      ]);
    });

    it('--csv: one line per value, no sparkline or decoration', async () => {
      const result = ok(await cli(['reports:daily', '--date', '2026-11-17', '--csv']));
      const lines = result.stdout.split('\r\n');
      expect(lines[0]).to.equal('section,id,name,metric,value');
      expect(lines.slice(1, 11)).to.deep.equal([
        'sales,2026-11-17,day,orders_count,1',
        'sales,2026-11-17,day,total_sales_cents,1198000',
        'sales,2026-11-17,day,refunds_cents,0',
        'sales,2026-11-17,day,net_sales_cents,1198000',
        'sales,2026-11-10,same_weekday_last_week,orders_count,2',
        'sales,2026-11-10,same_weekday_last_week,total_sales_cents,1499000',
        'sales,2026-11-10,same_weekday_last_week,refunds_cents,0',
        'sales,2026-11-10,same_weekday_last_week,net_sales_cents,1499000',
        'sales,2026-11-17,change,change_cents,-301000',
        'sales,2026-11-17,change,change_percent,-20.1',
      ]);
      expect(lines).to.include(`pending_documents,${pendingDoc},paciente@test.cl,hours_waiting,50`);
      expect(lines.filter((l) => l.startsWith('last_14_days,'))).to.have.length(14);
      expect(decorated(result.stdout)).to.equal(false);
      expect(result.stderr).to.equal('');
    });

    it('reports yesterday by default; piped text has no sparkline', async () => {
      const [{ yesterday }] = await db.query<{ yesterday: string }>(`SELECT (store_today() - 1)::text AS yesterday`);
      expect((await json<{ parameters: { date: string } }>(['reports:daily'])).parameters.date).to.equal(yesterday);
      const piped = ok(await cli(['reports:daily', '--date', '2026-11-17']));
      expect(piped.stdout).to.include('Daily report for 2026-11-17 (America/Santiago)').and.include('$11.980').and.include('paciente@test.cl');
      expect(decorated(piped.stdout)).to.equal(false);
    });

    it('refuses a day after today (3)', async () => {
      expectRefused(await cli(['reports:daily', '--date', '2099-01-01']), ExitCode.invalidInput, /^error: --date: 2099-01-01 is after today/, { emptyStdout: true });
    });
  });

  describe('materialized views', () => {
    const reports: string[][] = [
      ['reports:sales-by-day', '--since', '2026-11-01', '--until', '2026-11-30'],
      ['reports:top-products'],
      ['reports:top-products', '--category', 'medicinal'],
      ['reports:stock-low'],
      ['reports:stock-low', '--threshold', '3'],
      ['reports:medicinal-status'],
      ['reports:daily', '--date', '2026-11-17'],
    ];
    const withoutSource = (report: Record<string, unknown>) => ({ ...report, source: undefined });

    it('reports:refresh refreshes every view and says how long it took; then --fast equals live, with its freshness', async () => {
      const result = ok(await cli(['reports:refresh']));
      expect(result.stdout).to.match(/Refreshed 6 materialized views concurrently \(readers were not blocked\) in \d+\.\d\d s/);
      for (const view of ['mv_sales_by_day', 'mv_refunds_by_day', 'mv_top_products', 'mv_stock_low', 'mv_medicinal_status', 'mv_freshness']) expect(result.stdout).to.include(view);
      const refreshed = await json<{ refreshed_at: string; views: unknown[]; total_milliseconds: number; time_zone: string }>(['reports:refresh'], admin);
      expect(refreshed.views).to.have.length(6);
      expect(refreshed.time_zone).to.equal('America/Santiago');
      for (const args of reports) {
        const live = await json(args.concat('--live'));
        const fast = await json<{ source: { kind: string; refreshed_at: string; age_seconds: number; time_zone: string } }>(args.concat('--fast'));
        expect(withoutSource(fast), args.join(' ')).to.deep.equal(withoutSource(live));
        expect(fast.source).to.include({ kind: 'materialized', refreshed_at: refreshed.refreshed_at, time_zone: 'America/Santiago' });
      }
    });

    it('says how fresh the data is: on stderr beside CSV, in the text otherwise', async () => {
      const csv = ok(await cli(['reports:stock-low', '--fast', '--csv']));
      expect(csv.stdout).to.match(/^variant_id,product,option_label,stock\r\n/);
      expect(csv.stderr).to.match(/^Data as of \d{4}-\d\d-\d\d \d\d:\d\d America\/Santiago \(\d+ s ago\), from the materialized views; `store reports:refresh` updates them\.\n$/);
      const text = ok(await cli(['reports:daily', '--date', '2026-11-17', '--fast']));
      expect(text.stdout).to.match(/Data as of .* from the materialized views/);
    });

    it('a sale after the refresh shows live at once and in --fast after the next refresh', async () => {
      await order({ user: buyer, items: [['NL-AUTO-X3', 1]], paidAt: '2026-11-20 12:00-03' });
      const args = ['reports:sales-by-day', '--since', '2026-11-20', '--until', '2026-11-20'];
      expect((await json<{ rows: unknown[] }>(args.concat('--live'))).rows).to.have.length(1);
      expect((await json<{ rows: unknown[] }>(args.concat('--fast'))).rows).to.have.length(0);
      ok(await cli(['reports:refresh']));
      expect((await json<{ rows: unknown[] }>(args.concat('--fast'))).rows).to.deep.equal([
        { fecha: '2026-11-20', orders_count: 1, total_sales_cents: 1_299_000, refunds_cents: 0, net_sales_cents: 1_299_000 },
      ]);
    });

    it('are read on their own above STORE_REPORTS_FAST_ROWS orders; --live overrides', async () => {
      await db.query('ANALYZE orders');
      const args = ['reports:sales-by-day', '--since', '2026-11-01', '--until', '2026-11-30'];
      expect((await json<{ source: { kind: string } }>(args, staff, { STORE_REPORTS_FAST_ROWS: '3' })).source.kind).to.equal('materialized');
      expect((await json<{ source: { kind: string } }>(args, staff, { STORE_REPORTS_FAST_ROWS: '1000' })).source.kind).to.equal('live');
      expect((await json<{ source: { kind: string } }>(args.concat('--live'), staff, { STORE_REPORTS_FAST_ROWS: '3' })).source.kind).to.equal('live');
      expectRefused(await cli(args, staff, { STORE_REPORTS_FAST_ROWS: 'many' }), ExitCode.invalidInput, /^error: environment variable STORE_REPORTS_FAST_ROWS: /, { emptyStdout: true });
    });

    it('--fast refuses views whose days are in another time zone (5); auto mode reads live then', async () => {
      const args = ['reports:sales-by-day', '--since', '2026-11-01', '--until', '2026-11-30'];
      expectRefused(await cli(args.concat('--fast'), staff, { STORE_TIMEZONE: 'UTC' }), ExitCode.ruleRefused, /^error: the materialized views count days in America\/Santiago, not UTC/, { emptyStdout: true });
      expect((await json<{ source: { kind: string } }>(args, staff, { STORE_TIMEZONE: 'UTC', STORE_REPORTS_FAST_ROWS: '0' })).source.kind).to.equal('live');
      // A bad range or day is reported before that refusal, though one statement reads both the
      // clock and the views' freshness.
      const utc = { STORE_TIMEZONE: 'UTC' };
      expectRefused(await cli(['reports:sales-by-day', '--fast', '--since', '2026-11-30', '--until', '2026-11-01'], staff, utc), ExitCode.invalidInput, /^error: --until: 2026-11-01 is before --since 2026-11-30$/, { emptyStdout: true });
      expectRefused(await cli(['reports:daily', '--fast', '--date', '2999-01-01'], staff, utc), ExitCode.invalidInput, /^error: --date: 2999-01-01 is after today/, { emptyStdout: true });
    });

    it('reports:refresh does not block readers: a report reads while the refresh waits holding its locks', async () => {
      // Another session refreshes mv_freshness and keeps its lock: store's refresh then
      // holds the other views (refreshed, not yet committed) and waits for the last one.
      const holder = new Client({ connectionString: db.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('REFRESH MATERIALIZED VIEW CONCURRENTLY mv_freshness');
        const refresh = cli(['reports:refresh']);
        const deadline = Date.now() + 30_000;
        for (;;) {
          const [{ waiting }] = await db.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'store' AND wait_event_type = 'Lock'`,
          );
          if (waiting > 0) break;
          if (Date.now() > deadline) expect.fail('reports:refresh never waited for the lock');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const started = Date.now();
        const reader = await runCli(['reports:sales-by-day', '--since', '2026-11-01', '--until', '2026-11-30', '--fast', '--json'], as(staff, db, { PGOPTIONS: '-c lock_timeout=5000' }));
        expect(reader.code, reader.stderr).to.equal(0);
        expect(Date.now() - started).to.be.below(15_000);
        await holder.query('COMMIT');
        ok(await refresh);
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        await holder.end();
      }
    });
  });

  describe('as the read-only store_reporting role', () => {
    const role = `store_cron_reports_${process.pid}`;
    let cron: Record<string, string>;
    before(async () => {
      await db.query(`DROP ROLE IF EXISTS ${role}`);
      await db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'cron-password-1' IN ROLE store_reporting`);
      const url = new URL(db.url);
      url.username = role;
      url.password = 'cron-password-1';
      cron = { DATABASE_URL: url.toString(), STORE_TOKEN: staff.token };
    });
    after(async () => db.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined));

    it('runs every report, live and fast, with the same answers as the owner', async () => {
      const runs: string[][] = [
        ['reports:sales-by-day', '--since', '2026-11-01', '--until', '2026-11-30'],
        ['reports:top-products', '--since', '2026-11-01', '--category', 'semillas'],
        ['reports:top-products', '--fast'],
        ['reports:stock-low', '--threshold', '10'],
        ['reports:stock-low', '--fast'],
        ['reports:medicinal-status', '--status', 'pending'],
        ['reports:medicinal-status', '--fast'],
        ['reports:daily', '--date', '2026-11-17'],
        ['reports:daily', '--fast'],
      ];
      for (const args of runs) {
        const result = await runCli([...args, '--json'], cron);
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
        const owner = await json<Record<string, unknown>>(args);
        const mine = JSON.parse(result.stdout) as Record<string, unknown>;
        const stable = (r: Record<string, unknown>) => ({ ...r, source: (r.source as { kind: string }).kind, pending_documents: undefined });
        expect(stable(mine), args.join(' ')).to.deep.equal(stable(owner));
      }
      ok(await runCli(['reports:sales-by-day', '--csv'], cron));
    });

    it('still checks the token: a customer is refused (6), and so is no token', async () => {
      const customer = await runCli(['reports:sales-by-day'], { ...cron, STORE_TOKEN: buyer.token });
      expectRefused(customer, ExitCode.notAllowed, /^error: reports:sales-by-day is not allowed to the customer role/, { emptyStdout: true });
      const anonymous = await runCli(['reports:sales-by-day'], { DATABASE_URL: cron.DATABASE_URL });
      expectRefused(anonymous, ExitCode.notAllowed, /needs a login/, { emptyStdout: true });
    });

    it('cannot refresh the materialized views (6): that needs their owner', async () => {
      expectRefused(await runCli(['reports:refresh'], cron), ExitCode.notAllowed, /^error: reports:refresh needs the database role that owns the materialized views \(the one that ran db:migrate\), not a read-only one$/, { emptyStdout: true });
    });
  });
});
