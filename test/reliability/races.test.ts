/**
 * Races between real processes: every round starts a dozen `store` processes at once, with
 * starts staggered by a few random milliseconds (seeded: the seed is in every failure message,
 * STORE_RELIABILITY_SEED replays it), mixing every command that moves stock, money, coupons or
 * documents: orders:pay (free stock, reserved stock, a coupon), orders:create, stock:adjust,
 * docs:approve and orders:refund. After each round the shop's invariants are checked in SQL,
 * and every process must have either succeeded or been refused with exit 5 and one line.
 */
import { expect } from 'chai';
import { seedDatabase } from '../../src/services/db/seed';
import { startCli, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { PAID_ORDER_SQL } from '../helpers/orders';
import { as, buildUser, type TestUser } from '../helpers/people';
import { seededRandom, sleep } from '../helpers/random';
import { recordFigure, scaled } from '../helpers/reliability';

const SKUS = ['NL-AUTO-X1', 'AH-FEM-X1'] as const;
type Sku = (typeof SKUS)[number];
const REFUND_SKU = 'NL-AUTO-X3';
const SIDE_WAREHOUSE = 'Bodega Carrera';
const MAX_STAGGER_MS = 400;

/**
 * The shop's invariants, each a query returning the rows that break it (none when it holds).
 * `coupons` limits the coupon checks to this test's coupons: the seeded ones are counted by
 * fixtures that bypass orders:pay.
 */
const INVARIANTS: Array<{ name: string; sql: string }> = [
  {
    name: 'stock = Σ inventory.quantity_available',
    sql: `SELECT v.sku, v.stock, coalesce(sum(i.quantity_available), 0)::int AS inventory
          FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id
          GROUP BY v.id HAVING v.stock <> coalesce(sum(i.quantity_available), 0)`,
  },
  { name: 'stock ≥ 0', sql: `SELECT sku, stock FROM product_variants WHERE stock < 0` },
  {
    name: 'inventory: 0 ≤ reserved ≤ available',
    sql: `SELECT id, quantity_available, quantity_reserved FROM inventory
          WHERE quantity_available < 0 OR quantity_reserved < 0 OR quantity_reserved > quantity_available`,
  },
  {
    name: 'inventory.quantity_reserved = Σ reserved allocations',
    sql: `SELECT inv.id, inv.quantity_reserved, coalesce(a.units, 0) AS allocated
          FROM inventory inv
          LEFT JOIN (SELECT a.warehouse_id, i.variant_id, sum(a.quantity)::int AS units
                     FROM stock_allocations a JOIN order_items i ON i.id = a.order_item_id
                     WHERE a.status = 'reserved' GROUP BY 1, 2) a
            ON a.warehouse_id = inv.warehouse_id AND a.variant_id = inv.variant_id
          WHERE inv.quantity_reserved <> coalesce(a.units, 0)`,
  },
  {
    name: "a paid order's lines are taken from stock in full, a pending order's reserved at most once",
    sql: `SELECT o.id, o.status, i.id AS item, i.quantity, coalesce(sum(a.quantity) FILTER (WHERE a.status = 'taken'), 0)::int AS taken,
                 coalesce(sum(a.quantity) FILTER (WHERE a.status = 'reserved'), 0)::int AS reserved
          FROM orders o JOIN order_items i ON i.order_id = o.id LEFT JOIN stock_allocations a ON a.order_item_id = i.id
          GROUP BY o.id, i.id
          HAVING (o.status = 'paid' AND (coalesce(sum(a.quantity) FILTER (WHERE a.status = 'taken'), 0) <> i.quantity
                                         OR coalesce(sum(a.quantity) FILTER (WHERE a.status = 'reserved'), 0) <> 0))
              OR (o.status = 'pending' AND coalesce(sum(a.quantity) FILTER (WHERE a.status = 'reserved'), 0) NOT IN (0, i.quantity))`,
  },
  {
    name: 'coupon used_count ≤ usage_limit and = its paid orders',
    sql: `SELECT c.code, c.used_count, c.usage_limit, count(o.id) FILTER (WHERE o.paid_at IS NOT NULL)::int AS paid_orders
          FROM coupons c LEFT JOIN orders o ON o.coupon_id = c.id
          WHERE c.code LIKE 'CARRERA%'
          GROUP BY c.id
          HAVING c.used_count > coalesce(c.usage_limit, c.used_count) OR c.used_count <> count(o.id) FILTER (WHERE o.paid_at IS NOT NULL)`,
  },
  {
    name: "every order's total = Σ its lines, every line = quantity × unit price",
    sql: `SELECT o.id, o.total_cents, coalesce(sum(i.line_total_cents), 0) AS lines,
                 bool_or(i.line_total_cents <> i.quantity * i.unit_price_cents) AS bad_line
          FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
          GROUP BY o.id
          HAVING o.total_cents <> coalesce(sum(i.line_total_cents), 0) OR bool_or(i.line_total_cents <> i.quantity * i.unit_price_cents)`,
  },
  {
    name: 'approved payments of an order ≤ its amount due, and = it once paid',
    sql: `SELECT o.id, o.status, o.amount_due_cents, coalesce(sum(p.amount_cents), 0) AS paid
          FROM orders o LEFT JOIN payments p ON p.order_id = o.id AND p.status IN ('approved', 'partially_refunded', 'refunded')
          GROUP BY o.id
          HAVING coalesce(sum(p.amount_cents), 0) > o.amount_due_cents
              OR (o.status = 'paid' AND coalesce(sum(p.amount_cents), 0) <> o.amount_due_cents)`,
  },
  {
    name: 'refunds of a payment ≤ the payment, and its status says how much',
    sql: `SELECT p.id, p.amount_cents, p.status, coalesce(sum(r.amount_cents), 0) AS refunded
          FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id
          GROUP BY p.id
          HAVING coalesce(sum(r.amount_cents), 0) > p.amount_cents
              OR (coalesce(sum(r.amount_cents), 0) = p.amount_cents AND p.status <> 'refunded')
              OR (coalesce(sum(r.amount_cents), 0) BETWEEN 1 AND p.amount_cents - 1 AND p.status <> 'partially_refunded')`,
  },
  {
    name: 'a document is reviewed once',
    sql: `SELECT entity_id, count(*)::int AS reviews FROM system_logs
          WHERE action IN ('documents.approve', 'documents.reject') GROUP BY entity_id HAVING count(*) > 1`,
  },
];

type Kind = 'pay' | 'pay-coupon' | 'pay-reserved' | 'create' | 'adjust' | 'approve' | 'refund';

interface Racer {
  kind: Kind;
  args: string[];
  user: TestUser;
  /** The order paid, for the pay kinds. */
  orderId?: number;
  /** The SKU and delta of a stock:adjust. */
  adjust?: { sku: Sku; delta: number };
  delayMs: number;
  result?: CliResult;
}

describe('races: real store processes at once, invariants checked after every round', function () {
  // Dozens of processes on a shared two-core machine: a guard against a hang, not a timing.
  this.timeout(30 * 60_000);
  const random = seededRandom();
  const rounds = scaled(4);
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let buyer: TestUser;
  let roundsRun = 0;
  let processes = 0;
  const violations: string[] = [];
  const wins: Record<Kind, number> = { pay: 0, 'pay-coupon': 0, 'pay-reserved': 0, create: 0, adjust: 0, approve: 0, refund: 0 };
  /** Refusals by kind and reason (numbers left out), for the figure's notes. */
  const refusals = new Map<string, number>();

  before(async function () {
    this.timeout(5 * 60_000);
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    buyer = await buildUser(db, { role: 'customer' });
    // A second warehouse, so that reservations and payments span two inventory rows per variant.
    await db.query(`INSERT INTO warehouses (name) VALUES ($1)`, [SIDE_WAREHOUSE]);
    await db.query(
      `INSERT INTO inventory (warehouse_id, variant_id, quantity_available)
       SELECT w.id, v.id, 0 FROM warehouses w, product_variants v WHERE w.name = $1 AND v.sku = ANY($2)`,
      [SIDE_WAREHOUSE, SKUS],
    );
  });
  after(async () => {
    recordFigure({
      section: 'races',
      name: 'orders:pay (free stock, reserved stock, coupon), orders:create, stock:adjust, docs:approve, orders:refund at once',
      rounds: roundsRun,
      violations: violations.length,
      notes: `${processes} processes (${Math.round(processes / Math.max(1, roundsRun))} a round, starts staggered 0-${MAX_STAGGER_MS} ms), seed ${random.seed}; successes ${Object.entries(wins).map(([k, n]) => `${k} ${n}`).join(', ')}; refusals ${[...refusals].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    });
    await db?.close();
  });

  /** A pending order written by another channel (the web shop): lines only, no reservation. */
  async function unreservedOrder(user: TestUser, skus: readonly Sku[]): Promise<number> {
    const [order] = await db.query<{ id: number }>(`INSERT INTO orders (user_id) VALUES ($1) RETURNING id::int`, [user.id]);
    for (const sku of skus) {
      await db.query(
        `INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
         SELECT $1, product_id, id, 1, price_cents, price_cents FROM product_variants WHERE sku = $2`,
        [order.id, sku],
      );
    }
    return order.id;
  }

  const someSkus = (): Sku[] => random.shuffle(random.next() < 0.5 ? [...SKUS] : [random.pick(SKUS)]);

  async function shelves(): Promise<Record<Sku, number>> {
    const rows = await db.query<{ sku: Sku; available: number }>(
      `SELECT v.sku, sum(i.quantity_available)::int AS available FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE v.sku = ANY($1) GROUP BY v.sku`,
      [SKUS],
    );
    return Object.fromEntries(rows.map((r) => [r.sku, r.available])) as Record<Sku, number>;
  }

  async function unitsOf(orderIds: number[]): Promise<Record<Sku, number>> {
    const rows = await db.query<{ sku: Sku; units: number }>(
      `SELECT v.sku, sum(i.quantity)::int AS units FROM order_items i JOIN product_variants v ON v.id = i.variant_id WHERE i.order_id = ANY($1) AND v.sku = ANY($2) GROUP BY v.sku`,
      [orderIds, SKUS],
    );
    const units = { 'NL-AUTO-X1': 0, 'AH-FEM-X1': 0 } as Record<Sku, number>;
    for (const row of rows) units[row.sku] = row.units;
    return units;
  }

  /** The racers of one round, in a random order with random start delays. */
  async function prepareRound(round: number): Promise<{ racers: Racer[]; couponLimit: number; documentId: number }> {
    // A few free units per variant and warehouse on top of what pending orders hold.
    for (const sku of SKUS) {
      await db.query(
        `UPDATE inventory i SET quantity_available = i.quantity_reserved + CASE WHEN w.is_default THEN $2::int ELSE $3::int END
         FROM warehouses w, product_variants v WHERE w.id = i.warehouse_id AND v.id = i.variant_id AND v.sku = $1`,
        [sku, random.int(2, 5), random.int(0, 3)],
      );
    }
    const couponLimit = random.int(1, 2);
    const code = `CARRERA${round}`;
    const [coupon] = await db.query<{ id: number }>(`INSERT INTO coupons (code, type, percent_value, usage_limit) VALUES ($1, 'percent', 10, $2) RETURNING id::int`, [code, couponLimit]);

    const racers: Racer[] = [];
    const pay = (kind: Kind, orderId: number): Racer => ({ kind, orderId, user: staff, args: ['orders:pay', String(orderId), '--provider', random.pick(['webpay', 'flow', 'test']), '--ref', `R${round}-${orderId}`], delayMs: 0 });
    racers.push(pay('pay', await unreservedOrder(buyer, someSkus())));
    for (let i = 0; i < 2; i++) {
      const id = await unreservedOrder(buyer, someSkus());
      await db.query('UPDATE orders SET coupon_id = $1, discount_cents = total_cents / 10 WHERE id = $2', [coupon.id, id]);
      racers.push(pay('pay-coupon', id));
    }
    // An order holding reservations, made by orders:create before the race (skipped when the shelf is short).
    const reserved = await runSetup(staff, ['orders:create', '--user', buyer.email, ...someSkus().flatMap((sku) => ['--item', `${sku}:1`]), '--json']);
    if (reserved.code === 0) racers.push(pay('pay-reserved', (JSON.parse(reserved.stdout) as { id: number }).id));
    for (let i = 0; i < 2; i++) {
      const coupon = random.next() < 0.5 ? ['--coupon', code.toLowerCase()] : [];
      racers.push({ kind: 'create', user: staff, args: ['orders:create', '--user', buyer.email, ...someSkus().flatMap((sku) => ['--item', `${sku}:1`]), ...coupon], delayMs: 0 });
    }
    for (let i = 0; i < 2; i++) {
      const sku = random.pick(SKUS);
      const delta = random.pick([-2, -1, -1, 1, 2]);
      racers.push({ kind: 'adjust', user: admin, adjust: { sku, delta }, args: ['stock:adjust', '--sku', sku, '--delta', String(delta), '--reason', `carrera ${round}`], delayMs: 0 });
    }
    const patient = await buildUser(db, { role: 'customer' });
    const [document] = await db.query<{ id: number }>(
      `INSERT INTO medicinal_documents (user_id, file_url, doc_type, status) VALUES ($1, $2, 'receta', 'pending') RETURNING id::int`,
      [patient.id, `https://docs.store.test/carrera-${round}.pdf`],
    );
    for (let i = 0; i < 2; i++) racers.push({ kind: 'approve', user: staff, args: ['docs:approve', String(document.id), '--notes', `revisor ${i}`], delayMs: 0 });
    // A paid order whose two refunds of 60% race: exactly one fits.
    const [paid] = await db.query<{ order_id: number }>(PAID_ORDER_SQL, [buyer.id, REFUND_SKU, 1, null, null]);
    const [{ due }] = await db.query<{ due: number }>('SELECT amount_due_cents::int AS due FROM orders WHERE id = $1', [paid.order_id]);
    await db.query(`INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status) VALUES ($1, $2, 'test', $3, 'approved')`, [paid.order_id, due, `RF${round}`]);
    for (let i = 0; i < 2; i++) racers.push({ kind: 'refund', user: staff, args: ['orders:refund', String(paid.order_id), '--amount', String(Math.ceil(due * 0.6)), '--reason', `carrera ${round}`], delayMs: 0 });

    for (const racer of racers) racer.delayMs = random.int(0, MAX_STAGGER_MS);
    return { racers: random.shuffle(racers), couponLimit, documentId: document.id };
  }

  async function runSetup(user: TestUser, args: string[]): Promise<CliResult> {
    return startCli(args, as(user, db)).done;
  }

  async function race(racers: Racer[]): Promise<void> {
    await Promise.all(
      racers.map(async (racer) => {
        await sleep(racer.delayMs);
        racer.result = await startCli(racer.args, as(racer.user, db)).done;
      }),
    );
  }

  it(`keeps every invariant with ${rounds} rounds of a dozen processes`, async () => {
    for (let round = 1; round <= rounds; round++) {
      const { racers, couponLimit, documentId } = await prepareRound(round);
      const before = await shelves();
      await race(racers);
      roundsRun++;
      processes += racers.length;
      const found: string[] = [];
      const say = (what: string) => found.push(`round ${round} (seed ${random.seed}): ${what}`);

      for (const racer of racers) {
        const result = racer.result!;
        if (result.code === 0) wins[racer.kind]++;
        if (result.code === 5) {
          const reason = `${racer.kind}: ${result.stderr.replace(/^error: /, '').replace(/[\d.]+/g, 'N').split(':')[0].trim()}`;
          refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
        }
        const lines = result.stderr.trim().split('\n');
        if (result.code !== 0 && !(result.code === 5 && lines.length === 1 && /^error: /.test(lines[0]))) {
          say(`${racer.args.join(' ')} exited ${result.code}, expected 0 or 5 with one line: ${result.stderr.trim()}`);
        }
      }
      const successes = (kind: Kind) => racers.filter((r) => r.kind === kind && r.result!.code === 0).length;
      if (successes('approve') !== 1) say(`${successes('approve')} of 2 docs:approve of document ${documentId} succeeded, expected exactly 1`);
      if (successes('refund') !== 1) say(`${successes('refund')} of 2 refunds of 60% succeeded, expected exactly 1`);
      if (successes('pay-coupon') > couponLimit) say(`${successes('pay-coupon')} coupon orders paid, the coupon allows ${couponLimit}`);

      // Conservation: what is on the shelves now = before + adjustments − what was paid.
      const payers = racers.filter((r) => r.orderId !== undefined);
      const statuses = new Map(
        (await db.query<{ id: number; status: string }>('SELECT id::int, status FROM orders WHERE id = ANY($1)', [payers.map((r) => r.orderId)])).map((r) => [r.id, r.status]),
      );
      for (const racer of payers) {
        const paid = statuses.get(racer.orderId!) === 'paid';
        if (paid !== (racer.result!.code === 0)) say(`order ${racer.orderId} is ${statuses.get(racer.orderId!)} but orders:pay exited ${racer.result!.code}`);
      }
      const paidUnits = await unitsOf(payers.filter((r) => statuses.get(r.orderId!) === 'paid').map((r) => r.orderId!));
      const after = await shelves();
      for (const sku of SKUS) {
        const adjusted = racers.filter((r) => r.adjust?.sku === sku && r.result!.code === 0).map((r) => r.adjust!.delta);
        const added = adjusted.filter((d) => d > 0).reduce((a, b) => a + b, 0);
        const expected = before[sku] + adjusted.reduce((a, b) => a + b, 0) - paidUnits[sku];
        if (after[sku] !== expected) say(`${sku}: ${after[sku]} units on the shelves, expected ${before[sku]} + adjustments ${adjusted.join(' ') || '0'} − paid ${paidUnits[sku]} = ${expected}`);
        if (paidUnits[sku] > before[sku] + added) say(`${sku}: ${paidUnits[sku]} units paid, only ${before[sku]} + ${added} were there`);
      }

      for (const invariant of INVARIANTS) {
        const broken = await db.query(invariant.sql);
        if (broken.length > 0) say(`${invariant.name}: ${JSON.stringify(broken.slice(0, 5))}`);
      }
      violations.push(...found);
    }
    expect(violations, `seed ${random.seed} (STORE_RELIABILITY_SEED=${random.seed} replays it)`).to.deep.equal([]);
  });
});
