import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { BUNDLE_MODULES, expectRefused as refused, runCli, runRecorded, storeDistModules, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

/** Refused with one line on stderr, "error: " and then the pattern, and nothing on stdout. */
function expectRefused(result: CliResult, code: number, pattern: RegExp): void {
  const rest = pattern.source.startsWith('^') ? pattern.source.slice(1) : `.*${pattern.source}`;
  refused(result, code, new RegExp(`^error: ${rest}`, pattern.flags), { emptyStdout: true });
}

interface Order {
  id: number;
  status: string;
  totalCents: number;
  discountCents: number;
  shippingMethod: string;
  shippingPriceCents: number;
  amountDueCents: number;
  shippingAddress: string | null;
  lines: Array<{ sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number; allocations: Array<{ warehouse: string; quantity: number; status: string }> }>;
  payments: Array<{ provider: string; ref: string | null; amountCents: number; status: string }>;
  shipments: Array<{ carrier: string; trackingCode: string | null; status: string }>;
  history: Array<{ action: string; actor: string | null }>;
}

describe('store orders:*', function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let staff: TestUser;
  let buyer: TestUser;

  async function openStore(): Promise<void> {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    staff = await buildUser(db, { role: 'staff' });
    buyer = await buildUser(db, { role: 'customer' });
  }
  const closeStore = async () => db.close();

  const cli = (user: TestUser, args: string[]) => runCli(args, as(user, db));
  async function json<T = Order>(user: TestUser, args: string[]): Promise<T> {
    const result = await cli(user, [...args, '--json']);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }
  const create = (items: string[], extra: string[] = [], user = buyer) => json(staff, ['orders:create', '--user', user.email, ...items.flatMap((i) => ['--item', i]), ...extra]);
  const shelf = async (sku: string) =>
    (
      await db.query<{ available: number; reserved: number; stock: number }>(
        `SELECT i.quantity_available AS available, i.quantity_reserved AS reserved, v.stock
         FROM inventory i JOIN product_variants v ON v.id = i.variant_id JOIN warehouses w ON w.id = i.warehouse_id
         WHERE v.sku = $1 AND w.is_default`,
        [sku],
      )
    )[0];
  const statusOf = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]))[0].status;
  const audits = (action: string) => db.query<{ actor_user_id: number; entity_id: number; meta: Record<string, unknown> }>('SELECT actor_user_id, entity_id::int, meta FROM system_logs WHERE action = $1 ORDER BY id', [action]);
  /** An order written by another channel (like the web shop): pending, no reservation. */
  async function unreservedOrder(sku: string, quantity: number, user = buyer): Promise<number> {
    const [order] = await db.query<{ id: number }>(`INSERT INTO orders (user_id) VALUES ($1) RETURNING id::int`, [user.id]);
    await db.query(
      `INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
       SELECT $1, product_id, id, $3::int, price_cents, $3::int * price_cents FROM product_variants WHERE sku = $2`,
      [order.id, sku, quantity],
    );
    return order.id;
  }
  async function approveDocument(user: TestUser, validUntil: string): Promise<void> {
    await db.query(
      `INSERT INTO medicinal_documents (user_id, file_url, doc_type, status, reviewed_by, valid_until) VALUES ($1, 'https://docs.store.test/r.pdf', 'receta', 'approved', $2, $3)`,
      [user.id, staff.id, validUntil],
    );
  }

  describe('orders:create', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('prices the lines, reserves their units and records who created it', async () => {
      const before = await shelf('NL-AUTO-X3');
      const order = await create(['NL-AUTO-X3:2', 'AH-FEM-X1:1', 'NL-AUTO-X3:1']);
      expect(order).to.deep.include({ status: 'pending', totalCents: 3 * 1299000 + 599000, discountCents: 0, shippingMethod: 'retiro_tienda', shippingPriceCents: 0, amountDueCents: 3 * 1299000 + 599000, shippingAddress: null });
      expect(order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unit: l.unitPriceCents, total: l.lineTotalCents, allocations: l.allocations }))).to.deep.equal([
        { sku: 'NL-AUTO-X3', quantity: 3, unit: 1299000, total: 3 * 1299000, allocations: [{ warehouse: 'Bodega Central', quantity: 3, status: 'reserved' }] },
        { sku: 'AH-FEM-X1', quantity: 1, unit: 599000, total: 599000, allocations: [{ warehouse: 'Bodega Central', quantity: 1, status: 'reserved' }] },
      ]);
      expect(await shelf('NL-AUTO-X3')).to.deep.equal({ available: before.available, reserved: before.reserved + 3, stock: before.stock });
      const [row] = await db.query<{ total_cents: number; amount_due_cents: number }>('SELECT total_cents, amount_due_cents FROM orders WHERE id = $1', [order.id]);
      expect(row).to.deep.equal({ total_cents: 3 * 1299000 + 599000, amount_due_cents: 3 * 1299000 + 599000 });
      const [log] = await audits('orders.create');
      expect(log).to.deep.include({ actor_user_id: staff.id, entity_id: order.id });
      expect(log.meta).to.deep.include({ user: buyer.email, items: { 'NL-AUTO-X3': 3, 'AH-FEM-X1': 1 }, coupon: null, shipping: 'retiro_tienda' });
    });

    it("ships to the buyer's default address at the shipping table's price, or refuses without one", async () => {
      const seeded = await json(staff, ['orders:create', '--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:1', '--shipping', 'chilexpress']);
      expect(seeded.shippingAddress).to.equal('Los Aromos 456, depto 21, Ñuñoa, Metropolitana de Santiago');
      expect({ shipping: seeded.shippingPriceCents, due: seeded.amountDueCents }).to.deep.equal({ shipping: 499000, due: 499000 + 499000 });

      const checksum = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1', '--shipping', 'starken']), ExitCode.invalidInput, /^--address: --shipping starken needs an address/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1', '--shipping', 'dron']), ExitCode.invalidInput, /^--shipping: must be one of retiro_tienda, chilexpress, starken, manual/);
      expect(await databaseChecksum(db)).to.deep.equal(checksum);
    });

    it('refuses more units than are free, naming what is free and reserved, and changes nothing', async () => {
      // AH-FEM-X3: 10 on the shelf, 1 reserved by the seeded order.
      const checksum = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'AH-FEM-X3:10', '--item', 'NL-AUTO-X1:1']), ExitCode.ruleRefused, /^not enough stock for AH-FEM-X3: 10 asked, 9 free \(1 more reserved by pending orders\)$/);
      expect(await databaseChecksum(db)).to.deep.equal(checksum);
      const order = await create(['AH-FEM-X3:9']);
      expect(order.lines[0].allocations).to.deep.equal([{ warehouse: 'Bodega Central', quantity: 9, status: 'reserved' }]);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'AH-FEM-X3:1']), ExitCode.ruleRefused, /^not enough stock for AH-FEM-X3: 1 asked, 0 free/);
    });

    it('takes units from the default warehouse first, then the others by id', async () => {
      await db.query(`INSERT INTO warehouses (name) VALUES ('Bodega Sur'), ('Bodega Norte')`);
      await db.query(`INSERT INTO inventory (warehouse_id, variant_id, quantity_available) SELECT w.id, v.id, 4 FROM warehouses w, product_variants v WHERE w.name IN ('Bodega Sur', 'Bodega Norte') AND v.sku = 'AH-FEM-X5'`);
      const order = await create(['AH-FEM-X5:9']);
      expect(order.lines[0].allocations).to.deep.equal([
        { warehouse: 'Bodega Central', quantity: 3, status: 'reserved' },
        { warehouse: 'Bodega Sur', quantity: 4, status: 'reserved' },
        { warehouse: 'Bodega Norte', quantity: 2, status: 'reserved' },
      ]);
    });

    it('refuses unknown SKUs, bad lines, inactive products and unknown buyers, writing nothing', async () => {
      const checksum = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NOPE-1:1', '--item', 'NOPE-2:2']), ExitCode.notFound, /^no variant with SKU "NOPE-1", "NOPE-2"$/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1']), ExitCode.invalidInput, /^--item: must be SKU:QTY/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:0']), ExitCode.invalidInput, /^--item: must be SKU:QTY/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:-2']), ExitCode.invalidInput, /^--item: must be SKU:QTY/);
      expectRefused(await cli(staff, ['orders:create', '--user', 'nadie@test.cl', '--item', 'NL-AUTO-X1:1']), ExitCode.notFound, /^no user "nadie@test.cl"/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email]), ExitCode.usage, /item/);
      expect(await databaseChecksum(db)).to.deep.equal(checksum);
      await db.query(`UPDATE product_variants SET is_active = false WHERE sku = 'NL-AUTO-X5'`);
      const deactivated = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X5:1']), ExitCode.ruleRefused, /^not for sale: NL-AUTO-X5 \(variant deactivated\)$/);
      expect(await databaseChecksum(db)).to.deep.equal(deactivated);
      await db.query(`UPDATE products SET is_active = false WHERE slug = 'semilla-amnesia-haze-feminizada'`);
      const productOff = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'AH-FEM-X1:1']), ExitCode.ruleRefused, /^not for sale: AH-FEM-X1 \(product deactivated\)$/);
      expect(await databaseChecksum(db)).to.deep.equal(productOff);
    });

    it('sells medicinal products only to eligible buyers: refused, then accepted after approval, refused again once expired', async () => {
      const checksum = await databaseChecksum(db);
      expectRefused(
        await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'CBD-FS-10ML:1']),
        ExitCode.ruleRefused,
        new RegExp(`^${buyer.email} may not buy medicinal products \\(Aceite CBD Full Spectrum\\): no approved, valid prescription or certificate`),
      );
      expect(await databaseChecksum(db)).to.deep.equal(checksum);

      await approveDocument(buyer, '2999-12-31');
      const order = await create(['CBD-FS-10ML:1', 'NL-AUTO-X1:1']);
      expect(order.status).to.equal('pending');

      const other = await buildUser(db, { role: 'customer' });
      await approveDocument(other, '2020-01-31');
      expectRefused(await cli(staff, ['orders:create', '--user', other.email, '--item', 'FLOR-IND-1G:1']), ExitCode.ruleRefused, /may not buy medicinal products \(Flor medicinal Índica\)/);
      const validated = await buildUser(db, { role: 'customer', validatedMedicinal: true });
      expect((await create(['FLOR-IND-1G:1'], [], validated)).status).to.equal('pending');
    });

    it('is for staff: a customer is refused with exit 6', async () => {
      expectRefused(await cli(buyer, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1']), ExitCode.notAllowed, /not allowed|only/i);
    });
  });

  describe('orders:pay', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('turns the reservation into a stock decrement, records the payment and marks the order paid', async () => {
      const before = await shelf('NL-AUTO-X3');
      const order = await create(['NL-AUTO-X3:2']);
      const result = await json<{ order: Order; outcome: string; paymentId: number }>(staff, ['orders:pay', String(order.id), '--provider', 'webpay', '--ref', 'WP-1']);
      expect(result.outcome).to.equal('paid');
      expect(result.order).to.deep.include({ status: 'paid' });
      expect(result.order.payments).to.deep.equal([{ id: result.paymentId, provider: 'webpay', ref: 'WP-1', amountCents: 2 * 1299000, status: 'approved', createdAt: (result.order.payments[0] as unknown as { createdAt: string }).createdAt, refundedCents: 0 }]);
      expect(result.order.lines[0].allocations).to.deep.equal([{ warehouse: 'Bodega Central', quantity: 2, status: 'taken' }]);
      expect(await shelf('NL-AUTO-X3')).to.deep.equal({ available: before.available - 2, reserved: before.reserved, stock: before.stock - 2 });
      const [row] = await db.query(`SELECT status, payment_provider, payment_ref, paid_at IS NOT NULL AS paid FROM orders WHERE id = $1`, [order.id]);
      expect(row).to.deep.equal({ status: 'paid', payment_provider: 'webpay', payment_ref: 'WP-1', paid: true });
      expect((await audits('orders.pay'))[0]).to.deep.include({ actor_user_id: staff.id, entity_id: order.id });
    });

    it('takes free stock for an order that holds no reservation (the seeded one), and releases its reservations', async () => {
      const [seeded] = await db.query<{ id: number }>('SELECT id::int FROM orders');
      const x1 = await shelf('NL-AUTO-X1');
      await json(staff, ['orders:pay', String(seeded.id), '--provider', 'test']);
      expect(await shelf('NL-AUTO-X1')).to.deep.equal({ available: x1.available - 2, reserved: x1.reserved - 2, stock: x1.stock - 2 });

      const id = await unreservedOrder('NL-AUTO-X5', 3);
      const x5 = await shelf('NL-AUTO-X5');
      await json(staff, ['orders:pay', String(id), '--provider', 'test']);
      expect(await shelf('NL-AUTO-X5')).to.deep.equal({ available: x5.available - 3, reserved: x5.reserved, stock: x5.stock - 3 });
    });

    it('refuses when stock is short, changing nothing but recording the refused attempt', async () => {
      const id = await unreservedOrder('AH-FEM-X5', 4); // 3 on the shelf
      const before = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:pay', String(id), '--provider', 'webpay', '--ref', 'WP-9']), ExitCode.ruleRefused, /^not enough stock for AH-FEM-X5: 4 asked, 3 free$/);
      const after = await databaseChecksum(db);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]).sort();
      expect(changed).to.deep.equal(['payments', 'system_logs']);
      expect(await db.query('SELECT amount_cents::int, provider, provider_ref, status FROM payments WHERE order_id = $1', [id])).to.deep.equal([{ amount_cents: 4 * 2499000, provider: 'webpay', provider_ref: null, status: 'rejected' }]);
      expect((await audits('orders.pay_refused'))[0].meta).to.deep.include({ ref: 'WP-9', reason: 'not enough stock for AH-FEM-X5: 4 asked, 3 free' });
      expect(await statusOf(id)).to.equal('pending');
      expect((await shelf('AH-FEM-X5')).available).to.equal(3);
    });

    it('is idempotent by reference, and refuses a second payment of a paid order', async () => {
      const order = await create(['NL-AUTO-X1:1']);
      await json(staff, ['orders:pay', String(order.id), '--provider', 'flow', '--ref', 'FL-1']);
      const paid = await databaseChecksum(db);
      const again = await cli(staff, ['orders:pay', String(order.id), '--provider', 'flow', '--ref', 'FL-1', '--json']);
      expect(again.code, again.stderr).to.equal(0);
      expect(JSON.parse(again.stdout)).to.deep.include({ outcome: 'already', paymentId: null });
      expect(await databaseChecksum(db)).to.deep.equal(paid);
      expectRefused(await cli(staff, ['orders:pay', String(order.id), '--provider', 'flow', '--ref', 'FL-2']), ExitCode.ruleRefused, new RegExp(`^order ${order.id} is paid: only a pending order can be paid`));
      const other = await create(['NL-AUTO-X1:1']);
      expectRefused(await cli(staff, ['orders:pay', String(other.id), '--provider', 'flow', '--ref', 'FL-1']), ExitCode.ruleRefused, new RegExp(`^flow reference FL-1 was already recorded for order ${order.id}`));
      expect(await statusOf(other.id)).to.equal('pending');
    });

    it('accepts partial payments until the amount due is covered, and refuses paying more than is due', async () => {
      const order = await create(['NL-AUTO-X1:2']);
      expectRefused(await cli(staff, ['orders:pay', String(order.id), '--provider', 'test', '--amount', String(2 * 499000 + 1)]), ExitCode.invalidInput, /^--amount: 998001 is more than the 998000 cents still due/);
      const first = await json<{ outcome: string; stillDueCents: number }>(staff, ['orders:pay', String(order.id), '--provider', 'test', '--ref', 'T-1', '--amount', '400000']);
      expect(first).to.deep.include({ outcome: 'pending', stillDueCents: 598000 });
      expect(await statusOf(order.id)).to.equal('pending');
      const second = await json<{ outcome: string; stillDueCents: number }>(staff, ['orders:pay', String(order.id), '--provider', 'test', '--ref', 'T-2']);
      expect(second).to.deep.include({ outcome: 'paid', stillDueCents: 0 });
      expect(await statusOf(order.id)).to.equal('paid');
    });

    it('checks medicinal eligibility again at payment: a document that expired since is refused', async () => {
      await approveDocument(buyer, '2999-12-31');
      const order = await create(['CBD-FS-10ML:1']);
      await db.query(`UPDATE medicinal_documents SET valid_until = '2020-01-01' WHERE user_id = $1`, [buyer.id]);
      expectRefused(await cli(staff, ['orders:pay', String(order.id), '--provider', 'test']), ExitCode.ruleRefused, /may no longer buy medicinal products \(Aceite CBD Full Spectrum\)/);
      expect(await statusOf(order.id)).to.equal('pending');
    });

    it('refuses unknown orders and bad flags', async () => {
      expectRefused(await cli(staff, ['orders:pay', '999999', '--provider', 'test']), ExitCode.notFound, /^no order 999999$/);
      expectRefused(await cli(staff, ['orders:pay', 'abc', '--provider', 'test']), ExitCode.invalidInput, /^ORDER_ID: must be a positive whole number$/);
      expectRefused(await cli(staff, ['orders:pay', '1', '--provider', 'paypal']), ExitCode.invalidInput, /^--provider: must be one of webpay, flow, mp, test$/);
    });

    it('runs on one plain pg connection: neither sequelize nor the models are loaded (docs/benchmarks.md, payments)', async () => {
      const order = await create(['NL-AUTO-X3:1']);
      const result = await runRecorded(['orders:pay', String(order.id), '--provider', 'test', '--json'], as(staff, db));
      expect(result.code, result.stderr).to.equal(0);
      expect((JSON.parse(result.stdout) as { outcome: string }).outcome).to.equal('paid');
      // Runs from the store bundle; sequelize-typescript, which every model imports
      // (vocabulary.ts does not), is in the orm bundle, reached through dist/orm/*.js, so a
      // loaded model would show here.
      expect(storeDistModules(result.modules), 'runs from the bundle').to.deep.equal(BUNDLE_MODULES);
    });

    it('pays the same with STORE_PREPARED_STATEMENTS=off (every statement unnamed, for a pooler)', async () => {
      const order = await create(['NL-AUTO-X3:1']);
      const result = await runCli(['orders:pay', String(order.id), '--provider', 'test', '--json'], as(staff, db, { STORE_PREPARED_STATEMENTS: 'off' }));
      expect(result.code, result.stderr).to.equal(0);
      expect((JSON.parse(result.stdout) as { outcome: string; order: Order }).order).to.deep.include({ status: 'paid' });
      expect(await statusOf(order.id)).to.equal('paid');
    });
  });

  describe('the state machine', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('refuses every transition it does not allow, naming the current and requested status', async () => {
      const pending = await create(['NL-AUTO-X1:1']);
      expectRefused(await cli(staff, ['orders:ship', String(pending.id), '--carrier', 'starken']), ExitCode.ruleRefused, new RegExp(`^order ${pending.id} is pending: it cannot become shipped \\(from pending it can become paid or failed or cancelled\\)$`));
      expectRefused(await cli(staff, ['orders:deliver', String(pending.id)]), ExitCode.ruleRefused, /is pending: it cannot become delivered/);

      await json(staff, ['orders:pay', String(pending.id), '--provider', 'test']);
      expectRefused(await cli(staff, ['orders:deliver', String(pending.id)]), ExitCode.ruleRefused, /is paid: it cannot become delivered \(from paid it can become shipped or cancelled\)/);

      const shipped = await json(staff, ['orders:ship', String(pending.id), '--carrier', 'starken', '--tracking', 'ST-77']);
      expect(shipped.status).to.equal('shipped');
      expect(shipped.shipments).to.deep.equal([{ id: (shipped.shipments[0] as unknown as { id: number }).id, carrier: 'starken', trackingCode: 'ST-77', status: 'shipped', shippedAt: (shipped.shipments[0] as unknown as { shippedAt: string }).shippedAt, deliveredAt: null }]);
      expectRefused(await cli(staff, ['orders:cancel', String(pending.id), '--reason', 'x']), ExitCode.ruleRefused, /is shipped: it cannot become cancelled \(from shipped it can become delivered\)/);
      expectRefused(await cli(staff, ['orders:pay', String(pending.id), '--provider', 'test']), ExitCode.ruleRefused, /is shipped: only a pending order can be paid/);

      const delivered = await json(staff, ['orders:deliver', String(pending.id)]);
      expect(delivered.status).to.equal('delivered');
      expect(delivered.shipments[0].status).to.equal('delivered');
      expectRefused(await cli(staff, ['orders:cancel', String(pending.id), '--reason', 'x']), ExitCode.ruleRefused, /is delivered: it cannot become cancelled \(delivered is final\)/);
      expectRefused(await cli(staff, ['orders:ship', String(pending.id), '--carrier', 'x']), ExitCode.ruleRefused, /is delivered: it cannot become shipped/);

      const cancelled = await create(['NL-AUTO-X1:1']);
      await json(staff, ['orders:cancel', String(cancelled.id), '--reason', 'cliente desistió']);
      expectRefused(await cli(staff, ['orders:pay', String(cancelled.id), '--provider', 'test']), ExitCode.ruleRefused, /is cancelled: only a pending order can be paid/);
      expectRefused(await cli(staff, ['orders:ship', String(cancelled.id), '--carrier', 'x']), ExitCode.ruleRefused, /is cancelled: it cannot become shipped \(cancelled is final\)/);
      expectRefused(await cli(staff, ['orders:cancel', String(cancelled.id), '--reason', 'x']), ExitCode.ruleRefused, /is cancelled: it cannot become cancelled/);

      const history = (await json(staff, ['orders:show', String(pending.id)])).history.map((h) => h.action);
      // The refused attempt to pay the shipped order is on record too.
      expect(history).to.deep.equal(['orders.create', 'orders.pay', 'orders.ship', 'orders.pay_refused', 'orders.deliver']);
    });

    it('cancelling a pending order releases its reservation; cancelling a paid one restocks the shelves it came from', async () => {
      const before = await shelf('NL-AUTO-X3');
      const pending = await create(['NL-AUTO-X3:4']);
      const cancelled = await json<{ order: Order; from: string }>(staff, ['orders:cancel', String(pending.id), '--reason', 'cliente desistió']);
      expect(cancelled.from).to.equal('pending');
      expect(cancelled.order.lines[0].allocations).to.deep.equal([{ warehouse: 'Bodega Central', quantity: 4, status: 'released' }]);
      expect(await shelf('NL-AUTO-X3')).to.deep.equal(before);

      const paid = await create(['NL-AUTO-X3:5']);
      await json(staff, ['orders:pay', String(paid.id), '--provider', 'test']);
      expect((await shelf('NL-AUTO-X3')).stock).to.equal(before.stock - 5);
      const restocked = await json<{ order: Order; from: string }>(staff, ['orders:cancel', String(paid.id), '--reason', 'sin despacho']);
      expect(restocked.from).to.equal('paid');
      expect(restocked.order.lines[0].allocations).to.deep.equal([{ warehouse: 'Bodega Central', quantity: 5, status: 'restocked' }]);
      expect(await shelf('NL-AUTO-X3')).to.deep.equal(before);
      expect((await audits('orders.cancel')).map((a) => a.meta.stock)).to.deep.equal(['released', 'restocked']);
    });

    it('orders:expire cancels stale pending orders and frees their stock, leaving recent ones', async () => {
      const before = await shelf('NL-AUTO-X5');
      const stale = await create(['NL-AUTO-X5:2']);
      const fresh = await create(['NL-AUTO-X5:1']);
      await db.query(`UPDATE orders SET created_at = now() - interval '45 minutes' WHERE id = $1`, [stale.id]);
      const result = await json<{ cancelled: Array<{ id: number; releasedUnits: number }> }>(staff, ['orders:expire', '--older-than', '30m']);
      expect(result.cancelled.filter((c) => c.id === stale.id)).to.deep.equal([{ id: stale.id, createdAt: (result.cancelled.find((c) => c.id === stale.id) as unknown as { createdAt: string }).createdAt, amountDueCents: 2 * 1999000, releasedUnits: 2 }]);
      expect(result.cancelled.map((c) => c.id)).not.to.include(fresh.id);
      expect(await statusOf(stale.id)).to.equal('cancelled');
      expect(await statusOf(fresh.id)).to.equal('pending');
      expect(await shelf('NL-AUTO-X5')).to.deep.equal({ ...before, reserved: before.reserved + 1 });
      const again = await json<{ cancelled: unknown[] }>(staff, ['orders:expire', '--older-than', '30m']);
      expect(again.cancelled.map((c) => (c as { id: number }).id)).not.to.include(stale.id);
      expectRefused(await cli(staff, ['orders:expire', '--older-than', 'soon']), ExitCode.invalidInput, /^--older-than: must be a duration like 90m, 12h or 30d$/);
    });
  });

  describe('discounts, coupons and refunds through orders', () => {
    beforeEach(openStore);
    afterEach(closeStore);
    let admin: TestUser;
    beforeEach(async () => {
      admin = await buildUser(db, { role: 'admin' });
    });
    const usedCount = async (code: string) => (await db.query<{ used_count: number }>('SELECT used_count FROM coupons WHERE code = $1', [code]))[0].used_count;

    it('applies the best promotion per line and the coupon after it; the coupon counts only once the order is paid', async () => {
      await json(admin, ['promotions:add', '--name', 'Semillas 10', '--applies-to', 'category', '--category', 'semillas', '--percent', '10', '--starts', '2020-01-01', '--ends', '2999-12-31']);
      await json(admin, ['promotions:add', '--name', 'NL 25', '--applies-to', 'product', '--product', 'semilla-northern-lights-auto', '--percent', '25', '--starts', '2020-01-01', '--ends', '2999-12-31']);
      await json(admin, ['coupons:add', '--code', 'bienvenida', '--type', 'fixed', '--amount', '100000', '--usage-limit', '5']);
      const order = await create(['NL-AUTO-X1:2', 'AH-FEM-X1:1'], ['--coupon', 'Bienvenida']);
      // NL-AUTO-X1: 2 × 499000 = 998000, 25 % off = 249500; AH-FEM-X1: 599000, 10 % off = 59900; coupon 100000.
      expect(order).to.deep.include({ totalCents: 998000 + 599000, discountCents: 249500 + 59900 + 100000, amountDueCents: 998000 + 599000 - 409400 });
      const lines = await db.query('SELECT v.sku, i.discount_cents::int, p.name FROM order_items i JOIN product_variants v ON v.id = i.variant_id JOIN promotions p ON p.id = i.promotion_id WHERE i.order_id = $1 ORDER BY i.id', [order.id]);
      expect(lines).to.deep.equal([{ sku: 'NL-AUTO-X1', discount_cents: 249500, name: 'NL 25' }, { sku: 'AH-FEM-X1', discount_cents: 59900, name: 'Semillas 10' }]);
      expect(await usedCount('BIENVENIDA')).to.equal(0);
      await json(staff, ['orders:pay', String(order.id), '--provider', 'test', '--amount', String(order.amountDueCents)]);
      expect(await usedCount('BIENVENIDA')).to.equal(1);
      // Cancelling the paid order restocks it; the use stays counted (it was paid).
      await json(staff, ['orders:cancel', String(order.id), '--reason', 'x']);
      expect(await usedCount('BIENVENIDA')).to.equal(1);
    });

    it('refuses a coupon outside its dates, below its minimum or used up, at creation and again at payment', async () => {
      await db.query(`INSERT INTO coupons (code, type, percent_value, starts_at, ends_at) VALUES ('VIEJO', 'percent', 10, '2020-01-01', '2020-02-01'), ('FUTURO', 'percent', 10, '2998-01-01', '2999-01-01')`);
      await db.query(`INSERT INTO coupons (code, type, value_cents, min_order_cents) VALUES ('MINIMO', 'fixed', 1000, 1000000)`);
      await db.query(`INSERT INTO coupons (code, type, percent_value, usage_limit) VALUES ('UNAVEZ', 'percent', 10, 1)`);
      const checksum = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1', '--coupon', 'viejo']), ExitCode.ruleRefused, /^coupon VIEJO has expired/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1', '--coupon', 'futuro']), ExitCode.ruleRefused, /^coupon FUTURO is not valid yet/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1', '--coupon', 'minimo']), ExitCode.ruleRefused, /^coupon MINIMO needs an order of at least/);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1', '--coupon', 'NOEXISTE']), ExitCode.notFound, /NOEXISTE/);
      expect(await databaseChecksum(db)).to.deep.equal(checksum);

      const first = await create(['NL-AUTO-X1:1'], ['--coupon', 'unavez']);
      const second = await create(['NL-AUTO-X1:1'], ['--coupon', 'unavez']);
      await json(staff, ['orders:pay', String(first.id), '--provider', 'test']);
      const paid = await shelf('NL-AUTO-X1');
      expectRefused(await cli(staff, ['orders:pay', String(second.id), '--provider', 'test']), ExitCode.ruleRefused, /^coupon UNAVEZ has been used up: 1 of 1 uses taken/);
      expect(await usedCount('UNAVEZ')).to.equal(1);
      expect(await statusOf(second.id)).to.equal('pending');
      expect(await shelf('NL-AUTO-X1')).to.deep.equal(paid);
      expectRefused(await cli(staff, ['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:1', '--coupon', 'unavez']), ExitCode.ruleRefused, /has been used up/);
    });

    it('cancel --refund gives the money back with the stock; an order with returns in progress cannot be cancelled', async () => {
      const order = await create(['NL-AUTO-X3:1']);
      await json(staff, ['orders:pay', String(order.id), '--provider', 'webpay', '--ref', 'WP-R']);
      const result = await json<{ order: Order; refund: { amountCents: number } }>(staff, ['orders:cancel', String(order.id), '--reason', 'sin stock real', '--refund']);
      expect(result.refund.amountCents).to.equal(1299000);
      expect(result.order.payments.map((p) => p.status)).to.deep.equal(['refunded']);
      expect(await db.query('SELECT r.amount_cents::int, r.reason FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = $1', [order.id])).to.deep.equal([{ amount_cents: 1299000, reason: 'sin stock real' }]);

      const unpaid = await create(['NL-AUTO-X3:1']);
      const cancelled = await json<{ refund: unknown }>(staff, ['orders:cancel', String(unpaid.id), '--reason', 'x', '--refund']);
      expect(cancelled.refund).to.equal(null);

      const returned = await create(['NL-AUTO-X3:2']);
      await json(staff, ['orders:pay', String(returned.id), '--provider', 'test']);
      const [line] = await db.query<{ id: number }>('SELECT id::int FROM order_items WHERE order_id = $1', [returned.id]);
      await json(staff, ['returns:request', String(line.id), '--quantity', '1', '--reason', 'dañado']);
      const checksum = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:cancel', String(returned.id), '--reason', 'x']), ExitCode.ruleRefused, new RegExp(`^order ${returned.id} has returns \\(\\d+\\) that are not rejected`));
      expect(await databaseChecksum(db)).to.deep.equal(checksum);
    });
  });

  describe('orders:list and orders:show', () => {
    before(openStore);
    after(closeStore);

    it('lists by status and buyer, as JSON and CSV', async () => {
      const a = await create(['NL-AUTO-X1:1']);
      const b = await create(['NL-AUTO-X1:2']);
      await json(staff, ['orders:pay', String(b.id), '--provider', 'test']);
      const pending = await json<Array<{ id: number; status: string; user: string; items: number }>>(staff, ['orders:list', '--status', 'pending', '--user', buyer.email]);
      expect(pending.map((o) => [o.id, o.status, o.user, o.items])).to.deep.equal([[a.id, 'pending', buyer.email, 1]]);
      const csv = await cli(staff, ['orders:list', '--user', buyer.email, '--csv']);
      expect(csv.code, csv.stderr).to.equal(0);
      const lines = csv.stdout.trim().split(/\r?\n/);
      expect(lines[0]).to.equal('id,createdAt,user,status,items,totalCents,discountCents,shippingPriceCents,amountDueCents');
      expect(lines.slice(1).map((l) => l.split(',')[3])).to.deep.equal(['pending', 'paid']);
      expect(lines[2].split(',').slice(-5)).to.deep.equal(['2', '998000', '0', '0', '998000']);
      expectRefused(await cli(staff, ['orders:list', '--status', 'lost']), ExitCode.invalidInput, /^--status: must be one of pending, paid/);
      expectRefused(await cli(staff, ['orders:list', '--since', '2026-02-30']), ExitCode.invalidInput, /^--since: must be a real date/);
    });

    it('shows an order with its lines and history, and says so when there is none', async () => {
      const order = await create(['AH-FEM-X1:2']);
      const shown = await json(staff, ['orders:show', String(order.id)]);
      expect(shown.lines.map((l) => [l.sku, l.quantity])).to.deep.equal([['AH-FEM-X1', 2]]);
      expect(shown.history).to.deep.equal([{ at: (shown.history[0] as unknown as { at: string }).at, action: 'orders.create', actor: staff.email, meta: (shown.history[0] as unknown as { meta: unknown }).meta }]);
      expectRefused(await cli(staff, ['orders:show', '424242']), ExitCode.notFound, /^no order 424242$/);
    });
  });

  describe('races between real processes', function () {
    // Hundreds of processes on a shared machine: a generous guard against a hang, not a timing.
    this.timeout(1_800_000);
    before(openStore);
    after(closeStore);

    const ROUNDS = 10;
    const RACERS = 20;
    const UNITS = 5;

    async function setShelf(sku: string, units: number): Promise<void> {
      await db.query(`UPDATE inventory SET quantity_reserved = 0 WHERE variant_id = (SELECT id FROM product_variants WHERE sku = $1)`, [sku]);
      await db.query(`UPDATE inventory SET quantity_available = $2 WHERE variant_id = (SELECT id FROM product_variants WHERE sku = $1)`, [sku, units]);
    }

    it(`${RACERS} orders:pay processes competing for ${UNITS} units: exactly ${UNITS} paid, stock 0, ${ROUNDS} rounds`, async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        await setShelf('FLOR-IND-10G', UNITS);
        const validated = await buildUser(db, { role: 'customer', validatedMedicinal: true });
        const ids: number[] = [];
        for (let i = 0; i < RACERS; i++) ids.push(await unreservedOrder('FLOR-IND-10G', 1, validated));
        const results = await Promise.all(ids.map((id, i) => cli(staff, ['orders:pay', String(id), '--provider', 'test', '--ref', `R${round}-${i}`])));
        const paid = results.filter((r) => r.code === 0).length;
        const refused = results.filter((r) => r.code === ExitCode.ruleRefused && /^error: not enough stock for FLOR-IND-10G/.test(r.stderr)).length;
        expect({ round, paid, refused }, results.map((r) => r.stderr).join('')).to.deep.equal({ round, paid: UNITS, refused: RACERS - UNITS });
        expect(await shelf('FLOR-IND-10G'), `round ${round}`).to.deep.equal({ available: 0, reserved: 0, stock: 0 });
        const statuses = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM orders WHERE id = ANY($1) GROUP BY status ORDER BY status`, [ids]);
        expect(statuses).to.deep.equal([{ status: 'paid', n: UNITS }, { status: 'pending', n: RACERS - UNITS }]);
      }
    });

    it(`${RACERS} orders:pay processes sharing a coupon with usage_limit 3: exactly 3 paid, used_count 3, ${ROUNDS} rounds`, async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        await setShelf('NL-AUTO-X5', RACERS);
        const [coupon] = await db.query<{ id: number }>(`INSERT INTO coupons (code, type, percent_value, usage_limit) VALUES ($1, 'percent', 10, 3) RETURNING id::int`, [`TRES${round}`]);
        const ids: number[] = [];
        for (let i = 0; i < RACERS; i++) {
          const id = await unreservedOrder('NL-AUTO-X5', 1);
          await db.query('UPDATE orders SET coupon_id = $1, discount_cents = total_cents / 10 WHERE id = $2', [coupon.id, id]);
          ids.push(id);
        }
        const results = await Promise.all(ids.map((id) => cli(staff, ['orders:pay', String(id), '--provider', 'test'])));
        const paid = results.filter((r) => r.code === 0).length;
        const refused = results.filter((r) => r.code === ExitCode.ruleRefused && new RegExp(`^error: coupon TRES${round} has been used up: 3 of 3`).test(r.stderr)).length;
        expect({ round, paid, refused }, results.map((r) => r.stderr).join('')).to.deep.equal({ round, paid: 3, refused: RACERS - 3 });
        expect((await db.query<{ used_count: number }>('SELECT used_count FROM coupons WHERE id = $1', [coupon.id]))[0].used_count).to.equal(3);
        expect((await shelf('NL-AUTO-X5')).available, `round ${round}`).to.equal(RACERS - 3);
      }
    });

    it(`${RACERS} orders:create processes reserving from ${UNITS} units: exactly ${UNITS} created, ${ROUNDS} rounds`, async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        await db.query(`UPDATE stock_allocations SET status = 'released' WHERE status = 'reserved'`);
        await setShelf('AH-FEM-X5', UNITS);
        const countBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders'))[0].n;
        const results = await Promise.all(Array.from({ length: RACERS }, () => cli(staff, ['orders:create', '--user', buyer.email, '--item', 'AH-FEM-X5:1'])));
        const created = results.filter((r) => r.code === 0).length;
        const refused = results.filter((r) => r.code === ExitCode.ruleRefused && /^error: not enough stock for AH-FEM-X5/.test(r.stderr)).length;
        expect({ round, created, refused }, results.map((r) => r.stderr).join('')).to.deep.equal({ round, created: UNITS, refused: RACERS - UNITS });
        expect(await shelf('AH-FEM-X5'), `round ${round}`).to.deep.equal({ available: UNITS, reserved: UNITS, stock: UNITS });
        expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders'))[0].n).to.equal(countBefore + UNITS);
      }
    });
  });
});
