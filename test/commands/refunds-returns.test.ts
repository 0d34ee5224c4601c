import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { refundOrderPayments } from '../../src/services/orders/refunds';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, type CliResult, expectRefused as refused } from '../helpers/cli';
import { markPaidSql } from '../helpers/orders';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

const expectRefused = (result: CliResult, code: number, pattern: RegExp): void => refused(result, code, pattern, { emptyStdout: true });


interface PaymentRow {
  id: number;
  amount_cents: number;
  status: string;
}

interface AuditRow {
  actor_user_id: number | null;
  action: string;
  entity: string;
  entity_id: number;
  meta: Record<string, unknown>;
}

interface OrderSpec {
  /** SKU and units of each line, at the variant's price. */
  lines?: Array<[string, number]>;
  /** Amounts of the order's approved payments, oldest first. */
  payments?: number[];
  /** 'pending' leaves the order unpaid (its payments stay as given). */
  status?: 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled';
}

interface BuiltOrder {
  id: number;
  items: number[];
  payments: number[];
}

describe('store orders:refund and returns:*', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let customer: TestUser;
  let orders = 0;

  async function openStore(): Promise<void> {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    customer = await buildUser(db, { role: 'customer' });
  }
  const closeStore = async () => db.close();

  const cli = (user: TestUser, args: string[]) => runCli(args, as(user, db));
  async function json<T = Record<string, unknown>>(user: TestUser, args: string[]): Promise<T> {
    const result = await cli(user, [...args, '--json']);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }

  /**
   * An order written with SQL, as orders:pay would leave it: pending with its lines, then
   * approved payments (created a minute apart, oldest first), then moved along to `status`.
   */
  async function buildOrder(spec: OrderSpec = {}): Promise<BuiltOrder> {
    const lines = spec.lines ?? [['NL-AUTO-X1', 2]];
    const status = spec.status ?? 'paid';
    const [order] = await db.query<{ id: number }>(`INSERT INTO orders (user_id) VALUES ($1) RETURNING id::int`, [customer.id]);
    const items: number[] = [];
    for (const [sku, quantity] of lines) {
      const [item] = await db.query<{ id: number }>(
        `INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
         SELECT $1, product_id, id, $2::int, price_cents, $2::int * price_cents FROM product_variants WHERE sku = $3 RETURNING id::int`,
        [order.id, quantity, sku],
      );
      items.push(item.id);
    }
    const payments: number[] = [];
    const amounts = spec.payments ?? [(await db.query<{ t: number }>('SELECT total_cents AS t FROM orders WHERE id = $1', [order.id]))[0].t];
    for (const [index, amount] of amounts.entries()) {
      const [payment] = await db.query<{ id: number }>(
        `INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status, created_at)
         VALUES ($1, $2, 'test', $3, $4, now() - make_interval(mins => $5)) RETURNING id::int`,
        [order.id, amount, `ref-${order.id}-${++orders}`, status === 'pending' ? 'pending' : 'approved', amounts.length - index],
      );
      payments.push(payment.id);
    }
    if (status !== 'pending') {
      await db.query(markPaidSql(order.id));
      const path = { paid: [], shipped: ['shipped'], delivered: ['shipped', 'delivered'], cancelled: ['cancelled'] }[status];
      for (const next of path) await db.query(`UPDATE orders SET status = $2 WHERE id = $1`, [order.id, next]);
    }
    return { id: order.id, items, payments };
  }

  const paymentsOf = (orderId: number) =>
    db.query<PaymentRow>('SELECT id::int, amount_cents::int, status FROM payments WHERE order_id = $1 ORDER BY id', [orderId]);
  const refundsOf = (orderId: number) =>
    db.query<{ payment_id: number; amount_cents: number; reason: string }>(
      `SELECT r.payment_id::int, r.amount_cents::int, r.reason FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = $1 ORDER BY r.id`,
      [orderId],
    );
  const audits = (action: string) =>
    db.query<AuditRow>('SELECT actor_user_id::int, action, entity, entity_id::int, meta FROM system_logs WHERE action = $1 ORDER BY id', [action]);
  const orderStatus = async (orderId: number) => (await db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId]))[0].status;

  describe('orders:refund', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    it('refunds part, then the rest: the payment goes partially_refunded, then refunded; the order keeps its status', async () => {
      const order = await buildOrder({ payments: [998000] });
      const first = await json<Record<string, unknown>>(staff, ['orders:refund', String(order.id), '--amount', '300000', '--reason', 'Sobre dañado']);
      expect(first).to.deep.include({ orderId: order.id, amountCents: 300000, paidCents: 998000, refundedCents: 300000, refundableCents: 698000, orderStatus: 'paid' });
      expect(first.refunds).to.have.length(1);
      expect((first.refunds as Array<Record<string, unknown>>)[0]).to.deep.include({
        paymentId: order.payments[0],
        amountCents: 300000,
        paymentStatusBefore: 'approved',
        paymentStatus: 'partially_refunded',
        paymentRefundedCents: 300000,
      });
      expect(await paymentsOf(order.id)).to.deep.equal([{ id: order.payments[0], amount_cents: 998000, status: 'partially_refunded' }]);

      const second = await cli(staff, ['orders:refund', String(order.id), '--amount', '698000', '--reason', 'Cliente desistió']);
      expect(second.code, second.stderr).to.equal(0);
      expect(second.stdout).to.include('Refunded $6.980 on order').and.include('now refunded').and.include('still refundable $0');
      expect(await paymentsOf(order.id)).to.deep.equal([{ id: order.payments[0], amount_cents: 998000, status: 'refunded' }]);
      expect(await refundsOf(order.id)).to.deep.equal([
        { payment_id: order.payments[0], amount_cents: 300000, reason: 'Sobre dañado' },
        { payment_id: order.payments[0], amount_cents: 698000, reason: 'Cliente desistió' },
      ]);
      expect(await orderStatus(order.id)).to.equal('paid');

      const logs = await audits('payments.refund');
      expect(logs.map((l) => [l.actor_user_id, l.entity, l.entity_id])).to.deep.equal([
        [staff.id, 'payments', order.payments[0]],
        [staff.id, 'payments', order.payments[0]],
      ]);
      expect(logs[1].meta).to.deep.include({
        order_id: order.id,
        amount_cents: 698000,
        reason: 'Cliente desistió',
        before: { status: 'partially_refunded', refunded_cents: 300000 },
        after: { status: 'refunded', refunded_cents: 998000 },
      });

      const before = await databaseChecksum(db);
      expectRefused(await cli(staff, ['orders:refund', String(order.id), '--all', '--reason', 'otra vez']), ExitCode.ruleRefused, /^error: order \d+ has nothing left to refund: \$9\.980 \(998000 cents\) paid, \$9\.980 \(998000 cents\) already refunded$/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('refuses more than is refundable, naming both amounts, and changes nothing', async () => {
      const order = await buildOrder({ payments: [499000] });
      await json(admin, ['orders:refund', String(order.id), '--amount', '100000', '--reason', 'parcial']);
      const before = await databaseChecksum(db);
      const result = await cli(staff, ['orders:refund', String(order.id), '--amount', '400000', '--reason', 'demasiado']);
      expectRefused(
        result,
        ExitCode.ruleRefused,
        /^error: cannot refund \$4\.000 \(400000 cents\) on order \d+: only \$3\.990 \(399000 cents\) is refundable \(\$4\.990 \(499000 cents\) paid, \$1\.000 \(100000 cents\) already refunded\)$/,
      );
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('refuses an order that was never paid (exit 5), a missing order (exit 4) and bad input (exits 2, 3), changing nothing', async () => {
      const pending = await buildOrder({ status: 'pending', payments: [499000] });
      const paid = await buildOrder();
      const before = await databaseChecksum(db);
      expectRefused(
        await cli(staff, ['orders:refund', String(pending.id), '--all', '--reason', 'x']),
        ExitCode.ruleRefused,
        /^error: order \d+ is pending: only paid, shipped, delivered, cancelled orders can be refunded$/,
      );
      expectRefused(await cli(staff, ['orders:refund', '999999', '--all', '--reason', 'x']), ExitCode.notFound, /^error: no order 999999$/);
      expectRefused(await cli(staff, ['orders:refund', String(paid.id), '--reason', 'x']), ExitCode.usage, /^error: (Exactly one of the following must be provided: --all, --amount|--all cannot also be provided when using --amount)$/);
      expectRefused(await cli(staff, ['orders:refund', String(paid.id), '--all', '--amount', '5', '--reason', 'x']), ExitCode.usage, /^error: (Exactly one of the following must be provided: --all, --amount|--all cannot also be provided when using --amount)$/);
      expectRefused(await cli(staff, ['orders:refund', String(paid.id), '--all']), ExitCode.usage, /^error: Missing required flag reason$/);
      expectRefused(await cli(staff, ['orders:refund', String(paid.id), '--amount', '4.990', '--reason', 'x']), ExitCode.invalidInput, /^error: --amount: must be a whole number of cents/);
      expectRefused(await cli(staff, ['orders:refund', String(paid.id), '--amount', '0', '--reason', 'x']), ExitCode.invalidInput, /^error: --amount: must be at least 1 cent$/);
      expectRefused(await cli(staff, ['orders:refund', 'doce', '--all', '--reason', 'x']), ExitCode.invalidInput, /^error: ORDER_ID: must be a positive whole number$/);
      expectRefused(await cli(staff, ['orders:refund', String(paid.id), '--all', '--reason', '  ']), ExitCode.invalidInput, /^error: --reason: must not be empty$/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('--all refunds what is left; a cancelled order that was paid can be refunded too', async () => {
      const order = await buildOrder({ payments: [1000000], status: 'cancelled' });
      await json(staff, ['orders:refund', String(order.id), '--amount', '250000', '--reason', 'primera parte']);
      const all = await json(staff, ['orders:refund', String(order.id), '--all', '--reason', 'anulado']);
      expect(all).to.deep.include({ amountCents: 750000, refundedCents: 1000000, refundableCents: 0, orderStatus: 'cancelled' });
      expect(await paymentsOf(order.id)).to.deep.equal([{ id: order.payments[0], amount_cents: 1000000, status: 'refunded' }]);
      expect(await orderStatus(order.id)).to.equal('cancelled');
    });

    it('takes the newest payment first and spills over to older ones', async () => {
      const order = await buildOrder({ lines: [['NL-AUTO-X1', 2]], payments: [600000, 398000] });
      const [older, newer] = order.payments;
      const result = await json<{ refunds: Array<{ paymentId: number; amountCents: number; paymentStatus: string }> }>(staff, [
        'orders:refund',
        String(order.id),
        '--amount',
        '500000',
        '--reason',
        'dos pagos',
      ]);
      expect(result.refunds.map((r) => [r.paymentId, r.amountCents, r.paymentStatus])).to.deep.equal([
        [newer, 398000, 'refunded'],
        [older, 102000, 'partially_refunded'],
      ]);
      expect(await paymentsOf(order.id)).to.deep.equal([
        { id: older, amount_cents: 600000, status: 'partially_refunded' },
        { id: newer, amount_cents: 398000, status: 'refunded' },
      ]);
      await json(staff, ['orders:refund', String(order.id), '--all', '--reason', 'el resto']);
      expect((await paymentsOf(order.id)).map((p) => p.status)).to.deep.equal(['refunded', 'refunded']);
      expect(await refundsOf(order.id)).to.deep.equal([
        { payment_id: newer, amount_cents: 398000, reason: 'dos pagos' },
        { payment_id: older, amount_cents: 102000, reason: 'dos pagos' },
        { payment_id: older, amount_cents: 498000, reason: 'el resto' },
      ]);
    });

    it('ignores pending and rejected payments', async () => {
      const order = await buildOrder({ payments: [998000] });
      await db.query(`INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status) VALUES ($1, 500000, 'webpay', 'rechazado-1', 'rejected')`, [order.id]);
      const result = await json(staff, ['orders:refund', String(order.id), '--all', '--reason', 'todo']);
      expect(result).to.deep.include({ paidCents: 998000, amountCents: 998000 });
      expect((await paymentsOf(order.id)).map((p) => p.status)).to.deep.equal(['refunded', 'rejected']);
    });

    it('refundOrderPayments works inside the caller’s transaction, whatever the order status, and rolls back with it', async () => {
      const order = await buildOrder({ payments: [499000] });
      const sequelize = await db.sequelize();
      const before = await databaseChecksum(db);
      const rollback = new Error('rollback');
      try {
        await sequelize.transaction(async (transaction) => {
          const result = await refundOrderPayments(sequelize, transaction, { orderId: order.id, amountCents: 'all', reason: 'anulación', actorId: staff.id });
          expect(result).to.deep.include({ amountCents: 499000, refundableCents: 0 });
          throw rollback;
        });
        expect.fail('the transaction should have been rolled back');
      } catch (error) {
        expect(error).to.equal(rollback);
      }
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('a customer may not refund (exit 6) and nothing changes', async () => {
      const order = await buildOrder();
      const before = await databaseChecksum(db);
      expectRefused(await cli(customer, ['orders:refund', String(order.id), '--all', '--reason', 'quiero mi plata']), ExitCode.notAllowed, /not allowed to the customer role/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('concurrent refunds of one order never exceed what was paid (real processes)', async function () {
      this.timeout(300_000);
      const order = await buildOrder({ payments: [499000, 499000] });
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => cli(staff, ['orders:refund', String(order.id), '--amount', '300000', '--reason', `carrera ${i}`])));
      const stderr = results.map((r) => r.stderr).join('');
      expect(results.filter((r) => r.code === 0), stderr).to.have.length(3);
      expect(results.filter((r) => r.code !== 0).map((r) => r.code), stderr).to.deep.equal([ExitCode.ruleRefused, ExitCode.ruleRefused, ExitCode.ruleRefused]);
      const refunds = await refundsOf(order.id);
      expect(refunds.reduce((sum, r) => sum + r.amount_cents, 0)).to.equal(900000);
      expect((await paymentsOf(order.id)).map((p) => p.status)).to.deep.equal(['partially_refunded', 'refunded']);
    });
  });

  describe('returns:*', () => {
    beforeEach(openStore);
    afterEach(closeStore);

    interface Change {
      return: { id: number; orderId: number; orderItemId: number; status: string; quantity: number; sku: string };
      from: string | null;
      to: string;
      notes: string | null;
      restock: { warehouse: { name: string }; units: number; before: { available: number }; after: { available: number }; variantStock: number } | null;
    }
    /** Available units of a SKU per warehouse name, and the variant's stock. */
    async function stockOf(sku: string): Promise<{ shelves: Record<string, number>; stock: number }> {
      const rows = await db.query<{ name: string; available: number }>(
        `SELECT w.name, i.quantity_available AS available FROM inventory i JOIN warehouses w ON w.id = i.warehouse_id
         JOIN product_variants v ON v.id = i.variant_id WHERE v.sku = $1 ORDER BY w.name`,
        [sku],
      );
      const [{ stock }] = await db.query<{ stock: number }>('SELECT stock FROM product_variants WHERE sku = $1', [sku]);
      return { shelves: Object.fromEntries(rows.map((r) => [r.name, r.available])), stock };
    }
    const returnStatus = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM returns WHERE id = $1', [id]))[0].status;
    const request = (user: TestUser, item: number, quantity: number, reason = 'No le gustó') =>
      json<Change>(user, ['returns:request', String(item), '--quantity', String(quantity), '--reason', reason]);
    /** A return of `quantity` units of a fresh delivered order's line, moved to `status`. */
    async function returnIn(status: 'requested' | 'approved' | 'rejected' | 'received', quantity = 1): Promise<number> {
      const order = await buildOrder({ lines: [['AH-FEM-X1', 3]], status: 'delivered' });
      const { return: made } = await request(staff, order.items[0], quantity);
      if (status === 'approved' || status === 'received') await json(staff, ['returns:approve', String(made.id)]);
      if (status === 'rejected') await json(staff, ['returns:reject', String(made.id)]);
      if (status === 'received') await json(staff, ['returns:receive', String(made.id)]);
      return made.id;
    }

    it('requested → approved → received --restock: the units go back once, to the default warehouse, all audited', async () => {
      const order = await buildOrder({ lines: [['NL-AUTO-X1', 3], ['AH-FEM-X3', 1]], status: 'delivered' });
      const before = await stockOf('NL-AUTO-X1');

      const requested = await request(staff, order.items[0], 2, 'Semillas dañadas');
      expect(requested.return).to.deep.include({ orderId: order.id, orderItemId: order.items[0], status: 'requested', quantity: 2, sku: 'NL-AUTO-X1' });
      expect(requested).to.deep.include({ from: null, to: 'requested', restock: null });

      const approved = await cli(admin, ['returns:approve', String(requested.return.id)]);
      expect(approved.code, approved.stderr).to.equal(0);
      expect(approved.stdout.trim()).to.equal(`Return ${requested.return.id} approved: 2 × NL-AUTO-X1 from order ${order.id}.`);
      expect(await stockOf('NL-AUTO-X1')).to.deep.equal(before);

      const received = await json<Change>(staff, ['returns:receive', String(requested.return.id), '--restock']);
      expect(received).to.deep.include({ from: 'approved', to: 'received' });
      expect(received.restock).to.deep.include({ units: 2, variantStock: before.stock + 2 });
      expect(received.restock!.warehouse.name).to.equal('Bodega Central');
      expect(received.restock!.after.available - received.restock!.before.available).to.equal(2);
      expect(await stockOf('NL-AUTO-X1')).to.deep.equal({ shelves: { 'Bodega Central': before.shelves['Bodega Central'] + 2 }, stock: before.stock + 2 });
      expect(await returnStatus(requested.return.id)).to.equal('received');
      expect(await orderStatus(order.id)).to.equal('delivered');
      expect(await db.query('SELECT count(*)::int AS n FROM refunds')).to.deep.equal([{ n: 0 }]);

      const logs = await db.query<AuditRow>(
        `SELECT actor_user_id::int, action, entity, entity_id::int, meta FROM system_logs WHERE action LIKE 'returns.%' OR action = 'stock.restock' ORDER BY id`,
      );
      expect(logs.map((l) => [l.action, l.entity, l.actor_user_id])).to.deep.equal([
        ['returns.request', 'returns', staff.id],
        ['returns.approve', 'returns', admin.id],
        ['stock.restock', 'inventory', staff.id],
        ['returns.receive', 'returns', staff.id],
      ]);
      expect(logs[3].meta).to.deep.include({ before: { status: 'approved' }, after: { status: 'received' }, restocked: { warehouse: 'Bodega Central', units: 2 } });
      expect(logs[2].meta).to.deep.include({ delta: 2, return_id: requested.return.id });
    });

    it('--restock --warehouse puts the units in that warehouse; --warehouse alone is a usage error', async () => {
      await db.query(`INSERT INTO warehouses (name) VALUES ('Bodega Sur')`);
      const id = await returnIn('approved', 2);
      const before = await stockOf('AH-FEM-X1');
      const unchanged = await databaseChecksum(db);
      expectRefused(await cli(staff, ['returns:receive', String(id), '--warehouse', 'Bodega Sur']), ExitCode.usage, /^error: All of the following must be provided when using --warehouse: --restock$/);
      expectRefused(await cli(staff, ['returns:receive', String(id), '--restock', '--warehouse', 'Bodega Norte']), ExitCode.notFound, /^error: no warehouse "Bodega Norte"$/);
      expect(await databaseChecksum(db)).to.deep.equal(unchanged);
      await json(staff, ['returns:receive', String(id), '--restock', '--warehouse', 'Bodega Sur']);
      expect(await stockOf('AH-FEM-X1')).to.deep.equal({ shelves: { ...before.shelves, 'Bodega Sur': 2 }, stock: before.stock + 2 });
    });

    it('receiving without --restock leaves stock alone', async () => {
      const id = await returnIn('approved', 2);
      const before = await stockOf('AH-FEM-X1');
      const received = await json<Change>(staff, ['returns:receive', String(id)]);
      expect(received).to.deep.include({ to: 'received', restock: null });
      expect(await stockOf('AH-FEM-X1')).to.deep.equal(before);
      expect(await returnStatus(id)).to.equal('received');
      const [log] = await audits('returns.receive');
      expect(log.meta).to.deep.include({ restocked: null });
    });

    it('never returns more than the line sold minus what is already requested, approved or received', async () => {
      const order = await buildOrder({ lines: [['NL-AUTO-X1', 2]], status: 'shipped' });
      const item = String(order.items[0]);
      const before = await databaseChecksum(db);
      expectRefused(
        await cli(staff, ['returns:request', item, '--quantity', '3', '--reason', 'todo']),
        ExitCode.ruleRefused,
        new RegExp(`^error: cannot return 3 units of order line ${item}: it sold 2 and 0 are already requested, approved or received, so at most 2 more can be returned$`),
      );
      expect(await databaseChecksum(db)).to.deep.equal(before);
      const first = await request(staff, order.items[0], 1);
      await json(staff, ['returns:approve', String(first.return.id)]);
      const middle = await databaseChecksum(db);
      expectRefused(
        await cli(staff, ['returns:request', item, '--quantity', '2', '--reason', 'otra']),
        ExitCode.ruleRefused,
        /it sold 2 and 1 is already requested, approved or received, so at most 1 more can be returned$/,
      );
      expect(await databaseChecksum(db)).to.deep.equal(middle);
      await request(staff, order.items[0], 1);
      expectRefused(await cli(staff, ['returns:request', item, '--quantity', '1', '--reason', 'más']), ExitCode.ruleRefused, /at most 0 more can be returned$/);
    });

    it('a rejected return frees its units: the customer may ask again; --notes go to the audit trail', async () => {
      const order = await buildOrder({ lines: [['NL-AUTO-X1', 2]] });
      const first = await request(staff, order.items[0], 2);
      const rejected = await json<Change>(staff, ['returns:reject', String(first.return.id), '--notes', 'Fuera de plazo']);
      expect(rejected).to.deep.include({ from: 'requested', to: 'rejected', notes: 'Fuera de plazo' });
      const [log] = await audits('returns.reject');
      expect(log.meta).to.deep.include({ notes: 'Fuera de plazo', before: { status: 'requested' }, after: { status: 'rejected' } });
      const again = await request(staff, order.items[0], 2, 'Ahora dentro de plazo');
      expect(again.return.status).to.equal('requested');
      expect(await db.query('SELECT status, quantity FROM returns ORDER BY id')).to.deep.equal([
        { status: 'rejected', quantity: 2 },
        { status: 'requested', quantity: 2 },
      ]);
    });

    it('refuses every move but requested → approved | rejected and approved → received, naming both statuses', async () => {
      const forbidden: Array<[string, string, string]> = [
        ['requested', 'receive', 'received'],
        ['approved', 'approve', 'approved'],
        ['approved', 'reject', 'rejected'],
        ['rejected', 'approve', 'approved'],
        ['rejected', 'reject', 'rejected'],
        ['rejected', 'receive', 'received'],
        ['received', 'approve', 'approved'],
        ['received', 'reject', 'rejected'],
        ['received', 'receive', 'received'],
      ];
      const ids: Record<string, number> = {};
      for (const status of ['requested', 'approved', 'rejected', 'received'] as const) ids[status] = await returnIn(status);
      const before = await databaseChecksum(db);
      for (const [status, verb, target] of forbidden) {
        const from = { approved: 'requested', rejected: 'requested', received: 'approved' }[target];
        expectRefused(
          await cli(staff, [`returns:${verb}`, String(ids[status]), ...(verb === 'receive' ? ['--restock'] : [])]),
          ExitCode.ruleRefused,
          new RegExp(`^error: return ${ids[status]} is ${status}, so it cannot become ${target}: only a ${from} return can be ${target}$`),
        );
      }
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('refuses returns of orders not paid, shipped or delivered, missing rows and bad input, changing nothing', async () => {
      const pending = await buildOrder({ status: 'pending' });
      const cancelled = await buildOrder({ status: 'cancelled' });
      const paid = await buildOrder();
      const approved = await request(staff, paid.items[0], 1);
      await json(staff, ['returns:approve', String(approved.return.id)]);
      const requested = await request(staff, paid.items[0], 1);
      await db.query(`UPDATE orders SET status = 'cancelled' WHERE id = $1`, [paid.id]);
      const before = await databaseChecksum(db);
      expectRefused(await cli(staff, ['returns:request', String(pending.items[0]), '--quantity', '1', '--reason', 'x']), ExitCode.ruleRefused, /^error: order \d+ is pending: returns can be requested only for paid, shipped, delivered orders$/);
      expectRefused(await cli(staff, ['returns:request', String(cancelled.items[0]), '--quantity', '1', '--reason', 'x']), ExitCode.ruleRefused, /^error: order \d+ is cancelled: returns can be requested/);
      expectRefused(await cli(staff, ['returns:approve', String(requested.return.id)]), ExitCode.ruleRefused, new RegExp(`^error: order ${paid.id} is cancelled: its returns can only be rejected$`));
      expectRefused(await cli(staff, ['returns:receive', String(approved.return.id), '--restock']), ExitCode.ruleRefused, new RegExp(`^error: order ${paid.id} is cancelled: its returns can only be rejected$`));
      expectRefused(await cli(staff, ['returns:request', '999999', '--quantity', '1', '--reason', 'x']), ExitCode.notFound, /^error: no order line 999999$/);
      expectRefused(await cli(staff, ['returns:approve', '999999']), ExitCode.notFound, /^error: no return 999999$/);
      expectRefused(await cli(staff, ['returns:list', '--order', '999999']), ExitCode.notFound, /^error: no order 999999$/);
      expectRefused(await cli(staff, ['returns:request', String(paid.items[0]), '--quantity', 'dos', '--reason', 'x']), ExitCode.invalidInput, /^error: --quantity: must be a whole number$/);
      expectRefused(await cli(staff, ['returns:request', String(paid.items[0]), '--quantity', '0', '--reason', 'x']), ExitCode.invalidInput, /^error: --quantity: must be between 1 and/);
      expectRefused(await cli(staff, ['returns:request', 'x', '--quantity', '1', '--reason', 'x']), ExitCode.invalidInput, /^error: ORDER_ITEM_ID: must be a positive whole number$/);
      expectRefused(await cli(staff, ['returns:request', String(paid.items[0]), '--quantity', '1']), ExitCode.usage, /^error: Missing required flag reason$/);
      expectRefused(await cli(staff, ['returns:reject', '0']), ExitCode.invalidInput, /^error: ID: must be a positive whole number$/);
      expectRefused(await cli(staff, ['returns:list', '--status', 'perdido']), ExitCode.usage, /^error: Expected --status=perdido to be one of/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
      // Rejecting is still allowed: it closes the request without touching stock or money.
      await json(staff, ['returns:reject', String(requested.return.id), '--notes', 'Pedido anulado']);
    });

    it('lists returns by status and order, as a table, JSON and CSV', async () => {
      const a = await buildOrder({ lines: [['NL-AUTO-X1', 2]] });
      const b = await buildOrder({ lines: [['AH-FEM-X3', 1]] });
      const r1 = await request(staff, a.items[0], 1, 'uno');
      const r2 = await request(staff, b.items[0], 1, 'dos, con coma');
      const r3 = await request(staff, a.items[0], 1, 'tres');
      await json(staff, ['returns:reject', String(r3.return.id)]);

      const requested = await json<{ returns: Array<{ id: number; status: string; customerEmail: string; soldQuantity: number }> }>(staff, ['returns:list', '--status', 'requested']);
      expect(requested.returns.map((r) => r.id)).to.deep.equal([r1.return.id, r2.return.id]);
      expect(requested.returns[0]).to.deep.include({ customerEmail: customer.email, soldQuantity: 2, status: 'requested' });
      const ofA = await json<{ returns: Array<{ id: number }> }>(staff, ['returns:list', '--order', String(a.id)]);
      expect(ofA.returns.map((r) => r.id)).to.deep.equal([r3.return.id, r1.return.id]);

      const csv = await cli(staff, ['returns:list', '--status', 'requested', '--csv']);
      expect(csv.code, csv.stderr).to.equal(0);
      const lines = csv.stdout.split('\r\n');
      expect(lines[0]).to.equal('id,orderId,orderItemId,customerEmail,sku,quantity,status,reason,requestedAt');
      expect(lines[2]).to.match(new RegExp(`^${r2.return.id},${b.id},${b.items[0]},${customer.email},AH-FEM-X3,1,requested,"dos, con coma",\\d{4}-`));
      const table = await cli(staff, ['returns:list', '--status', 'received']);
      expect(table.code).to.equal(0);
      expect(table.stderr.trim()).to.equal('No returns match.');
    });

    it('a customer may not touch returns (exit 6), and nothing changes', async () => {
      const order = await buildOrder();
      const id = await returnIn('approved');
      const before = await databaseChecksum(db);
      for (const args of [['returns:request', String(order.items[0]), '--quantity', '1', '--reason', 'x'], ['returns:approve', String(id)], ['returns:receive', String(id), '--restock'], ['returns:list']]) {
        expectRefused(await cli(customer, args), ExitCode.notAllowed, /not allowed to the customer role/);
      }
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('several processes receiving the same return with --restock at once: one wins, stock rises exactly once (3 rounds)', async function () {
      this.timeout(300_000);
      for (let round = 1; round <= 3; round++) {
        const id = await returnIn('approved', 2);
        const before = await stockOf('AH-FEM-X1');
        const results = await Promise.all(Array.from({ length: 6 }, () => cli(staff, ['returns:receive', String(id), '--restock'])));
        const stderr = results.map((r) => r.stderr).join('');
        expect(results.filter((r) => r.code === 0), stderr).to.have.length(1);
        for (const refused of results.filter((r) => r.code !== 0)) {
          expectRefused(refused, ExitCode.ruleRefused, new RegExp(`^error: return ${id} is received, so it cannot become received`));
        }
        expect(await stockOf('AH-FEM-X1')).to.deep.equal({ shelves: { 'Bodega Central': before.shelves['Bodega Central'] + 2 }, stock: before.stock + 2 });
        expect((await audits('stock.restock')).filter((l) => l.meta.return_id === id)).to.have.length(1);
        expect((await audits('returns.receive')).filter((l) => l.entity_id === id)).to.have.length(1);
      }
    });
  });
});
