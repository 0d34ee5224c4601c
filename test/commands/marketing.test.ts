/**
 * coupons:* and promotions:* through the built CLI: what they write and audit, every bad
 * input refused with its exit code and one line with the database unchanged, case-insensitive
 * codes, store-time-zone dates, statuses in lists, and who may run them.
 */
import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { priceOrder } from '../../src/services/orders/pricing';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, type CliResult, expectRefused as refused } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

const expectRefused = (result: CliResult, code: number, pattern: RegExp): void => refused(result, code, pattern, { emptyStdout: true });


interface AuditRow {
  actor_user_id: number | null;
  action: string;
  entity: string;
  entity_id: number;
  meta: Record<string, unknown>;
}

/** Runs cases a few at a time (each is a process) and returns their results in order. */
async function inBatches<T>(cases: T[], run: (c: T) => Promise<CliResult>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (let i = 0; i < cases.length; i += 6) results.push(...(await Promise.all(cases.slice(i, i + 6).map(run))));
  return results;
}

type Refusal = [what: string, args: string[], code: number, pattern: RegExp];

describe('store coupons:* and promotions:*', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let customer: TestUser;

  before(async () => {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    customer = await buildUser(db, { role: 'customer' });
  });
  after(async () => db.close());
  beforeEach(async () => {
    await db.query('DELETE FROM promotion_products; DELETE FROM promotion_categories; DELETE FROM promotions; DELETE FROM coupons; DELETE FROM system_logs');
  });

  const cli = (user: TestUser, args: string[]) => runCli(args, as(user, db));
  async function json<T = Record<string, unknown>>(user: TestUser, args: string[]): Promise<T> {
    const result = await cli(user, [...args, '--json']);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }
  const audits = (action: string) =>
    db.query<AuditRow>('SELECT actor_user_id, action, entity, entity_id::int, meta FROM system_logs WHERE action = $1 ORDER BY id', [action]);
  async function refuseAll(user: TestUser, command: string, refusals: Refusal[]): Promise<void> {
    const before = await databaseChecksum(db);
    const results = await inBatches(refusals, ([, args]) => cli(user, [command, ...args]));
    refusals.forEach(([what, , code, pattern], i) => {
      expect(results[i].code, `${what}: ${results[i].stderr}`).to.equal(code);
      expectRefused(results[i], code, pattern);
    });
    expect(await databaseChecksum(db)).to.deep.equal(before);
  }

  describe('coupons:add', () => {
    it('stores the code upper-case, audits it, and says what the coupon does', async () => {
      const result = await cli(admin, ['coupons:add', '--code', 'bienvenida10', '--type', 'percent', '--percent', '10', '--usage-limit', '100']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout.trim()).to.match(/^Added coupon BIENVENIDA10 \(id \d+\): 10% off, with no end date, up to 100 uses; valid now\.$/);
      const rows = await db.query(`SELECT code, type, percent_value, value_cents, min_order_cents::int, starts_at, ends_at, usage_limit, used_count, is_active FROM coupons`);
      expect(rows).to.deep.equal([
        { code: 'BIENVENIDA10', type: 'percent', percent_value: 10, value_cents: null, min_order_cents: 0, starts_at: null, ends_at: null, usage_limit: 100, used_count: 0, is_active: true },
      ]);
      const [log] = await audits('coupons.add');
      expect(log).to.deep.include({ actor_user_id: admin.id, entity: 'coupons' });
      expect(log.meta).to.deep.equal({
        after: { code: 'BIENVENIDA10', type: 'percent', percent_value: 10, value_cents: null, min_order_cents: 0, starts_at: null, ends_at: null, usage_limit: 100, is_active: true },
      });
    });

    it('reads date-only --starts and --ends as whole days in the store time zone (JSON result)', async () => {
      const coupon = await json(admin, ['coupons:add', '--code', 'Despacho-5000', '--type', 'fixed', '--amount', '500000', '--min-order', '3000000', '--starts', '2030-12-01', '--ends', '2030-12-31']);
      expect(coupon).to.deep.include({
        code: 'DESPACHO-5000',
        type: 'fixed',
        percentValue: null,
        valueCents: 500_000,
        minOrderCents: 3_000_000,
        // Santiago is UTC-3 in December: from the first moment of Dec 1 to the end of Dec 31.
        startsAt: '2030-12-01T03:00:00.000Z',
        endsAt: '2031-01-01T03:00:00.000Z',
        usedCount: 0,
        usageLimit: null,
        isActive: true,
        status: 'scheduled',
        timeZone: 'America/Santiago',
      });
      const human = await cli(admin, ['coupons:add', '--code', 'invierno', '--type', 'percent', '--percent', '5', '--starts', '2030-06-01', '--ends', '2030-06-30', '--min-order', '2000000']);
      expect(human.stdout.trim()).to.match(
        /^Added coupon INVIERNO \(id \d+\): 5% off, orders of \$20\.000 or more, from 2030-06-01 00:00 through 2030-06-30 \(America\/Santiago\), no usage limit; scheduled now\.$/,
      );
      const [row] = await db.query(`SELECT starts_at, ends_at FROM coupons WHERE code = 'INVIERNO'`);
      expect(row).to.deep.equal({ starts_at: new Date('2030-06-01T04:00:00Z'), ends_at: new Date('2030-07-01T04:00:00Z') });
    });

    it('reads a date-time as store wall-clock time, and one with Z or an offset as that instant', async () => {
      const local = await json(admin, ['coupons:add', '--code', 'CYBER', '--type', 'percent', '--percent', '15', '--starts', '2030-06-01T09:30', '--ends', '2030-06-02 23:59:30']);
      expect(local).to.deep.include({ startsAt: '2030-06-01T13:30:00.000Z', endsAt: '2030-06-03T03:59:30.000Z' });
      const exact = await json(admin, ['coupons:add', '--code', 'FLASH', '--type', 'percent', '--percent', '20', '--starts', '2030-06-01T10:00:00Z', '--ends', '2030-06-01T12:00-03:00']);
      expect(exact).to.deep.include({ startsAt: '2030-06-01T10:00:00.000Z', endsAt: '2030-06-01T15:00:00.000Z' });
      const human = await cli(admin, ['coupons:add', '--code', 'NOCHE', '--type', 'fixed', '--amount', '100000', '--ends', '2030-06-02T21:00']);
      expect(human.stdout.trim()).to.match(/^Added coupon NOCHE \(id \d+\): \$1\.000 off, from now until 2030-06-02 21:00 \(America\/Santiago\), no usage limit; valid now\.$/);
    });

    it('refuses a code that exists in any case (5), once, and changes nothing', async () => {
      await json(admin, ['coupons:add', '--code', 'BIENVENIDA10', '--type', 'percent', '--percent', '10']);
      const [{ id }] = await db.query<{ id: number }>('SELECT id::int FROM coupons');
      await refuseAll(admin, 'coupons:add', [
        ['the same code in lower case', ['--code', 'bienvenida10', '--type', 'fixed', '--amount', '100000'], ExitCode.ruleRefused, new RegExp(`^error: coupon BIENVENIDA10 already exists \\(id ${id}\\): codes are case-insensitive; pick another code$`)],
      ]);
      expect(await db.query('SELECT count(*)::int AS n FROM coupons')).to.deep.equal([{ n: 1 }]);
      expect(await audits('coupons.add')).to.have.length(1);
    });

    const percent10 = ['--type', 'percent', '--percent', '10'];
    const refusals: Refusal[] = [
      ['no --code', [...percent10], ExitCode.usage, /^error: Missing required flag code$/],
      ['no --type', ['--code', 'X1', '--percent', '10'], ExitCode.usage, /^error: Missing required flag type$/],
      ['an unknown --type', ['--code', 'X1', '--type', 'gratis', '--percent', '10'], ExitCode.usage, /^error: Expected --type=gratis to be one of: percent, fixed$/],
      ['a code with a space', ['--code', 'hola mundo', ...percent10], ExitCode.invalidInput, /^error: --code: must be letters and digits, optionally with - or _/],
      ['a code with a symbol', ['--code', 'DIEZ%', ...percent10], ExitCode.invalidInput, /^error: --code: must be letters and digits/],
      ['a 41-character code', ['--code', 'A'.repeat(41), ...percent10], ExitCode.invalidInput, /^error: --code: must be at most 40 characters$/],
      ['an empty code', ['--code', ' ', ...percent10], ExitCode.invalidInput, /^error: --code: must not be empty$/],
      ['percent without --percent', ['--code', 'X1', '--type', 'percent'], ExitCode.invalidInput, /^error: --percent: is required with --type percent$/],
      ['percent with --amount', ['--code', 'X1', ...percent10, '--amount', '5000'], ExitCode.invalidInput, /^error: --amount: is for --type fixed; use --percent with --type percent$/],
      ['fixed without --amount', ['--code', 'X1', '--type', 'fixed'], ExitCode.invalidInput, /^error: --amount: is required with --type fixed \(cents of a peso: 500000 = \$5\.000\)$/],
      ['fixed with --percent', ['--code', 'X1', '--type', 'fixed', '--amount', '5000', '--percent', '5'], ExitCode.invalidInput, /^error: --percent: is for --type percent; use --amount with --type fixed$/],
      ['--percent 0', ['--code', 'X1', '--type', 'percent', '--percent', '0'], ExitCode.invalidInput, /^error: --percent: must be between 1 and 100$/],
      ['--percent 101', ['--code', 'X1', '--type', 'percent', '--percent', '101'], ExitCode.invalidInput, /^error: --percent: must be between 1 and 100$/],
      ['--percent 12.5', ['--code', 'X1', '--type', 'percent', '--percent', '12.5'], ExitCode.invalidInput, /^error: --percent: must be a whole number$/],
      ['--amount 0', ['--code', 'X1', '--type', 'fixed', '--amount', '0'], ExitCode.invalidInput, /^error: --amount: must be between 1 and 9007199254740991$/],
      ['--amount in pesos with a dot', ['--code', 'X1', '--type', 'fixed', '--amount', '$5.000'], ExitCode.invalidInput, /^error: --amount: must be a whole number$/],
      ['a negative --min-order', ['--code', 'X1', ...percent10, '--min-order', '-1'], ExitCode.invalidInput, /^error: --min-order: must be a whole number$/],
      ['--usage-limit 0', ['--code', 'X1', ...percent10, '--usage-limit', '0'], ExitCode.invalidInput, /^error: --usage-limit: must be between 1 and 2147483647$/],
      ['--usage-limit too large', ['--code', 'X1', ...percent10, '--usage-limit', '99999999999'], ExitCode.invalidInput, /^error: --usage-limit: must be between 1 and 2147483647$/],
      ['a day that does not exist', ['--code', 'X1', ...percent10, '--starts', '2030-02-30'], ExitCode.invalidInput, /^error: --starts: must be a date YYYY-MM-DD or a date-time/],
      ['a date in another format', ['--code', 'X1', ...percent10, '--ends', '31/12/2030'], ExitCode.invalidInput, /^error: --ends: must be a date YYYY-MM-DD or a date-time/],
      ['an hour 25', ['--code', 'X1', ...percent10, '--ends', '2030-12-31T25:00'], ExitCode.invalidInput, /^error: --ends: must be a date YYYY-MM-DD or a date-time/],
      ['--ends before --starts', ['--code', 'X1', ...percent10, '--starts', '2030-12-31', '--ends', '2030-12-01'], ExitCode.invalidInput, /^error: --ends: must be after --starts$/],
      ['--ends equal to --starts', ['--code', 'X1', ...percent10, '--starts', '2030-12-01T00:00', '--ends', '2030-12-01T00:00'], ExitCode.invalidInput, /^error: --ends: must be after --starts$/],
      ['--ends already past', ['--code', 'X1', ...percent10, '--ends', '2020-01-31'], ExitCode.invalidInput, /^error: --ends: 2020-01-31 has already passed \(it ends 2020-02-01 00:00 America\/Santiago\)$/],
    ];
    it(`refuses ${refusals.length} kinds of bad input, each with its exit code and one line, writing nothing`, async () => {
      await refuseAll(admin, 'coupons:add', refusals);
    });
  });

  describe('coupons:list and coupons:disable', () => {
    /** One coupon in each status (the past ones written straight to the table: coupons:add refuses them). */
    async function everyStatus(): Promise<void> {
      await db.query(`
        INSERT INTO coupons (code, type, percent_value, value_cents, min_order_cents, starts_at, ends_at, usage_limit, used_count, is_active) VALUES
          ('VALIDO', 'percent', 10, NULL, 0, now() - interval '1 day', now() + interval '1 day', 5, 2, true),
          ('FUTURO', 'fixed', NULL, 500000, 2000000, '2030-12-01T03:00:00Z', NULL, NULL, 0, true),
          ('VENCIDO', 'percent', 5, NULL, 0, NULL, now() - interval '1 hour', NULL, 7, true),
          ('AGOTADO', 'percent', 5, NULL, 0, NULL, NULL, 3, 3, true),
          ('APAGADO', 'percent', 5, NULL, 0, NULL, NULL, NULL, 0, false)`);
    }

    it('lists every coupon by code with its uses, dates and status; --active keeps the usable ones', async () => {
      await everyStatus();
      const list = await json<{ timeZone: string; coupons: Array<Record<string, unknown>> }>(staff, ['coupons:list']);
      expect(list.timeZone).to.equal('America/Santiago');
      expect(list.coupons.map((c) => [c.code, c.status, c.usedCount, c.usageLimit])).to.deep.equal([
        ['AGOTADO', 'exhausted', 3, 3],
        ['APAGADO', 'disabled', 0, null],
        ['FUTURO', 'scheduled', 0, null],
        ['VALIDO', 'valid', 2, 5],
        ['VENCIDO', 'expired', 7, null],
      ]);
      expect(list.coupons[2]).to.deep.include({ type: 'fixed', valueCents: 500_000, percentValue: null, minOrderCents: 2_000_000, startsAt: '2030-12-01T03:00:00.000Z', endsAt: null });
      const active = await json<{ coupons: Array<{ code: string }> }>(staff, ['coupons:list', '--active']);
      expect(active.coupons.map((c) => c.code)).to.deep.equal(['VALIDO']);
    });

    it('prints CSV with raw values, and a piped table with pesos and store times', async () => {
      await everyStatus();
      const csv = await cli(staff, ['coupons:list', '--csv']);
      expect(csv.code, csv.stderr).to.equal(0);
      const lines = csv.stdout.split('\r\n');
      expect(lines[0]).to.equal('id,code,type,percentValue,valueCents,minOrderCents,startsAt,endsAt,usedCount,usageLimit,status');
      expect(lines[3]).to.match(/^\d+,FUTURO,fixed,,500000,2000000,2030-12-01T03:00:00\.000Z,,0,,scheduled$/);
      const piped = await cli(staff, ['coupons:list']);
      const table = piped.stdout.split('\n');
      expect(table[0]).to.equal('id\tcode\ttype\tpercent\tamount\tmin order\tstarts (America/Santiago)\tends\tused\tlimit\tstatus');
      expect(table[3]).to.match(/^\d+\tFUTURO\tfixed\t\t\$5\.000\t\$20\.000\t2030-12-01 00:00\t\t0 \(no limit\)\t\tscheduled$/);
      expect(table[4]).to.match(/^\d+\tVALIDO\tpercent\t10%\t\t\$0\t.*\t2 of 5\t5\tvalid$/);
    });

    it('says so when there are none', async () => {
      const result = await cli(staff, ['coupons:list']);
      expect(result.code).to.equal(0);
      expect(result.stderr.trim()).to.equal('No coupons yet: add one with `store coupons:add`.');
    });

    it('disables a coupon named in any case, audited; a second time changes nothing', async () => {
      await everyStatus();
      const result = await cli(admin, ['coupons:disable', 'valido']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout.trim()).to.equal('Disabled coupon VALIDO: it can no longer be used (2 uses were counted).');
      expect(await db.query(`SELECT is_active, used_count FROM coupons WHERE code = 'VALIDO'`)).to.deep.equal([{ is_active: false, used_count: 2 }]);
      const [log] = await audits('coupons.disable');
      expect(log).to.deep.include({ actor_user_id: admin.id, entity: 'coupons' });
      expect(log.meta).to.deep.equal({ code: 'VALIDO', used_count: 2, before: { is_active: true }, after: { is_active: false } });

      const again = await json(admin, ['coupons:disable', 'VALIDO']);
      expect(again).to.deep.include({ code: 'VALIDO', status: 'disabled', changed: false });
      expect(await audits('coupons.disable')).to.have.length(1);
    });

    it('refuses an unknown code (4) and a malformed one (3), writing nothing', async () => {
      await everyStatus();
      await refuseAll(admin, 'coupons:disable', [
        ['an unknown code', ['nadie'], ExitCode.notFound, /^error: no coupon "NADIE"$/],
        ['a malformed code', ['no válido'], ExitCode.invalidInput, /^error: CODE: must be letters and digits/],
        ['no code', [], ExitCode.usage, /^error: Missing 1 required arg/],
      ]);
    });
  });

  describe('promotions:add', () => {
    const period = ['--starts', '2030-12-01', '--ends', '2030-12-31'];

    it('adds a product promotion with its products, audited', async () => {
      const promotion = await json(admin, [
        'promotions:add', '--name', 'Aceite y flor -15%', '--applies-to', 'product', '--percent', '15', ...period,
        '--product', 'aceite-cbd-full-spectrum', '--product', 'FLOR-MEDICINAL-INDICA', '--product', 'aceite-cbd-full-spectrum',
      ]);
      expect(promotion).to.deep.include({
        name: 'Aceite y flor -15%',
        appliesTo: 'product',
        percentOff: 15,
        startsAt: '2030-12-01T03:00:00.000Z',
        endsAt: '2031-01-01T03:00:00.000Z',
        isActive: true,
        status: 'scheduled',
        products: ['aceite-cbd-full-spectrum', 'flor-medicinal-indica'],
        categories: [],
        timeZone: 'America/Santiago',
      });
      expect(await db.query('SELECT p.slug FROM promotion_products pp JOIN products p ON p.id = pp.product_id ORDER BY 1')).to.deep.equal([
        { slug: 'aceite-cbd-full-spectrum' },
        { slug: 'flor-medicinal-indica' },
      ]);
      const [log] = await audits('promotions.add');
      expect(log).to.deep.include({ actor_user_id: admin.id, entity: 'promotions', entity_id: promotion.id });
      expect(log.meta).to.deep.equal({
        after: { name: 'Aceite y flor -15%', applies_to: 'product', percent_off: 15, starts_at: '2030-12-01T03:00:00.000Z', ends_at: '2031-01-01T03:00:00.000Z', products: ['aceite-cbd-full-spectrum', 'flor-medicinal-indica'], categories: [] },
      });
    });

    it('adds category and order promotions, and says what each covers', async () => {
      const category = await cli(admin, ['promotions:add', '--name', 'Cyber Semillas', '--applies-to', 'category', '--category', 'semillas', '--percent', '20', ...period]);
      expect(category.stdout.trim()).to.match(
        /^Added promotion \d+ "Cyber Semillas": 20% off categories semillas and below, from 2030-12-01 00:00 through 2030-12-31 \(America\/Santiago\); scheduled now\.$/,
      );
      const order = await json(admin, ['promotions:add', '--name', 'Navidad', '--applies-to', 'order', '--percent', '5', '--starts', '2020-01-01', '--ends', '2099-12-31']);
      expect(order).to.deep.include({ appliesTo: 'order', products: [], categories: [], status: 'active' });
      expect(await db.query('SELECT c.slug FROM promotion_categories pc JOIN categories c ON c.id = pc.category_id')).to.deep.equal([{ slug: 'semillas' }]);
      expect(await audits('promotions.add')).to.have.length(2);
    });

    it('a category promotion added here discounts the products of that category when an order is priced', async () => {
      await json(admin, ['promotions:add', '--name', 'Medicinal 30%', '--applies-to', 'category', '--category', 'medicinal', '--percent', '30', '--starts', '2020-01-01', '--ends', '2099-12-31']);
      const [flor] = await db.query<{ variantId: number; productId: number; categoryId: number; unitPriceCents: number }>(
        `SELECT v.id::int AS "variantId", p.id::int AS "productId", p.category_id::int AS "categoryId", v.price_cents::int AS "unitPriceCents"
         FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.sku = 'FLOR-IND-1G'`,
      );
      const sequelize = await db.sequelize();
      const quote = await sequelize.transaction((t) => priceOrder(sequelize, t, { lines: [{ ...flor, quantity: 2 }], shippingMethod: 'chilexpress', at: new Date() }));
      expect(quote).to.deep.include({ totalCents: 1_998_000, promotionDiscountCents: 599_400, discountCents: 599_400, amountDueCents: 1_998_000 - 599_400 + 499_000 });
    });

    const base = ['--name', 'Promo', '--percent', '10', ...period];
    const refusals: Refusal[] = [
      ['no --name', ['--applies-to', 'order', '--percent', '10', ...period], ExitCode.usage, /^error: Missing required flag name$/],
      ['no --starts', ['--name', 'P', '--applies-to', 'order', '--percent', '10', '--ends', '2030-12-31'], ExitCode.usage, /^error: Missing required flag starts$/],
      ['an unknown --applies-to', [...base, '--applies-to', 'tienda'], ExitCode.usage, /^error: Expected --applies-to=tienda to be one of: product, category, order$/],
      ['a product promotion without --product', [...base, '--applies-to', 'product'], ExitCode.invalidInput, /^error: --product: a product promotion needs at least one --product SLUG$/],
      ['a category promotion without --category', [...base, '--applies-to', 'category'], ExitCode.invalidInput, /^error: --category: a category promotion needs at least one --category SLUG$/],
      ['a product promotion with --category', [...base, '--applies-to', 'product', '--product', 'flor-medicinal-indica', '--category', 'semillas'], ExitCode.invalidInput, /^error: --category: is only for --applies-to category \(this one applies to product\)$/],
      ['an order promotion with --product', [...base, '--applies-to', 'order', '--product', 'flor-medicinal-indica'], ExitCode.invalidInput, /^error: --product: is only for --applies-to product \(this one applies to order\)$/],
      ['an empty --product', [...base, '--applies-to', 'product', '--product', ' '], ExitCode.invalidInput, /^error: --product: must not be empty$/],
      ['an unknown product', [...base, '--applies-to', 'product', '--product', 'flor-medicinal-indica', '--product', 'no-existe'], ExitCode.notFound, /^error: no product "no-existe"$/],
      ['an unknown category', [...base, '--applies-to', 'category', '--category', 'accesorios'], ExitCode.notFound, /^error: no category "accesorios"$/],
      ['--percent 0', ['--name', 'P', '--applies-to', 'order', '--percent', '0', ...period], ExitCode.invalidInput, /^error: --percent: must be between 1 and 100$/],
      ['--percent diez', ['--name', 'P', '--applies-to', 'order', '--percent', 'diez', ...period], ExitCode.invalidInput, /^error: --percent: must be a whole number$/],
      ['an empty name', ['--name', '  ', '--applies-to', 'order', '--percent', '10', ...period], ExitCode.invalidInput, /^error: --name: must not be empty$/],
      ['a 121-character name', ['--name', 'n'.repeat(121), '--applies-to', 'order', '--percent', '10', ...period], ExitCode.invalidInput, /^error: --name: must be at most 120 characters$/],
      ['--ends before --starts', ['--name', 'P', '--applies-to', 'order', '--percent', '10', '--starts', '2030-12-31', '--ends', '2030-12-30T23:00'], ExitCode.invalidInput, /^error: --ends: must be after --starts$/],
      ['--ends already past', ['--name', 'P', '--applies-to', 'order', '--percent', '10', '--starts', '2020-01-01', '--ends', '2020-06-30'], ExitCode.invalidInput, /^error: --ends: 2020-06-30 has already passed/],
      ['a bad date', ['--name', 'P', '--applies-to', 'order', '--percent', '10', '--starts', 'mañana', '--ends', '2030-12-31'], ExitCode.invalidInput, /^error: --starts: must be a date YYYY-MM-DD or a date-time/],
    ];
    it(`refuses ${refusals.length} kinds of bad input, each with its exit code and one line, writing nothing`, async () => {
      await refuseAll(admin, 'promotions:add', refusals);
    });
  });

  describe('promotions:list and promotions:disable', () => {
    async function everyStatus(): Promise<Record<string, number>> {
      const rows = await db.query<{ id: number; name: string }>(`
        INSERT INTO promotions (name, applies_to, percent_off, starts_at, ends_at, is_active) VALUES
          ('Vigente', 'category', 20, now() - interval '1 day', now() + interval '1 day', true),
          ('Futura', 'order', 5, '2030-12-01T03:00:00Z', '2031-01-01T03:00:00Z', true),
          ('Pasada', 'order', 10, now() - interval '10 days', now() - interval '1 day', true),
          ('Apagada', 'order', 50, now() - interval '1 day', now() + interval '1 day', false)
        RETURNING id::int, name`);
      const ids = Object.fromEntries(rows.map((r) => [r.name, r.id]));
      await db.query(`INSERT INTO promotion_categories (promotion_id, category_id) SELECT $1, id FROM categories WHERE slug IN ('semillas', 'medicinal')`, [ids.Vigente]);
      return ids;
    }

    it('lists promotions oldest first with targets and status; --active keeps those running', async () => {
      await everyStatus();
      const list = await json<{ timeZone: string; promotions: Array<Record<string, unknown>> }>(staff, ['promotions:list']);
      expect(list.promotions.map((p) => [p.name, p.status, p.categories])).to.deep.equal([
        ['Vigente', 'active', ['medicinal', 'semillas']],
        ['Futura', 'scheduled', []],
        ['Pasada', 'expired', []],
        ['Apagada', 'disabled', []],
      ]);
      const active = await json<{ promotions: Array<{ name: string }> }>(staff, ['promotions:list', '--active']);
      expect(active.promotions.map((p) => p.name)).to.deep.equal(['Vigente']);
      const csv = await cli(staff, ['promotions:list', '--csv']);
      const lines = csv.stdout.split('\r\n');
      expect(lines[0]).to.equal('id,name,appliesTo,percentOff,products,categories,startsAt,endsAt,status');
      expect(lines[2]).to.match(/^\d+,Futura,order,5,,,2030-12-01T03:00:00\.000Z,2031-01-01T03:00:00\.000Z,scheduled$/);
      const piped = await cli(staff, ['promotions:list']);
      expect(piped.stdout.split('\n')[1]).to.match(/^\d+\tVigente\tcategory\t20%\t\tmedicinal semillas\t\d{4}-\d\d-\d\d \d\d:\d\d\t\d{4}-\d\d-\d\d \d\d:\d\d\tactive$/);
    });

    it('disables a promotion, audited; a second time changes nothing; it is no longer listed as active', async () => {
      const ids = await everyStatus();
      const result = await cli(admin, ['promotions:disable', String(ids.Vigente)]);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout.trim()).to.equal(`Disabled promotion ${ids.Vigente} "Vigente": new orders no longer get it.`);
      const [log] = await audits('promotions.disable');
      expect(log).to.deep.include({ actor_user_id: admin.id, entity: 'promotions', entity_id: ids.Vigente });
      expect(log.meta).to.deep.equal({ name: 'Vigente', before: { is_active: true }, after: { is_active: false } });
      const again = await json(admin, ['promotions:disable', String(ids.Vigente)]);
      expect(again).to.deep.include({ status: 'disabled', changed: false });
      expect(await audits('promotions.disable')).to.have.length(1);
      const active = await json<{ promotions: unknown[] }>(staff, ['promotions:list', '--active']);
      expect(active.promotions).to.deep.equal([]);
    });

    it('refuses an unknown id (4) and a malformed one (3), writing nothing', async () => {
      await everyStatus();
      await refuseAll(admin, 'promotions:disable', [
        ['an unknown id', ['987654'], ExitCode.notFound, /^error: no promotion with id 987654$/],
        ['a malformed id', ['abc'], ExitCode.invalidInput, /^error: ID: must be a positive whole number$/],
      ]);
    });
  });

  describe('permissions', () => {
    const samples: Record<string, string[]> = {
      'coupons:add': ['--code', 'X1', '--type', 'percent', '--percent', '10'],
      'coupons:list': [],
      'coupons:disable': ['X1'],
      'promotions:add': ['--name', 'P', '--applies-to', 'order', '--percent', '10', '--starts', '2030-12-01', '--ends', '2030-12-31'],
      'promotions:list': [],
      'promotions:disable': ['1'],
    };

    it('refuses customers every marketing command, and staff the changes, with exit 6 and nothing written', async () => {
      await db.query(`INSERT INTO coupons (code, type, percent_value) VALUES ('X1', 'percent', 10)`);
      const cases: Array<[TestUser, string]> = [
        ...Object.keys(samples).map((id): [TestUser, string] => [customer, id]),
        [staff, 'coupons:add'],
        [staff, 'coupons:disable'],
        [staff, 'promotions:add'],
        [staff, 'promotions:disable'],
      ];
      const before = await databaseChecksum(db);
      const results = await inBatches(cases, ([user, id]) => cli(user, [id, ...samples[id]]));
      cases.forEach(([user], i) => expectRefused(results[i], ExitCode.notAllowed, new RegExp(`not allowed to the ${user.role} role`)));
      expect(await databaseChecksum(db)).to.deep.equal(before);
      expect(results).to.have.length(10);
    });
  });
});
