/**
 * A deterministic shop to pay orders in: 40 products × 5 variants in one default warehouse,
 * a staff user (with a login token) and 100 customers, and N pending orders of 1–3 lines
 * written with SQL and without reservations, as orders from a web shop arrive. Each
 * variant's stock is 80% of the units ordered of it, so about a fifth of the payments must
 * be refused. The same seed and size always give the same rows (ids included).
 */
import { Client } from 'pg';
import { rutCheckDigit } from '../../../src/lib/rut';
import { newToken, tokenId } from '../../../src/services/auth/tokens';
import { generator } from '../../lib/random';

export const PRODUCTS = 40;
export const VARIANTS_PER_PRODUCT = 5;
export const CUSTOMERS = 100;
/** Stock of a variant as a share of the units ordered of it. */
export const STOCK_SHARE = 0.8;

export interface ShopOptions {
  orders: number;
  seed?: number;
}

export interface ShopFacts {
  orders: number;
  lines: number;
  variants: number;
  unitsOrdered: number;
  totalStock: number;
  /** Starting stock by variant id. */
  stock: Map<number, number>;
  staff: { id: number; email: string; name: string };
  /** A login token of the staff user (STORE_TOKEN for processes). */
  staffToken: string;
  /** Order ids in the (shuffled) order the workers take them. */
  payOrder: number[];
}

interface Line {
  id: number;
  orderId: number;
  productId: number;
  variantId: number;
  quantity: number;
  price: number;
}

/** Writes the shop into a migrated, empty database. */
export async function writeShop(url: string, options: ShopOptions): Promise<ShopFacts> {
  const random = generator(options.seed ?? 20_261_124);
  const pick = (n: number) => Math.floor(random() * n);
  const variantCount = PRODUCTS * VARIANTS_PER_PRODUCT;
  const prices = Array.from({ length: variantCount }, () => (10 + pick(90)) * 10_000);

  const lines: Line[] = [];
  const orderUsers: number[] = [];
  for (let order = 1; order <= options.orders; order++) {
    orderUsers.push(2 + pick(CUSTOMERS));
    const count = 1 + pick(3);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(1 + pick(variantCount));
    for (const variantId of [...chosen].sort((a, b) => a - b)) {
      const quantity = 1 + pick(3);
      lines.push({ id: lines.length + 1, orderId: order, productId: Math.ceil(variantId / VARIANTS_PER_PRODUCT), variantId, quantity, price: prices[variantId - 1] });
    }
  }
  const ordered = new Map<number, number>();
  for (const line of lines) ordered.set(line.variantId, (ordered.get(line.variantId) ?? 0) + line.quantity);
  const stock = new Map<number, number>();
  for (let id = 1; id <= variantCount; id++) stock.set(id, Math.floor((ordered.get(id) ?? 0) * STOCK_SHARE));
  const payOrder = Array.from({ length: options.orders }, (_, i) => i + 1);
  for (let i = payOrder.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [payOrder[i], payOrder[j]] = [payOrder[j], payOrder[i]];
  }

  const json = (rows: unknown[]) => JSON.stringify(rows);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO categories (id, slug, name, is_medicinal) VALUES (1, 'semillas', 'Semillas', false)`);
    await client.query(`INSERT INTO warehouses (id, name, is_default) VALUES (1, 'Bodega Central', true)`);
    await client.query(
      `INSERT INTO products (id, category_id, slug, name)
       SELECT g, 1, 'bench-semilla-' || g, 'Semilla Bench Nº' || g FROM generate_series(1, $1::int) g`,
      [PRODUCTS],
    );
    await client.query(
      `INSERT INTO product_variants (id, product_id, sku, option_label, price_cents)
       SELECT v.id, v.product_id, 'BENCH-' || v.id, 'x' || v.id, v.price FROM jsonb_to_recordset($1::jsonb) AS v(id bigint, product_id bigint, price bigint)`,
      [json(prices.map((price, i) => ({ id: i + 1, product_id: Math.ceil((i + 1) / VARIANTS_PER_PRODUCT), price })))],
    );
    await client.query(
      `INSERT INTO inventory (warehouse_id, variant_id, quantity_available)
       SELECT 1, s.variant_id, s.units FROM jsonb_to_recordset($1::jsonb) AS s(variant_id bigint, units integer) WHERE s.units > 0`,
      [json([...stock].map(([variant_id, units]) => ({ variant_id, units })))],
    );
    const staff = { id: 1, email: 'bench-staff@store.test', name: 'Bench Staff' };
    const rut = (n: number) => `${n}-${rutCheckDigit(String(n))}`;
    await client.query(`INSERT INTO users (id, name, email, rut, role) VALUES ($1, $2, $3, $4, 'staff')`, [staff.id, staff.name, staff.email, rut(15_000_000)]);
    await client.query(
      `INSERT INTO users (id, name, email, rut, role)
       SELECT 1 + g, 'Cliente Bench ' || g, 'bench-customer-' || g || '@store.test', r.rut, 'customer'
       FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS r(rut, g)`,
      [json(Array.from({ length: CUSTOMERS }, (_, i) => rut(16_000_000 + i)))],
    );
    await client.query(`INSERT INTO customers (user_id) SELECT id FROM users WHERE role = 'customer'`);
    const staffToken = newToken();
    await client.query(`INSERT INTO auth_tokens (user_id, jti, expires_at) VALUES ($1, $2, now() + interval '7 days')`, [staff.id, tokenId(staffToken)]);
    await client.query(
      `INSERT INTO orders (id, user_id) SELECT o.id, o.user_id FROM jsonb_to_recordset($1::jsonb) AS o(id bigint, user_id bigint)`,
      [json(orderUsers.map((user_id, i) => ({ id: i + 1, user_id })))],
    );
    await client.query(
      `INSERT INTO order_items (id, order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
       SELECT l.id, l.order_id, l.product_id, l.variant_id, l.quantity, l.price, l.quantity * l.price
       FROM jsonb_to_recordset($1::jsonb) AS l(id bigint, order_id bigint, product_id bigint, variant_id bigint, quantity integer, price bigint)`,
      [json(lines.map((l) => ({ id: l.id, order_id: l.orderId, product_id: l.productId, variant_id: l.variantId, quantity: l.quantity, price: l.price })))],
    );
    // Ids were given explicitly: move the identities past them for rows the store adds.
    for (const table of ['categories', 'warehouses', 'products', 'product_variants', 'users', 'orders', 'order_items']) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return {
      orders: options.orders,
      lines: lines.length,
      variants: variantCount,
      unitsOrdered: lines.reduce((sum, l) => sum + l.quantity, 0),
      totalStock: [...stock.values()].reduce((sum, n) => sum + n, 0),
      stock,
      staff,
      staffToken,
      payOrder,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
