import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

function expectRefused(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).to.equal(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).to.have.length(1);
  expect(lines[0]).to.match(pattern);
  expect(result.stdout).to.equal('');
}

interface Shelf {
  warehouse: string;
  available: number;
  reserved: number;
}

interface AuditRow {
  actor_user_id: number | null;
  action: string;
  entity: string;
  entity_id: number;
  meta: Record<string, unknown>;
}

describe('store warehouses:* and stock:*', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  /** A seeded store (Bodega Central, the demo catalog, a pending order) with an admin and a staff member. */
  async function openStore(): Promise<void> {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
  }
  const closeStore = async () => db.close();

  const cli = (user: TestUser, args: string[]) => runCli(args, as(user, db));
  async function json<T = Record<string, unknown>>(user: TestUser, args: string[]): Promise<T> {
    const result = await cli(user, [...args, '--json']);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }
  /** The inventory rows of a SKU, by warehouse name. */
  const shelves = (sku: string) =>
    db.query<Shelf>(
      `SELECT w.name AS warehouse, i.quantity_available AS available, i.quantity_reserved AS reserved
       FROM inventory i JOIN warehouses w ON w.id = i.warehouse_id JOIN product_variants v ON v.id = i.variant_id
       WHERE v.sku = $1 ORDER BY w.name`,
      [sku],
    );
  const stockOf = async (sku: string) => (await db.query<{ stock: number }>('SELECT stock FROM product_variants WHERE sku = $1', [sku]))[0].stock;
  const audits = (action: string) =>
    db.query<AuditRow>('SELECT actor_user_id, action, entity, entity_id::int, meta FROM system_logs WHERE action = $1 ORDER BY id', [action]);
  const auditCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM system_logs'))[0].n;
  const addSur = () => json(admin, ['warehouses:add', '--name', 'Bodega Sur', '--address', 'Av. Matta 500, Santiago']);

  describe('warehouses', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('adds a warehouse beside the default, audited, and lists every warehouse with its unit totals', async () => {
      const sur = await addSur();
      expect(sur).to.deep.include({ name: 'Bodega Sur', address: 'Av. Matta 500, Santiago', isDefault: false, replacedDefault: null });
      const [log] = await audits('warehouses.add');
      expect(log).to.deep.include({ actor_user_id: admin.id, entity: 'warehouses', entity_id: sur.id });
      expect(log.meta).to.deep.equal({ after: { id: sur.id, name: 'Bodega Sur', address: 'Av. Matta 500, Santiago', isDefault: false } });

      await json(admin, ['stock:set', '--sku', 'AH-FEM-X1', '--warehouse', 'Bodega Sur', '--quantity', '6', '--reason', 'apertura']);
      const list = await json<{ warehouses: Array<Record<string, unknown>> }>(staff, ['warehouses:list']);
      expect(list.warehouses.map(({ id: _id, ...rest }) => rest)).to.deep.equal([
        { name: 'Bodega Central', address: 'Av. Providencia 1234, Providencia, Región Metropolitana de Santiago', isDefault: true, variants: 11, available: 149, reserved: 3, sellable: 146 },
        { name: 'Bodega Sur', address: 'Av. Matta 500, Santiago', isDefault: false, variants: 1, available: 6, reserved: 0, sellable: 6 },
      ]);
      const csv = await cli(staff, ['warehouses:list', '--csv']);
      expect(csv.code, csv.stderr).to.equal(0);
      expect(csv.stdout.split('\r\n')[0]).to.equal('id,name,address,isDefault,variants,available,reserved,sellable');
      expect(csv.stdout.split('\r\n')[2]).to.equal(`${sur.id},Bodega Sur,"Av. Matta 500, Santiago",false,1,6,0,6`);
    });

    it('a new --default replaces the old one in the same transaction, and stock commands then use it', async () => {
      const [central] = await db.query<{ id: number }>(`SELECT id::int FROM warehouses WHERE name = 'Bodega Central'`);
      const norte = await json(admin, ['warehouses:add', '--name', 'Bodega Norte', '--default']);
      expect(norte).to.deep.include({ isDefault: true, replacedDefault: { id: central.id, name: 'Bodega Central', address: 'Av. Providencia 1234, Providencia, Región Metropolitana de Santiago', isDefault: false } });
      expect(await db.query('SELECT name FROM warehouses WHERE is_default')).to.deep.equal([{ name: 'Bodega Norte' }]);
      const [log] = await audits('warehouses.add');
      expect(log.meta).to.have.deep.property('replacedDefault', { id: central.id, name: 'Bodega Central' });

      const moved = await json(admin, ['stock:adjust', '--sku', 'NL-AUTO-X3', '--delta', '4', '--reason', 'llegada']);
      expect(moved).to.have.deep.property('warehouse', { id: norte.id, name: 'Bodega Norte' });
      expect(await shelves('NL-AUTO-X3')).to.deep.equal([
        { warehouse: 'Bodega Central', available: 15, reserved: 0 },
        { warehouse: 'Bodega Norte', available: 4, reserved: 0 },
      ]);
    });

    it('makes the first warehouse of an empty store the default', async () => {
      const empty = await freshDatabase();
      try {
        const owner = await buildUser(empty, { role: 'admin' });
        const result = await runCli(['warehouses:add', '--name', 'Primera', '--json'], as(owner, empty));
        expect(result.code, result.stderr).to.equal(0);
        expect(JSON.parse(result.stdout)).to.deep.include({ name: 'Primera', isDefault: true, replacedDefault: null });
        const human = await runCli(['warehouses:add', '--name', 'Segunda'], as(owner, empty));
        expect(human.stdout.trim()).to.match(/^Added warehouse Segunda \(id \d+\)\.$/);
        expect(await empty.query('SELECT name, is_default FROM warehouses ORDER BY id')).to.deep.equal([
          { name: 'Primera', is_default: true },
          { name: 'Segunda', is_default: false },
        ]);
      } finally {
        await empty.close();
      }
    });

    it('refuses a taken name (5), an empty name (3) and staff (6), writing nothing', async () => {
      const before = await databaseChecksum(db);
      expectRefused(await cli(admin, ['warehouses:add', '--name', 'Bodega Central']), ExitCode.ruleRefused, /^error: a warehouse named "Bodega Central" already exists \(id \d+\)$/);
      expectRefused(await cli(admin, ['warehouses:add', '--name', '  ']), ExitCode.invalidInput, /^error: --name: must not be empty$/);
      expectRefused(await cli(admin, ['warehouses:add', '--name', 'x'.repeat(101)]), ExitCode.invalidInput, /^error: --name: must be at most 100 characters$/);
      expectRefused(await cli(staff, ['warehouses:add', '--name', 'Bodega Staff']), ExitCode.notAllowed, /^error: warehouses:add is not allowed to the staff role/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });

  describe('stock:set', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('sets the units in the default warehouse; the variant stock follows; one audit row with the reason', async () => {
      const change = await json(admin, ['stock:set', '--sku', 'NL-AUTO-X1', '--quantity', '30', '--reason', 'Conteo mensual']);
      expect(change).to.deep.include({ sku: 'NL-AUTO-X1', before: { available: 25, reserved: 2 }, after: { available: 30, reserved: 2 }, change: 5, variantStock: 30, reason: 'Conteo mensual' });
      expect(await shelves('NL-AUTO-X1')).to.deep.equal([{ warehouse: 'Bodega Central', available: 30, reserved: 2 }]);
      expect(await stockOf('NL-AUTO-X1')).to.equal(30);
      const logs = await audits('stock.set');
      expect(logs).to.have.length(1);
      expect(logs[0]).to.deep.include({ actor_user_id: admin.id, entity: 'inventory', entity_id: change.inventoryId });
      expect(logs[0].meta).to.deep.equal({ sku: 'NL-AUTO-X1', warehouse: 'Bodega Central', reason: 'Conteo mensual', before: { quantity_available: 25 }, after: { quantity_available: 30 } });
    });

    it('creates the row of a warehouse that had none, and counts a deactivated variant', async () => {
      await addSur();
      await db.query(`UPDATE product_variants SET is_active = false WHERE sku = 'CBD-FS-30ML'`);
      const result = await cli(admin, ['stock:set', '--sku', 'CBD-FS-30ML', '--warehouse', 'Bodega Sur', '--quantity', '7', '--reason', 'apertura']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout.trim()).to.equal('Set CBD-FS-30ML in Bodega Sur to 7 units (was 0); 9 in all warehouses.');
      expect(await shelves('CBD-FS-30ML')).to.deep.equal([
        { warehouse: 'Bodega Central', available: 2, reserved: 0 },
        { warehouse: 'Bodega Sur', available: 7, reserved: 0 },
      ]);
      expect(await stockOf('CBD-FS-30ML')).to.equal(9);
      const zero = await json(admin, ['stock:set', '--sku', 'CBD-FS-30ML', '--warehouse', 'Bodega Central', '--quantity', '0', '--reason', 'vencido']);
      expect(zero).to.deep.include({ change: -2, variantStock: 7 });
      expect(await audits('stock.set')).to.have.length(2);
    });

    it('refuses a count below the reserved units, with one line, changing nothing', async () => {
      const before = await databaseChecksum(db);
      expectRefused(
        await cli(admin, ['stock:set', '--sku', 'NL-AUTO-X1', '--quantity', '1', '--reason', 'conteo']),
        ExitCode.ruleRefused,
        /^error: not enough stock of NL-AUTO-X1 in Bodega Central: 25 available, 2 reserved, asked to remove 24$/,
      );
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });

  describe('stock:adjust', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('adds and removes units (--delta N, -N, =+N); each movement is one audit row with its reason', async () => {
      const added = await cli(admin, ['stock:adjust', '--sku', 'NL-AUTO-X1', '--delta', '12', '--reason', 'Llegó pedido']);
      expect(added.code, added.stderr).to.equal(0);
      expect(added.stdout.trim()).to.equal('Added 12 units of NL-AUTO-X1 in Bodega Central: 25 → 37; 37 in all warehouses.');
      expect(await stockOf('NL-AUTO-X1')).to.equal(37);

      const removed = await json(admin, ['stock:adjust', '--sku', 'NL-AUTO-X1', '--delta', '-5', '--reason', 'Sobres dañados']);
      expect(removed).to.deep.include({ before: { available: 37, reserved: 2 }, after: { available: 32, reserved: 2 }, change: -5, variantStock: 32 });
      await json(admin, ['stock:adjust', '--sku', 'NL-AUTO-X1', '--warehouse', 'Bodega Central', '--delta=+1', '--reason', 'encontrado']);
      expect(await shelves('NL-AUTO-X1')).to.deep.equal([{ warehouse: 'Bodega Central', available: 33, reserved: 2 }]);
      expect(await stockOf('NL-AUTO-X1')).to.equal(33);

      const logs = await audits('stock.adjust');
      expect(logs.map((l) => l.meta)).to.deep.equal([
        { sku: 'NL-AUTO-X1', warehouse: 'Bodega Central', delta: 12, reason: 'Llegó pedido', before: { quantity_available: 25 }, after: { quantity_available: 37 } },
        { sku: 'NL-AUTO-X1', warehouse: 'Bodega Central', delta: -5, reason: 'Sobres dañados', before: { quantity_available: 37 }, after: { quantity_available: 32 } },
        { sku: 'NL-AUTO-X1', warehouse: 'Bodega Central', delta: 1, reason: 'encontrado', before: { quantity_available: 32 }, after: { quantity_available: 33 } },
      ]);
      expect(logs.every((l) => l.actor_user_id === admin.id && l.entity === 'inventory')).to.equal(true);
      expect(await auditCount()).to.equal(3);
    });

    it('takes a shelf down to exactly its reserved units, not one more', async () => {
      await json(admin, ['stock:adjust', '--sku', 'AH-FEM-X3', '--delta', '-9', '--reason', 'merma']);
      expect(await shelves('AH-FEM-X3')).to.deep.equal([{ warehouse: 'Bodega Central', available: 1, reserved: 1 }]);
      expectRefused(
        await cli(admin, ['stock:adjust', '--sku', 'AH-FEM-X3', '--delta', '-1', '--reason', 'merma']),
        ExitCode.ruleRefused,
        /^error: not enough stock of AH-FEM-X3 in Bodega Central: 1 available, 1 reserved, asked to remove 1$/,
      );
    });

    it('refuses to go past the per-row and per-variant limits, as rule refusals', async () => {
      await addSur();
      await json(admin, ['stock:set', '--sku', 'AH-FEM-X1', '--quantity', '2000000000', '--reason', 'prueba de límites']);
      const before = await databaseChecksum(db);
      expectRefused(
        await cli(admin, ['stock:adjust', '--sku', 'AH-FEM-X1', '--delta', '1', '--reason', 'x']),
        ExitCode.ruleRefused,
        /^error: AH-FEM-X1 in Bodega Central would hold 2000000001 units, more than 2000000000$/,
      );
      expectRefused(
        await cli(admin, ['stock:set', '--sku', 'AH-FEM-X1', '--warehouse', 'Bodega Sur', '--quantity', '2000000000', '--reason', 'x']),
        ExitCode.ruleRefused,
        /^error: the stock of AH-FEM-X1 over all warehouses would exceed 2147483647 units$/,
      );
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });

  describe('stock:transfer', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('moves units between warehouses in one transaction; the variant total stays; one audit row', async () => {
      const sur = await addSur();
      const moved = await cli(admin, ['stock:transfer', '--sku', 'NL-AUTO-X1', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '5']);
      expect(moved.code, moved.stderr).to.equal(0);
      expect(moved.stdout.trim()).to.equal('Moved 5 units of NL-AUTO-X1 from Bodega Central (25 → 20) to Bodega Sur (0 → 5).');
      expect(await shelves('NL-AUTO-X1')).to.deep.equal([
        { warehouse: 'Bodega Central', available: 20, reserved: 2 },
        { warehouse: 'Bodega Sur', available: 5, reserved: 0 },
      ]);
      expect(await stockOf('NL-AUTO-X1')).to.equal(25);

      const back = await json(admin, ['stock:transfer', '--sku', 'NL-AUTO-X1', '--from', String(sur.id), '--to', 'Bodega Central', '--quantity', '3', '--reason', 'devolución']);
      expect(back).to.deep.include({ sku: 'NL-AUTO-X1', quantity: 3, variantStock: 25, reason: 'devolución' });
      expect(back).to.have.nested.property('from.after.available', 2);
      expect(back).to.have.nested.property('to.after.available', 23);
      expect(await shelves('NL-AUTO-X1')).to.deep.equal([
        { warehouse: 'Bodega Central', available: 23, reserved: 2 },
        { warehouse: 'Bodega Sur', available: 2, reserved: 0 },
      ]);
      expect(await stockOf('NL-AUTO-X1')).to.equal(25);

      const logs = await audits('stock.transfer');
      expect(logs).to.have.length(2);
      expect(logs[0].meta).to.deep.include({ sku: 'NL-AUTO-X1', from: 'Bodega Central', to: 'Bodega Sur', quantity: 5, reason: null });
      expect(logs[0].meta.before).to.deep.include({ to: { inventory_id: null, quantity_available: 0 } });
      expect(logs[1].meta).to.deep.include({ from: 'Bodega Sur', to: 'Bodega Central', quantity: 3, reason: 'devolución' });
      expect(await auditCount()).to.equal(3); // warehouses.add + 2 transfers
    });

    it('keeps the reserved units in the source', async () => {
      await addSur();
      const before = await databaseChecksum(db);
      expectRefused(
        await cli(admin, ['stock:transfer', '--sku', 'NL-AUTO-X1', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '24']),
        ExitCode.ruleRefused,
        /^error: not enough stock of NL-AUTO-X1 in Bodega Central: 25 available, 2 reserved, asked to remove 24$/,
      );
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });

  describe('refusals: one line on stderr, the documented exit code, nothing written', () => {
    // Refusals write nothing (each test proves it), so they share one store.
    let central: string;
    before(async () => {
      await openStore();
      await db.query(`INSERT INTO warehouses (name) VALUES ('Bodega Sur')`);
      [{ id: central }] = await db.query<{ id: string }>(`SELECT id::text FROM warehouses WHERE name = 'Bodega Central'`);
    });
    after(closeStore);

    const adjust = (extra: string[]) => ['stock:adjust', '--sku', 'AH-FEM-X5', '--reason', 'motivo', ...extra];
    const cases: Array<[string, string[], number, RegExp]> = [
      ['removing below zero', adjust(['--delta', '-4']), ExitCode.ruleRefused, /^error: not enough stock of AH-FEM-X5 in Bodega Central: 3 available, 0 reserved, asked to remove 4$/],
      ['removing below what pending orders reserved', ['stock:adjust', '--sku', 'AH-FEM-X3', '--delta', '-10', '--reason', 'r'], ExitCode.ruleRefused, /^error: not enough stock of AH-FEM-X3 in Bodega Central: 10 available, 1 reserved, asked to remove 10$/],
      ['removing from a warehouse without a row', ['stock:adjust', '--sku', 'AH-FEM-X5', '--warehouse', 'Bodega Sur', '--delta', '-1', '--reason', 'r'], ExitCode.ruleRefused, /^error: not enough stock of AH-FEM-X5 in Bodega Sur: 0 available, 0 reserved, asked to remove 1$/],
      ['an unknown SKU', ['stock:adjust', '--sku', 'NO-EXISTE', '--delta', '1', '--reason', 'r'], ExitCode.notFound, /^error: no variant with SKU "NO-EXISTE"$/],
      ['an unknown warehouse', adjust(['--warehouse', 'Bodega Fantasma', '--delta', '1']), ExitCode.notFound, /^error: no warehouse "Bodega Fantasma"$/],
      ['an unknown warehouse id', ['stock:set', '--sku', 'AH-FEM-X5', '--warehouse', '999999', '--quantity', '1', '--reason', 'r'], ExitCode.notFound, /^error: no warehouse "999999"$/],
      ['set without --reason', ['stock:set', '--sku', 'AH-FEM-X5', '--quantity', '1'], ExitCode.usage, /^error: Missing required flag reason/],
      ['adjust without --reason', ['stock:adjust', '--sku', 'AH-FEM-X5', '--delta', '1'], ExitCode.usage, /^error: Missing required flag reason/],
      ['an empty reason', ['stock:adjust', '--sku', 'AH-FEM-X5', '--delta', '1', '--reason', '  '], ExitCode.invalidInput, /^error: --reason: must not be empty$/],
      ['a 501-character reason', ['stock:adjust', '--sku', 'AH-FEM-X5', '--delta', '1', '--reason', 'r'.repeat(501)], ExitCode.invalidInput, /^error: --reason: must be at most 500 characters$/],
      ['a non-numeric delta', adjust(['--delta', 'diez']), ExitCode.invalidInput, /^error: --delta: must be a whole number$/],
      ['a fractional delta', adjust(['--delta', '1.5']), ExitCode.invalidInput, /^error: --delta: must be a whole number$/],
      ['a zero delta', adjust(['--delta', '0']), ExitCode.invalidInput, /^error: --delta: must not be 0$/],
      ['a delta just beyond 32 bits', adjust(['--delta', '2147483648']), ExitCode.invalidInput, /^error: --delta: must be between -2000000000 and 2000000000$/],
      ['a huge negative delta', adjust(['--delta', '-99999999999999999999999']), ExitCode.invalidInput, /^error: --delta: must be between -2000000000 and 2000000000$/],
      ['a negative count', ['stock:set', '--sku', 'AH-FEM-X5', '--quantity', '-1', '--reason', 'r'], ExitCode.invalidInput, /^error: --quantity: must be between 0 and 2000000000$/],
      ['a count beyond the limit', ['stock:set', '--sku', 'AH-FEM-X5', '--quantity', '2000000001', '--reason', 'r'], ExitCode.invalidInput, /^error: --quantity: must be between 0 and 2000000000$/],
      ['a transfer to the same warehouse', ['stock:transfer', '--sku', 'AH-FEM-X5', '--from', 'Bodega Central', '--to', 'Bodega Central', '--quantity', '1'], ExitCode.invalidInput, /^error: --to: must be another warehouse than --from$/],
      ['a transfer to the same warehouse named by id', ['stock:transfer', '--sku', 'AH-FEM-X5', '--from', 'Bodega Central', '--to', 'CENTRAL_ID', '--quantity', '1'], ExitCode.invalidInput, /^error: --to: must be another warehouse than --from \(both are Bodega Central\)$/],
      ['a transfer of zero units', ['stock:transfer', '--sku', 'AH-FEM-X5', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '0'], ExitCode.invalidInput, /^error: --quantity: must be between 1 and 2000000000$/],
      ['a transfer of more than the source holds', ['stock:transfer', '--sku', 'AH-FEM-X5', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '4'], ExitCode.ruleRefused, /^error: not enough stock of AH-FEM-X5 in Bodega Central: 3 available, 0 reserved, asked to remove 4$/],
      ['a transfer to an unknown warehouse', ['stock:transfer', '--sku', 'AH-FEM-X5', '--from', 'Bodega Central', '--to', 'Bodega Fantasma', '--quantity', '1'], ExitCode.notFound, /^error: no warehouse "Bodega Fantasma"$/],
      ['an invalid --below', ['stock:list', '--below', 'pocas'], ExitCode.invalidInput, /^error: --below: must be a whole number$/],
    ];
    for (const [what, args, code, pattern] of cases) {
      it(`refuses ${what}`, async () => {
        const before = await databaseChecksum(db);
        expectRefused(await cli(admin, args.map((arg) => (arg === 'CENTRAL_ID' ? central : arg))), code, pattern);
        expect(await databaseChecksum(db)).to.deep.equal(before);
      });
    }

    it('lets staff read stock but not change it (exit 6)', async () => {
      const before = await databaseChecksum(db);
      const list = await cli(staff, ['stock:list', '--sku', 'AH-FEM-X5']);
      expect(list.code, list.stderr).to.equal(0);
      for (const args of [
        ['stock:adjust', '--sku', 'AH-FEM-X5', '--delta', '-1', '--reason', 'r'],
        ['stock:set', '--sku', 'AH-FEM-X5', '--quantity', '1', '--reason', 'r'],
        ['stock:transfer', '--sku', 'AH-FEM-X5', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '1'],
      ]) {
        expectRefused(await cli(staff, args), ExitCode.notAllowed, new RegExp(`^error: ${args[0]} is not allowed to the staff role`));
      }
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });

  describe('stock:list', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('lists available, reserved and sellable per variant and warehouse, as JSON and CSV', async () => {
      const one = await json<{ stock: unknown[] }>(staff, ['stock:list', '--sku', 'NL-AUTO-X1']);
      expect(one.stock).to.deep.equal([
        { sku: 'NL-AUTO-X1', product: 'Semilla Northern Lights Auto', option: 'x1', warehouse: 'Bodega Central', available: 25, reserved: 2, sellable: 23 },
      ]);
      const all = await json<{ stock: Array<{ sku: string }> }>(staff, ['stock:list']);
      expect(all.stock.map((row) => row.sku)).to.deep.equal([
        'AH-FEM-X1', 'AH-FEM-X3', 'AH-FEM-X5', 'CBD-FS-10ML', 'CBD-FS-30ML', 'FLOR-IND-10G', 'FLOR-IND-1G', 'FLOR-IND-5G', 'NL-AUTO-X1', 'NL-AUTO-X3', 'NL-AUTO-X5',
      ]);
      const csv = await cli(staff, ['stock:list', '--csv', '--sku', 'AH-FEM-X3']);
      expect(csv.code, csv.stderr).to.equal(0);
      expect(csv.stdout).to.equal('sku,product,option,warehouse,available,reserved,sellable\r\nAH-FEM-X3,Semilla Amnesia Haze Feminizada,x3,Bodega Central,10,1,9\r\n');
    });

    it('--below N keeps rows with fewer than N sellable units', async () => {
      const low = await json<{ stock: Array<{ sku: string; sellable: number }> }>(staff, ['stock:list', '--below', '5']);
      expect(low.stock.map((row) => [row.sku, row.sellable])).to.deep.equal([
        ['AH-FEM-X5', 3],
        ['CBD-FS-30ML', 2],
        ['FLOR-IND-10G', 4],
      ]);
    });

    it('--warehouse lists every variant there (0 where it has none); a variant no warehouse holds shows without one', async () => {
      await addSur();
      await json(admin, ['stock:transfer', '--sku', 'AH-FEM-X5', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '2']);
      const sur = await json<{ stock: Array<{ sku: string; warehouse: string; available: number }> }>(staff, ['stock:list', '--warehouse', 'Bodega Sur']);
      expect(sur.stock).to.have.length(11);
      expect(sur.stock.every((row) => row.warehouse === 'Bodega Sur')).to.equal(true);
      expect(sur.stock.filter((row) => row.available > 0).map((row) => [row.sku, row.available])).to.deep.equal([['AH-FEM-X5', 2]]);

      await db.query(`INSERT INTO product_variants (product_id, sku, option_label, price_cents) SELECT id, 'NL-AUTO-X10', 'x10', 3500000 FROM products WHERE slug = 'semilla-northern-lights-auto'`);
      const fresh = await json<{ stock: unknown[] }>(staff, ['stock:list', '--sku', 'NL-AUTO-X10']);
      expect(fresh.stock).to.deep.equal([{ sku: 'NL-AUTO-X10', product: 'Semilla Northern Lights Auto', option: 'x10', warehouse: null, available: 0, reserved: 0, sellable: 0 }]);
    });
  });

  describe('concurrency, with real processes', function () {
    this.timeout(300_000); // dozens of CLI processes; slow on a busy machine
    beforeEach(openStore);
    afterEach(closeStore);

    it('twelve simultaneous "-1" on five units: exactly five succeed, seven are refused, never below zero (3 rounds)', async () => {
      for (let round = 1; round <= 3; round++) {
        await json(admin, ['stock:set', '--sku', 'AH-FEM-X5', '--quantity', '5', '--reason', `ronda ${round}`]);
        const auditsBefore = (await audits('stock.adjust')).length;
        let lowest = Infinity;
        let racing = true;
        const watcher = (async () => {
          while (racing) {
            const [row] = await shelves('AH-FEM-X5');
            lowest = Math.min(lowest, row.available);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })();
        const results = await Promise.all(
          Array.from({ length: 12 }, () => cli(admin, ['stock:adjust', '--sku', 'AH-FEM-X5', '--delta', '-1', '--reason', `venta mesón ronda ${round}`])),
        );
        racing = false;
        await watcher;
        const stderr = results.map((r) => r.stderr).join('');
        expect(results.filter((r) => r.code === 0), stderr).to.have.length(5);
        const refused = results.filter((r) => r.code !== 0);
        expect(refused.map((r) => r.code), stderr).to.deep.equal(Array(7).fill(ExitCode.ruleRefused));
        for (const r of refused) expect(r.stderr.trim()).to.equal('error: not enough stock of AH-FEM-X5 in Bodega Central: 0 available, 0 reserved, asked to remove 1');
        expect(await shelves('AH-FEM-X5')).to.deep.equal([{ warehouse: 'Bodega Central', available: 0, reserved: 0 }]);
        expect(await stockOf('AH-FEM-X5')).to.equal(0);
        expect(lowest).to.be.at.least(0);
        const logs = await audits('stock.adjust');
        expect(logs.length - auditsBefore).to.equal(5);
        expect(logs.slice(auditsBefore).map((l) => (l.meta.after as { quantity_available: number }).quantity_available).sort()).to.deep.equal([0, 1, 2, 3, 4]);
      }
    });

    it('opposite transfers at the same time all succeed (no deadlock) and the totals are preserved', async () => {
      await addSur();
      // 28 in Sur, so every interleaving succeeds: all four 7-unit moves out of Sur may run before any 5 comes in.
      await json(admin, ['stock:set', '--sku', 'NL-AUTO-X1', '--warehouse', 'Bodega Sur', '--quantity', '28', '--reason', 'apertura']);
      const deadlocks = async () => (await db.query<{ n: number }>('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()'))[0].n;
      const deadlocksBefore = await deadlocks();
      const transfer = (from: string, to: string, quantity: number) =>
        cli(admin, ['stock:transfer', '--sku', 'NL-AUTO-X1', '--from', from, '--to', to, '--quantity', String(quantity)]);
      const results = await Promise.all(
        [1, 2, 3, 4].flatMap(() => [transfer('Bodega Central', 'Bodega Sur', 5), transfer('Bodega Sur', 'Bodega Central', 7)]),
      );
      expect(results.map((r) => r.code), results.map((r) => r.stderr).join('')).to.deep.equal(Array(8).fill(0));
      expect(await shelves('NL-AUTO-X1')).to.deep.equal([
        { warehouse: 'Bodega Central', available: 25 - 20 + 28, reserved: 2 },
        { warehouse: 'Bodega Sur', available: 28 + 20 - 28, reserved: 0 },
      ]);
      expect(await stockOf('NL-AUTO-X1')).to.equal(53);
      expect(await audits('stock.transfer')).to.have.length(8);
      await new Promise((resolve) => setTimeout(resolve, 600)); // backends flush their statistics as they exit
      expect(await deadlocks()).to.equal(deadlocksBefore);
    });
  });
});
