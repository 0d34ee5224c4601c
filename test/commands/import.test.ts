import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { runCli } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

const VALID = path.join(__dirname, '..', 'fixtures', 'catalog', 'valid.csv');
const HEADER = 'product_slug,product_name,category_slug,description,image_url,is_active,sku,option_label,price_cents,stock,size,color,warehouse';

describe('store products:import and products:export', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let admin: TestUser;
  let dir: string;
  beforeEach(async () => {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    admin = await buildUser(db, { role: 'admin' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-import-'));
  });
  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, lines: string[]) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, lines.join('\n') + '\n');
    return target;
  };
  const importFile = (target: string, extra: string[] = []) => runCli(['products:import', target, '--json', ...extra], as(admin, db));

  it('imports a valid file: products, variants, inventory in the default warehouse, price history, one audit row', async () => {
    const result = await importFile(VALID);
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.include({
      products: { create: 2, update: 0, unchanged: 0, deactivate: 0 },
      variants: { create: 4, update: 0, unchanged: 0 },
      stockChanges: 3,
      rows: 4,
      dryRun: false,
      changed: true,
    });
    const variants = await db.query(`SELECT v.sku, v.price_cents, v.stock, v.size, v.color FROM product_variants v WHERE v.sku IN ('GG-X1','GG-X3','MAC-20L','MAC-40L') ORDER BY v.sku`);
    expect(variants).to.deep.equal([
      { sku: 'GG-X1', price_cents: 599000, stock: 12, size: null, color: null },
      { sku: 'GG-X3', price_cents: 1599000, stock: 6, size: null, color: null },
      { sku: 'MAC-20L', price_cents: 899000, stock: 30, size: '20L', color: 'negro' },
      { sku: 'MAC-40L', price_cents: 1299000, stock: 0, size: '40L', color: 'negro' },
    ]);
    expect(await db.query(`SELECT description FROM products WHERE slug = 'semilla-gorilla-glue'`)).to.deep.equal([{ description: 'Feminizada, alta producción' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM price_history h JOIN product_variants v ON v.id = h.variant_id WHERE v.sku LIKE 'GG-%' OR v.sku LIKE 'MAC-%'`)).to.deep.equal([{ n: 4 }]);
    expect(await db.query(`SELECT action, actor_user_id FROM system_logs WHERE action = 'products.import'`)).to.deep.equal([{ action: 'products.import', actor_user_id: admin.id }]);
  });

  it('re-importing the same file changes nothing and says so', async () => {
    await importFile(VALID);
    const before = await databaseChecksum(db);
    const again = await importFile(VALID);
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout)).to.deep.include({ changed: false, products: { create: 0, update: 0, unchanged: 2, deactivate: 0 }, variants: { create: 0, update: 0, unchanged: 4 } });
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });

  it('a changed price updates in place and writes price history; --dry-run reports it without writing', async () => {
    await importFile(VALID);
    const changed = file('changed.csv', fs.readFileSync(VALID, 'utf8').trim().split('\n').map((line) => line.replace(',599000,', ',649000,')));
    const before = await databaseChecksum(db);
    const dry = await importFile(changed, ['--dry-run']);
    expect(JSON.parse(dry.stdout)).to.deep.include({ dryRun: true, priceChanges: { count: 1, sample: [{ sku: 'GG-X1', from: 599000, to: 649000 }] } });
    expect(await databaseChecksum(db)).to.deep.equal(before);
    const real = await importFile(changed);
    expect(JSON.parse(real.stdout).variants).to.deep.equal({ create: 0, update: 1, unchanged: 3 });
    const history = await db.query(`SELECT h.price_cents, h.valid_to IS NULL AS open FROM price_history h JOIN product_variants v ON v.id = h.variant_id WHERE v.sku = 'GG-X1' ORDER BY h.valid_from`);
    expect(history).to.deep.equal([{ price_cents: 599000, open: false }, { price_cents: 649000, open: true }]);
  });

  it('a file with bad rows writes nothing and reports every bad row with row, column and reason', async () => {
    const bad = file('bad.csv', [
      HEADER,
      'ok-product,OK,semillas,,,true,OK-1,1g,100,1,,,',
      'Bad Slug,X,semillas,,,true,B-1,1g,100,1,,,',
      'neg,X,semillas,,,true,B-2,1g,-5,1,,,',
      'nan,X,semillas,,,true,B-3,1g,100,diez,,,',
      `long,${'x'.repeat(10_000)},semillas,,,true,B-4,1g,100,1,,,`,
      'bad-url,X,semillas,,http://insecure.test/a.jpg,true,B-5,1g,100,1,,,',
      'short,row',
    ]);
    const before = await databaseChecksum(db);
    const result = await importFile(bad);
    expect(result.code).to.equal(ExitCode.invalidInput);
    const details = JSON.parse(result.stdout).error.details.map((d: { row: number; column: string }) => [d.row, d.column]);
    expect(details).to.deep.equal([[3, 'product_slug'], [4, 'price_cents'], [5, 'stock'], [6, 'product_name'], [7, 'image_url'], [8, '(row)']]);
    const lines = result.stderr.trim().split('\n');
    expect(lines).to.have.length(7);
    expect(lines[1]).to.equal('row 4, price_cents ("-5"): must be a whole number of cents, 0 or more');
    expect(lines[6]).to.equal('error: the file has 6 problem(s); nothing was imported');
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });

  it('refuses rows that disagree, duplicate SKUs, unknown categories and SKUs of other products', async () => {
    const bad = file('conflicts.csv', [
      HEADER,
      'p-uno,Uno,semillas,,,true,U-1,1g,100,1,,,',
      'p-uno,Uno distinto,semillas,,,true,U-2,5g,100,1,,,',
      'p-dos,Dos,semillas,,,true,D-1,1g,100,1,,,',
      'p-dos,Dos,semillas,,,true,D-1,1g,100,1,,,',
      'p-tres,Tres,no-existe,,,true,T-1,1g,100,1,,,',
      'p-cuatro,Cuatro,semillas,,,true,NL-AUTO-X1,1g,100,1,,,',
    ]);
    const before = await databaseChecksum(db);
    const result = await importFile(bad);
    expect(result.code).to.equal(ExitCode.invalidInput);
    const reasons = JSON.parse(result.stdout).error.details.map((d: { reason: string }) => d.reason);
    expect(reasons).to.deep.equal([
      'rows 2, 3 of product p-uno disagree on product_name',
      'SKU D-1 appears on rows 4, 5',
      'no category no-existe (create it with store categories:add)',
      'SKU NL-AUTO-X1 belongs to product semilla-northern-lights-auto',
      'NL-AUTO-X1 has 2 unit(s) reserved by pending orders in Bodega Central',
    ]);
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });

  it('reads CSV with a BOM and CRLF line ends, JSON, and standard input', async () => {
    const crlf = path.join(dir, 'bom.csv');
    fs.writeFileSync(crlf, '\uFEFF' + fs.readFileSync(VALID, 'utf8').replace(/\n/g, '\r\n'));
    expect((await importFile(crlf)).code).to.equal(0);
    const json = path.join(dir, 'c.json');
    fs.writeFileSync(json, JSON.stringify([{ slug: 'kit-cultivo', name: 'Kit de cultivo', category_slug: 'semillas', variants: [{ sku: 'KIT-1', option_label: 'básico', price_cents: 2500000, stock: 3 }] }]));
    const fromJson = await importFile(json);
    expect(fromJson.code, fromJson.stderr).to.equal(0);
    expect(await db.query(`SELECT stock FROM product_variants WHERE sku = 'KIT-1'`)).to.deep.equal([{ stock: 3 }]);
    const stdin = await runCli(['products:import', '-', '--format', 'csv', '--json'], as(admin, db), fs.readFileSync(VALID, 'utf8'));
    expect(JSON.parse(stdin.stdout).changed).to.equal(false);
    const noFormat = await runCli(['products:import', '-'], as(admin, db), '');
    expect(noFormat.code).to.equal(ExitCode.usage);
  });

  it('export then import into an empty catalog reproduces it', async () => {
    await importFile(VALID);
    const exported = path.join(dir, 'export.csv');
    const out = await runCli(['products:export', '--output', exported], as(admin, db));
    expect(out.code, out.stderr).to.equal(0);
    const catalog = (target: TestDatabase) =>
      target.query(`SELECT p.slug, p.name, c.slug AS category, p.description, p.image_url, p.is_active, v.sku, v.option_label, v.price_cents, v.stock, v.size, v.color
                    FROM products p JOIN categories c ON c.id = p.category_id JOIN product_variants v ON v.product_id = p.id ORDER BY v.sku`);
    const other = await freshDatabase();
    try {
      await other.query(`INSERT INTO categories (slug, name, is_medicinal) VALUES ('semillas', 'Semillas', false), ('medicinal', 'Medicinal', true)`);
      await other.query(`INSERT INTO warehouses (name, is_default) VALUES ('Bodega Central', true)`);
      const otherAdmin = await buildUser(other, { role: 'admin' });
      const result = await runCli(['products:import', exported, '--json'], as(otherAdmin, other));
      expect(result.code, result.stderr).to.equal(0);
      expect(await catalog(other)).to.deep.equal(await catalog(db));
      const json = path.join(dir, 'export.json');
      await runCli(['products:export', '--output', json], as(admin, db));
      const again = await runCli(['products:import', json, '--json'], as(otherAdmin, other));
      expect(JSON.parse(again.stdout).changed).to.equal(false);
    } finally {
      await other.close();
    }
  });

  it('staff may export but not import (exit 6)', async () => {
    const staff = await buildUser(db, { role: 'staff' });
    expect((await runCli(['products:import', VALID], as(staff, db))).code).to.equal(ExitCode.notAllowed);
    const exported = await runCli(['products:export'], as(staff, db));
    expect(exported.code).to.equal(0);
    expect(exported.stdout.split('\n')[0]).to.equal(HEADER);
  });
});
