/**
 * A shop with 90 days of sales for the reports to read: a catalog of 2,000 products × 5
 * variants, customers with medicinal documents, and N paid orders of 3 lines each (1,000,000
 * orders and 3,000,000 lines in a full run), every one with its payment and its units taken
 * from stock, a few with a refund. All of it written with set-based SQL inside the benchmark
 * database (INSERT … SELECT over generate_series), deterministic: the same N gives the same
 * rows on every machine.
 *
 * The catalog and the people go in through every trigger, as the store writes them. The
 * orders, lines, allocations, payments and refunds go in with session_replication_role =
 * replica (triggers, foreign-key checks included, off; CHECK and UNIQUE constraints still
 * hold), in this scratch database only: the row triggers would cost one call per line and
 * the deferred paid-order checks one per allocation, minutes at this size. What those
 * triggers guard is then checked with SQL over the whole database (verifySalesHistory), and
 * a failure fails the benchmark.
 */
import { Client } from 'pg';
import { newToken, tokenId } from '../../../src/services/auth/tokens';

export const PRODUCTS = 2_000;
export const VARIANTS_PER_PRODUCT = 5;
export const DAYS = 90;
export const LINES_PER_ORDER = 3;
/** Share of variants left under view_stock_low's threshold of 5 units. */
const LOW_STOCK_EVERY = 20;

export interface SalesHistoryOptions {
  orders: number;
  customers: number;
}

