/**
 * Paid orders written with SQL, for tests that need sales without going through orders:pay.
 * The database refuses a paid order whose units were not taken from stock, or whose coupon
 * use was not counted (006_orders.sql, checked at commit), so the fixtures do what a payment
 * does as far as those guards see: allocations 'taken' for every line (inventory itself is
 * left alone) and, with a coupon, its use counted in the same transaction.
 */

/**
 * One statement: a paid order of one line ($2 SKU × $3 units) for user $1, paid at $4 (NULL:
 * now), with coupon $5 (NULL: none). Bind parameters $1..$5; returns order_id.
 */
export const PAID_ORDER_SQL = `
WITH o AS (
  INSERT INTO orders (user_id, status, paid_at, payment_provider, coupon_id)
  VALUES ($1, 'paid', coalesce($4::timestamptz, now()), 'test', $5::bigint) RETURNING id
), i AS (
  INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
  SELECT o.id, v.product_id, v.id, $3::int, v.price_cents, $3::int * v.price_cents FROM o, product_variants v WHERE v.sku = $2
  RETURNING id, quantity
), a AS (
  INSERT INTO stock_allocations (order_item_id, warehouse_id, quantity, status)
  SELECT i.id, (SELECT id FROM warehouses ORDER BY is_default DESC, id LIMIT 1), i.quantity, 'taken' FROM i
)
SELECT id::int AS order_id FROM o`;

/**
 * Statements (one string: a query without parameters runs them as one transaction) that
 * take the units of a pending order written with SQL (no reservations) and mark it paid.
 */
export function markPaidSql(orderId: number, paidAt = 'now()'): string {
  const id = Math.trunc(orderId);
  return `INSERT INTO stock_allocations (order_item_id, warehouse_id, quantity, status)
          SELECT i.id, (SELECT id FROM warehouses ORDER BY is_default DESC, id LIMIT 1), i.quantity, 'taken' FROM order_items i WHERE i.order_id = ${id};
          UPDATE orders SET status = 'paid', paid_at = ${paidAt}, payment_provider = 'test' WHERE id = ${id};`;
}