export interface SalesHistoryFacts {
  orders: number;
  lines: number;
  customers: number;
  variants: number;
  documents: number;
  refunds: number;
  /** A login token of the staff user (STORE_TOKEN for processes). */
  staffToken: string;
  /** Seconds spent writing the rows, and checking them afterwards. */
  generateSeconds: number;
  verifySeconds: number;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** Writes the shop into a migrated, empty database. */
export async function writeSalesHistory(url: string, options: SalesHistoryOptions, log: (message: string) => void): Promise<SalesHistoryFacts> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = process.hrtime.bigint();
  const variants = PRODUCTS * VARIANTS_PER_PRODUCT;
  try {
    // The catalog and the people, through the triggers (stock from inventory, price history).
    await client.query('BEGIN');
    await client.query(`INSERT INTO categories (id, slug, name, is_medicinal) VALUES (1, 'semillas', 'Semillas', false), (2, 'medicinal', 'Medicinal', true)`);
    await client.query(`INSERT INTO warehouses (id, name, is_default) VALUES (1, 'Bodega Central', true)`);
    await client.query(
      `INSERT INTO products (id, category_id, slug, name)
       SELECT g, CASE WHEN g % 10 = 0 THEN 2 ELSE 1 END, 'bench-producto-' || g, 'Producto Bench Nº' || g FROM generate_series(1, $1::int) g`,
      [PRODUCTS],
    );
    await client.query(
      `INSERT INTO product_variants (id, product_id, sku, option_label, price_cents)
       SELECT g, (g - 1) / $2::int + 1, 'RPT-' || g, 'x' || g, (10 + (g * 7919) % 90) * 10000 FROM generate_series(1, $1::int) g`,
      [variants, VARIANTS_PER_PRODUCT],
    );
    await client.query(
      `INSERT INTO inventory (warehouse_id, variant_id, quantity_available)
       SELECT 1, g, CASE WHEN g % $2::int = 0 THEN (g / $2::int) % 5 ELSE 20 + g % 200 END FROM generate_series(1, $1::int) g WHERE g % ($2::int * 5) <> 0`,
      [variants, LOW_STOCK_EVERY],
    );
    // A valid RUT for each body: the one check digit rut_is_valid accepts.
    const rut = (body: string) => `(SELECT ${body} || '-' || d FROM unnest(string_to_array('0,1,2,3,4,5,6,7,8,9,K', ',')) d WHERE rut_is_valid(${body} || '-' || d))`;
    await client.query(`INSERT INTO users (id, name, email, rut, role) VALUES (1, 'Bench Staff', 'bench-staff@store.test', ${rut("'15000000'")}, 'staff')`);
    await client.query(
      `INSERT INTO users (id, name, email, rut, role)
       SELECT 1 + g, 'Cliente Bench ' || g, 'bench-cliente-' || g || '@store.test', ${rut('(16000000 + g)::text')}, 'customer' FROM generate_series(1, $1::int) g`,
      [options.customers],
    );
    await client.query(`INSERT INTO customers (user_id) SELECT id FROM users WHERE role = 'customer'`);
    // Two of every five customers sent documents: pending, approved or rejected, some twice.
    await client.query(
      `INSERT INTO medicinal_documents (user_id, file_url, doc_type, status, reviewed_by, valid_until, created_at)
       SELECT u, 'https://docs.store.test/' || u || '-' || n || '.pdf', CASE WHEN n = 1 THEN 'receta' ELSE 'certificado' END, s.status,
              CASE WHEN s.status = 'pending' THEN NULL ELSE 1 END, CASE WHEN s.status = 'approved' THEN current_date + 180 END,
              now() - ((u * 13 + n * 7) % $2::int) * interval '1 day' - n * interval '1 hour'
       FROM generate_series(2, $1::int + 1) u CROSS JOIN generate_series(1, 2) n
       CROSS JOIN LATERAL (SELECT (ARRAY['pending', 'approved', 'rejected'])[1 + (u + n) % 3] AS status) s
       WHERE u % 5 < 2 AND (n = 1 OR u % 2 = 0)`,
      [options.customers, DAYS],
    );
    const staffToken = newToken();
    await client.query(`INSERT INTO auth_tokens (user_id, jti, expires_at) VALUES (1, $1, now() + interval '7 days')`, [tokenId(staffToken)]);
    await client.query('COMMIT');

    // The sales, with the triggers off in this session only (see the header).
    log(`writing ${options.orders} paid orders of ${LINES_PER_ORDER} lines over ${DAYS} days (triggers off in this scratch database; checked after)`);
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await client.query(`SET LOCAL work_mem = '64MB'`);
    // Line k of order g: three different variants (the offsets stay far below the variant
    // count), low ids more often (a hash of g, squared, skews towards them).
    await client.query(
      `INSERT INTO order_items (id, order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
       SELECT (g - 1) * ${LINES_PER_ORDER} + k, g, v.product_id, v.id, q.quantity, v.price_cents, q.quantity * v.price_cents
       FROM generate_series(1, $1::int) g
       CROSS JOIN generate_series(1, ${LINES_PER_ORDER}) k
       CROSS JOIN LATERAL (SELECT (g::bigint * 2654435761) % 1000003 AS h) r
       CROSS JOIN LATERAL (SELECT 1 + ((r.h * r.h / 1000003) * $2::int / 1000003 + (k - 1) * (1 + g % 97)) % $2::int AS variant,
                                  1 + (g + k) % 3 AS quantity) q
       JOIN product_variants v ON v.id = q.variant`,
      [options.orders, variants],
    );
    // Paid at a time of day spread over the last DAYS days; one in ten with a 10% discount.
    await client.query(
      `INSERT INTO orders (id, user_id, total_cents, discount_cents, shipping_price_cents, status, payment_provider, payment_ref, shipping_method, paid_at, created_at, updated_at)
       SELECT t.order_id, 2 + (t.order_id * 31) % $1::int, t.total, CASE WHEN t.order_id % 10 = 0 THEN t.total / 10 ELSE 0 END,
              CASE WHEN t.order_id % 3 = 0 THEN 399000 ELSE 0 END, 'paid', 'webpay', 'rpt-' || t.order_id,
              CASE WHEN t.order_id % 3 = 0 THEN 'starken' ELSE 'retiro_tienda' END, p.paid_at, p.paid_at - interval '20 minutes', p.paid_at
       FROM (SELECT order_id, sum(line_total_cents) AS total FROM order_items GROUP BY order_id) t
       CROSS JOIN LATERAL (SELECT now() - ((t.order_id * 7919) % ($2::int * 86400 - 3600) + 60) * interval '1 second' AS paid_at) p`,
      [options.customers, DAYS],
    );
    await client.query(
      `INSERT INTO stock_allocations (order_item_id, warehouse_id, quantity, status, created_at, updated_at)
       SELECT i.id, 1, i.quantity, 'taken', o.paid_at, o.paid_at FROM order_items i JOIN orders o ON o.id = i.order_id`,
    );
    // One payment per order; one in a hundred partly refunded a day later.
    await client.query(
      `INSERT INTO payments (id, order_id, amount_cents, provider, provider_ref, status, created_at, updated_at)
       SELECT id, id, amount_due_cents, 'webpay', payment_ref, CASE WHEN id % 100 = 7 THEN 'partially_refunded' ELSE 'approved' END, paid_at, paid_at FROM orders`,
    );
    await client.query(
      `INSERT INTO refunds (payment_id, amount_cents, reason, created_at)
       SELECT p.id, greatest(p.amount_cents / 4, 1), 'producto dañado', least(p.created_at + interval '1 day', now()) FROM payments p WHERE p.status = 'partially_refunded'`,
    );
    for (const table of ['categories', 'warehouses', 'products', 'product_variants', 'users', 'orders', 'order_items', 'payments']) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const generateSeconds = seconds(started);
    log(`written in ${generateSeconds.toFixed(1)} s; checking what the triggers would have guarded`);
    const verifyStarted = process.hrtime.bigint();
    await verifySalesHistory(client);
    const verifySeconds = seconds(verifyStarted);
    const {
      rows: [counts],
    } = await client.query<{ orders: number; lines: number; documents: number; refunds: number }>(
      `SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM order_items)::int AS lines,
              (SELECT count(*) FROM medicinal_documents)::int AS documents, (SELECT count(*) FROM refunds)::int AS refunds`,
    );
    return { ...counts, customers: options.customers, variants, staffToken, generateSeconds, verifySeconds };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * What the triggers and foreign keys skipped while generating would have refused, checked
 * over every row; throws naming each broken rule.
 */
export async function verifySalesHistory(client: Client): Promise<void> {
  const checks: Array<[string, string]> = [
    // order_items_sync_order_total / orders_total_is_derived
    ['orders whose total is not the sum of their lines', `SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, sum(line_total_cents) AS total FROM order_items GROUP BY order_id) s ON s.order_id = o.id WHERE o.total_cents <> coalesce(s.total, 0)`],
    // order_items_variant_of_product
    ['order lines whose variant is not of their product', `SELECT count(*) FROM order_items i LEFT JOIN product_variants v ON v.id = i.variant_id AND v.product_id = i.product_id WHERE v.id IS NULL`],
    // orders_paid_effects_hold: each line of a paid order has its quantity taken, and no unpaid order has units taken
    [
      'paid orders whose lines do not have their units taken',
      `SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id LEFT JOIN (SELECT order_item_id, sum(quantity) FILTER (WHERE status IN ('taken', 'restocked')) AS taken FROM stock_allocations GROUP BY order_item_id) a ON a.order_item_id = i.id
       WHERE o.paid_at IS NOT NULL AND coalesce(a.taken, 0) <> i.quantity`,
    ],
    ['unpaid orders with units taken', `SELECT count(*) FROM stock_allocations a JOIN order_items i ON i.id = a.order_item_id JOIN orders o ON o.id = i.order_id WHERE o.paid_at IS NULL AND a.status IN ('taken', 'restocked')`],
    // orders_coupon_counted (no coupons here) and the status machine (every order paid from pending)
    ['orders with a coupon', `SELECT count(*) FROM orders WHERE coupon_id IS NOT NULL`],
    // refunds_within_payment
    ['payments refunded beyond their amount', `SELECT count(*) FROM payments p JOIN (SELECT payment_id, sum(amount_cents) AS refunded FROM refunds GROUP BY payment_id) r ON r.payment_id = p.id WHERE r.refunded > p.amount_cents`],
    // foreign keys
    ['order lines of no order', `SELECT count(*) FROM order_items i WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = i.order_id)`],
    ['orders of no user', `SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id)`],
    ['allocations of no order line or warehouse', `SELECT count(*) FROM stock_allocations a WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.id = a.order_item_id) OR NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.id = a.warehouse_id)`],
    ['payments of no order', `SELECT count(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id)`],
    ['refunds of no payment', `SELECT count(*) FROM refunds r WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = r.payment_id)`],
    // what the store's own checks keep (not triggers, but the books should agree)
    ['paid orders without exactly one payment covering them', `SELECT count(*) FROM orders o LEFT JOIN payments p ON p.order_id = o.id WHERE o.paid_at IS NOT NULL AND (p.id IS NULL OR p.amount_cents <> o.amount_due_cents)`],
    ['variants whose stock is not the sum of their inventory', `SELECT count(*) FROM product_variants v LEFT JOIN (SELECT variant_id, sum(quantity_available) AS total FROM inventory GROUP BY variant_id) i ON i.variant_id = v.id WHERE v.stock <> coalesce(i.total, 0)`],
  ];
  const { rows } = await client.query<Record<string, number>>(`SELECT ${checks.map(([, sql], i) => `(${sql})::int AS c${i}`).join(', ')}`);
  const broken = checks.flatMap(([what], i) => (rows[0][`c${i}`] > 0 ? [`${rows[0][`c${i}`]} ${what}`] : []));
  if (broken.length > 0) throw new Error(`the generated sales history breaks the schema's rules: ${broken.join('; ')}`);
}
