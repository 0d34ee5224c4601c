/**
 * Every rule the database enforces, one case each: the bad statement fails with the exact
 * SQLSTATE and constraint, and the database is byte-for-byte what it was before.
 */
import { expect } from 'chai';
import { connect } from '../../src/db/connection';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { failure, freshDatabase, type TestDatabase } from '../helpers/database';

interface RefusedCase {
  rule: string;
  /** Committed before the checksum is taken. */
  setup?: string;
  sql: string;
  code: string;
  constraint: string;
}

// Ids in the seed: look rows up by natural key so the cases do not depend on id order.
const CUSTOMER = `(SELECT id FROM users WHERE email = 'cliente@store.test')`;
const ADMIN = `(SELECT id FROM users WHERE email = 'admin@store.test')`;
const VARIANT = (sku: string) => `(SELECT id FROM product_variants WHERE sku = '${sku}')`;
const PRODUCT = (slug: string) => `(SELECT id FROM products WHERE slug = '${slug}')`;
const ORDER = `(SELECT min(id) FROM orders)`;
const USER_ROW = (email: string, rut: string) => `INSERT INTO users (name, email, rut) VALUES ('Ana', '${email}', '${rut}')`;

// PostgreSQL 18 reports a RESTRICT foreign key as restrict_violation (23001); earlier majors
// as foreign_key_violation (23503). The store maps both to the same refusal (src/db/errors.ts).
const RESTRICT = 'restrict';

const refused: RefusedCase[] = [
  { rule: 'a RUT with a wrong check digit', sql: USER_ROW('ana@x.cl', '12345678-9'), code: '23514', constraint: 'users_rut_check' },
  { rule: 'a RUT with dots (not canonical)', sql: USER_ROW('ana@x.cl', '12.345.678-5'), code: '23514', constraint: 'users_rut_check' },
  { rule: 'a RUT with letters', sql: USER_ROW('ana@x.cl', '1234A678-5'), code: '23514', constraint: 'users_rut_check' },
  { rule: 'a duplicate RUT', sql: USER_ROW('ana@x.cl', '12345678-5'), code: '23505', constraint: 'users_rut_key' },
  { rule: 'a duplicate e-mail', sql: USER_ROW('cliente@store.test', '5126663-3'), code: '23505', constraint: 'users_email_key' },
  { rule: 'an e-mail not in lower case', sql: USER_ROW('Ana@X.cl', '5126663-3'), code: '23514', constraint: 'users_email_check' },
  { rule: 'an unknown role', sql: `INSERT INTO users (name, email, rut, role) VALUES ('Ana', 'ana@x.cl', '5126663-3', 'owner')`, code: '23514', constraint: 'users_role_check' },
  { rule: 'an unknown loyalty level', sql: `UPDATE customers SET loyalty_level = 'diamond'`, code: '23514', constraint: 'customers_loyalty_level_check' },
  { rule: 'a seller reputation above 5', sql: `INSERT INTO sellers (user_id, reputation) VALUES (${ADMIN}, 5.5)`, code: '23514', constraint: 'sellers_reputation_check' },
  { rule: 'a token that expires before it is created', sql: `INSERT INTO auth_tokens (user_id, jti, created_at, expires_at) VALUES (${ADMIN}, 'j1', now(), now() - interval '1 hour')`, code: '23514', constraint: 'auth_tokens_expiry_after_creation' },
  { rule: 'a second default address for one user', sql: `INSERT INTO addresses (user_id, name, address_line, comuna, region, is_default) VALUES (${CUSTOMER}, 'Oficina', 'Calle 1', 'Santiago', 'Metropolitana de Santiago', true)`, code: '23505', constraint: 'uq_addresses_one_default_per_user' },
  { rule: 'a duplicate category slug', sql: `INSERT INTO categories (slug, name) VALUES ('semillas', 'Otra')`, code: '23505', constraint: 'categories_slug_key' },
  { rule: 'a category slug with capitals or spaces', sql: `INSERT INTO categories (slug, name) VALUES ('Mis Semillas', 'Otra')`, code: '23514', constraint: 'categories_slug_check' },
  { rule: 'a category that is its own parent', sql: `UPDATE categories SET parent_id = id WHERE slug = 'semillas'`, code: '23514', constraint: 'categories_no_cycle' },
  {
    rule: 'a category cycle through a child',
    setup: `INSERT INTO categories (slug, name, parent_id) VALUES ('semillas-auto', 'Autoflorecientes', (SELECT id FROM categories WHERE slug = 'semillas'))`,
    sql: `UPDATE categories SET parent_id = (SELECT id FROM categories WHERE slug = 'semillas-auto') WHERE slug = 'semillas'`,
    code: '23514',
    constraint: 'categories_no_cycle',
  },
  { rule: 'a product in a category that does not exist', sql: `INSERT INTO products (category_id, slug, name) VALUES (999999, 'x', 'X')`, code: '23503', constraint: 'products_category_id_fkey' },
  { rule: 'deleting a category that has products (RESTRICT)', sql: `DELETE FROM categories WHERE slug = 'semillas'`, code: RESTRICT, constraint: 'products_category_id_fkey' },
  { rule: 'a duplicate product slug', sql: `INSERT INTO products (category_id, slug, name) SELECT category_id, slug, name FROM products LIMIT 1`, code: '23505', constraint: 'products_slug_key' },
  { rule: 'a negative price', sql: `UPDATE product_variants SET price_cents = -1 WHERE sku = 'NL-AUTO-X1'`, code: '23514', constraint: 'product_variants_price_cents_check' },
  { rule: 'a duplicate SKU', sql: `INSERT INTO product_variants (product_id, sku, option_label, price_cents) VALUES (${PRODUCT('semilla-northern-lights-auto')}, 'NL-AUTO-X1', 'x9', 100)`, code: '23505', constraint: 'product_variants_sku_key' },
  { rule: 'writing stock directly instead of inventory', sql: `UPDATE product_variants SET stock = stock + 1 WHERE sku = 'NL-AUTO-X1'`, code: '23514', constraint: 'product_variants_stock_is_derived' },
  { rule: 'a new variant created with stock but no inventory', sql: `INSERT INTO product_variants (product_id, sku, option_label, price_cents, stock) VALUES (${PRODUCT('semilla-northern-lights-auto')}, 'NL-AUTO-X9', 'x9', 100, 4)`, code: '23514', constraint: 'product_variants_stock_is_derived' },
  { rule: 'negative inventory', sql: `UPDATE inventory SET quantity_available = -1 WHERE variant_id = ${VARIANT('AH-FEM-X5')}`, code: '23514', constraint: 'inventory_quantity_available_check' },
  { rule: 'more reserved than available', sql: `UPDATE inventory SET quantity_reserved = quantity_available + 1 WHERE variant_id = ${VARIANT('AH-FEM-X5')}`, code: '23514', constraint: 'inventory_reserved_within_available' },
  { rule: 'a second inventory row for the same variant and warehouse', sql: `INSERT INTO inventory (warehouse_id, variant_id) SELECT warehouse_id, variant_id FROM inventory LIMIT 1`, code: '23505', constraint: 'inventory_warehouse_id_variant_id_key' },
  { rule: 'a second default warehouse', sql: `INSERT INTO warehouses (name, is_default) VALUES ('Bodega Sur', true)`, code: '23505', constraint: 'uq_warehouses_one_default' },
  { rule: 'an overlapping price period', sql: `INSERT INTO price_history (variant_id, price_cents, valid_from, valid_to) VALUES (${VARIANT('NL-AUTO-X1')}, 1, now() - interval '1 day', now() + interval '1 day')`, code: '23P01', constraint: 'price_history_no_overlap' },
  { rule: 'a price period that ends before it starts', sql: `INSERT INTO price_history (variant_id, price_cents, valid_from, valid_to) VALUES (${VARIANT('NL-AUTO-X1')}, 1, '2020-01-02', '2020-01-01')`, code: '23514', constraint: 'price_history_period_forward' },
  { rule: 'a rating of 6', setup: '', sql: `INSERT INTO product_reviews (product_id, user_id, rating) VALUES (${PRODUCT('semilla-northern-lights-auto')}, ${CUSTOMER}, 6)`, code: '23514', constraint: 'product_reviews_rating_check' },
  { rule: 'a rating of 0', sql: `INSERT INTO product_reviews (product_id, user_id, rating) VALUES (${PRODUCT('semilla-northern-lights-auto')}, ${CUSTOMER}, 0)`, code: '23514', constraint: 'product_reviews_rating_check' },
  { rule: 'a review by a user who is not a customer', sql: `INSERT INTO product_reviews (product_id, user_id, rating) VALUES (${PRODUCT('semilla-northern-lights-auto')}, ${ADMIN}, 5)`, code: '23503', constraint: 'product_reviews_user_id_fkey' },
  { rule: 'an unknown document type', sql: `INSERT INTO medicinal_documents (user_id, file_url, doc_type) VALUES (${CUSTOMER}, 'https://x/y.pdf', 'carta')`, code: '23514', constraint: 'medicinal_documents_doc_type_check' },
  { rule: 'an unknown document status', sql: `UPDATE medicinal_documents SET status = 'maybe'`, code: '23514', constraint: 'medicinal_documents_status_check' },
  { rule: 'an approval without reviewer or validity', sql: `UPDATE medicinal_documents SET status = 'approved'`, code: '23514', constraint: 'medicinal_documents_review_coherent' },
  { rule: 'a coupon code in lower case', sql: `INSERT INTO coupons (code, type, percent_value) VALUES ('verano', 'percent', 10)`, code: '23514', constraint: 'coupons_code_check' },
  { rule: 'a coupon of an unknown type', sql: `INSERT INTO coupons (code, type, percent_value) VALUES ('VERANO', 'gift', 10)`, code: '23514', constraint: 'coupons_type_check' },
  { rule: 'a percent coupon with an amount', sql: `INSERT INTO coupons (code, type, percent_value, value_cents) VALUES ('VERANO', 'percent', 10, 500)`, code: '23514', constraint: 'coupons_value_matches_type' },
  { rule: 'a coupon used beyond its limit', sql: `INSERT INTO coupons (code, type, percent_value, usage_limit, used_count) VALUES ('VERANO', 'percent', 10, 3, 4)`, code: '23514', constraint: 'coupons_used_within_limit' },
  { rule: 'a promotion for something else than product, category or order', sql: `INSERT INTO promotions (name, applies_to, percent_off, starts_at, ends_at) VALUES ('P', 'seller', 10, now(), now() + interval '1 day')`, code: '23514', constraint: 'promotions_applies_to_check' },
  { rule: 'a promotion of 0 percent', sql: `INSERT INTO promotions (name, applies_to, percent_off, starts_at, ends_at) VALUES ('P', 'order', 0, now(), now() + interval '1 day')`, code: '23514', constraint: 'promotions_percent_off_check' },
  { rule: 'a promotion that ends before it starts', sql: `INSERT INTO promotions (name, applies_to, percent_off, starts_at, ends_at) VALUES ('P', 'order', 10, now(), now() - interval '1 day')`, code: '23514', constraint: 'promotions_period_forward' },
  { rule: 'an unknown order status', sql: `INSERT INTO orders (user_id, status) VALUES (${CUSTOMER}, 'lost')`, code: '23514', constraint: 'orders_status_check' },
  { rule: 'an unknown payment provider on an order', sql: `UPDATE orders SET payment_provider = 'paypal'`, code: '23514', constraint: 'orders_payment_provider_check' },
  { rule: 'an unknown shipping method', sql: `UPDATE orders SET shipping_method = 'dron'`, code: '23514', constraint: 'orders_shipping_method_check' },
  { rule: 'a negative shipping price', sql: `UPDATE orders SET shipping_price_cents = -1`, code: '23514', constraint: 'orders_shipping_price_cents_check' },
  { rule: 'a discount above the order total', sql: `UPDATE orders SET discount_cents = total_cents + 1`, code: '23514', constraint: 'orders_discount_within_total' },
  { rule: 'an order total that is not the sum of its lines', sql: `UPDATE orders SET total_cents = total_cents + 1`, code: '23514', constraint: 'orders_total_is_derived' },
  { rule: 'a pending order jumping to shipped', sql: `UPDATE orders SET status = 'shipped'`, code: '23514', constraint: 'orders_status_transition' },
  { rule: 'a paid order without payment data', sql: `UPDATE orders SET status = 'paid'`, code: '23514', constraint: 'orders_paid_has_payment' },
  {
    rule: 'a delivered order moving back to paid',
    setup: `UPDATE stock_allocations SET status = 'taken'; UPDATE orders SET status = 'paid', paid_at = now(), payment_provider = 'test'; UPDATE orders SET status = 'shipped'; UPDATE orders SET status = 'delivered'`,
    sql: `UPDATE orders SET status = 'paid'`,
    code: '23514',
    constraint: 'orders_status_transition',
  },
  { rule: 'a paid order whose units were never taken from stock', sql: `UPDATE orders SET status = 'paid', paid_at = now(), payment_provider = 'test'`, code: '23514', constraint: 'orders_paid_effects_hold' },
  { rule: 'stock taken for an order that was never paid', sql: `UPDATE stock_allocations SET status = 'taken'`, code: '23514', constraint: 'orders_paid_effects_hold' },
  {
    rule: 'a coupon use counted without a paid order',
    setup: `INSERT INTO coupons (code, type, percent_value) VALUES ('VERANO', 'percent', 10)`,
    sql: `UPDATE coupons SET used_count = 1 WHERE code = 'VERANO'`,
    code: '23514',
    constraint: 'coupons_used_count_matches',
  },
  {
    rule: 'a paid order with a coupon whose use was not counted',
    setup: `INSERT INTO coupons (code, type, percent_value) VALUES ('VERANO', 'percent', 10); UPDATE orders SET coupon_id = (SELECT id FROM coupons WHERE code = 'VERANO')`,
    sql: `UPDATE stock_allocations SET status = 'taken'; UPDATE orders SET status = 'paid', paid_at = now(), payment_provider = 'test'`,
    code: '23514',
    constraint: 'coupons_used_count_matches',
  },
  { rule: 'a reservation jumping to restocked', sql: `UPDATE stock_allocations SET status = 'restocked'`, code: '23514', constraint: 'stock_allocations_status_moves' },
  { rule: 'an allocation changing its quantity', sql: `UPDATE stock_allocations SET quantity = quantity + 1`, code: '23514', constraint: 'stock_allocations_status_moves' },
  { rule: 'a line discount above the line', sql: `UPDATE order_items SET discount_cents = line_total_cents + 1 WHERE id = (SELECT min(id) FROM order_items)`, code: '23514', constraint: 'order_items_discount_within_line' },
  { rule: 'a line total that is not quantity × unit price', sql: `UPDATE order_items SET line_total_cents = line_total_cents + 1 WHERE id = (SELECT min(id) FROM order_items)`, code: '23514', constraint: 'order_items_line_total_matches' },
  { rule: 'a line of zero units', sql: `UPDATE order_items SET quantity = 0, line_total_cents = 0 WHERE id = (SELECT min(id) FROM order_items)`, code: '23514', constraint: 'order_items_quantity_check' },
  { rule: 'a line whose variant belongs to another product', sql: `INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents) VALUES (${ORDER}, ${PRODUCT('flor-medicinal-indica')}, ${VARIANT('NL-AUTO-X1')}, 1, 1, 1)`, code: '23503', constraint: 'order_items_variant_of_product' },
  { rule: 'a payment of zero', sql: `INSERT INTO payments (order_id, amount_cents, provider) VALUES (${ORDER}, 0, 'test')`, code: '23514', constraint: 'payments_amount_cents_check' },
  { rule: 'a payment from an unknown provider', sql: `INSERT INTO payments (order_id, amount_cents, provider) VALUES (${ORDER}, 100, 'paypal')`, code: '23514', constraint: 'payments_provider_check' },
  { rule: 'a payment in an unknown status', sql: `INSERT INTO payments (order_id, amount_cents, provider, status) VALUES (${ORDER}, 100, 'test', 'lost')`, code: '23514', constraint: 'payments_status_check' },
  {
    rule: 'the same provider reference twice',
    setup: `INSERT INTO payments (order_id, amount_cents, provider, provider_ref) VALUES (${ORDER}, 100, 'webpay', 'TX-1')`,
    sql: `INSERT INTO payments (order_id, amount_cents, provider, provider_ref) VALUES (${ORDER}, 100, 'webpay', 'TX-1')`,
    code: '23505',
    constraint: 'payments_provider_provider_ref_key',
  },
  {
    rule: 'refunds adding up to more than the payment',
    setup: `INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status) VALUES (${ORDER}, 1000, 'test', 'R-1', 'approved');
            INSERT INTO refunds (payment_id, amount_cents, reason) SELECT id, 600, 'parcial' FROM payments WHERE provider_ref = 'R-1'`,
    sql: `INSERT INTO refunds (payment_id, amount_cents, reason) SELECT id, 401, 'otra' FROM payments WHERE provider_ref = 'R-1'`,
    code: '23514',
    constraint: 'refunds_within_payment',
  },
  {
    rule: 'a payment lowered below what was refunded',
    setup: `INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status) VALUES (${ORDER}, 1000, 'test', 'R-2', 'approved');
            INSERT INTO refunds (payment_id, amount_cents, reason) SELECT id, 600, 'parcial' FROM payments WHERE provider_ref = 'R-2'`,
    sql: `UPDATE payments SET amount_cents = 500 WHERE provider_ref = 'R-2'`,
    code: '23514',
    constraint: 'refunds_within_payment',
  },
  { rule: 'a refund of zero', sql: `INSERT INTO refunds (payment_id, amount_cents, reason) VALUES (1, 0, 'x')`, code: '23514', constraint: 'refunds_amount_cents_check' },
  { rule: 'a return of zero units', sql: `INSERT INTO returns (order_item_id, quantity, reason) VALUES ((SELECT min(id) FROM order_items), 0, 'roto')`, code: '23514', constraint: 'returns_quantity_check' },
  { rule: 'a return in an unknown status', sql: `INSERT INTO returns (order_item_id, quantity, reason, status) VALUES ((SELECT min(id) FROM order_items), 1, 'roto', 'lost')`, code: '23514', constraint: 'returns_status_check' },
  {
    rule: 'returns adding up to more units than the line sold',
    setup: `INSERT INTO returns (order_item_id, quantity, reason) SELECT id, quantity, 'roto' FROM order_items WHERE id = (SELECT min(id) FROM order_items)`,
    sql: `INSERT INTO returns (order_item_id, quantity, reason) VALUES ((SELECT min(id) FROM order_items), 1, 'otra vez')`,
    code: '23514',
    constraint: 'returns_within_line',
  },
  { rule: 'a shipment in an unknown status', sql: `INSERT INTO shipments (order_id, carrier, status) VALUES (${ORDER}, 'starken', 'lost')`, code: '23514', constraint: 'shipments_status_check' },
  { rule: 'a shipment delivered before it was shipped', sql: `INSERT INTO shipments (order_id, carrier, shipped_at, delivered_at) VALUES (${ORDER}, 'starken', now(), now() - interval '1 day')`, code: '23514', constraint: 'shipments_delivered_after_shipped' },
  { rule: 'an audit row without action', sql: `INSERT INTO system_logs (action, entity) VALUES ('  ', 'users')`, code: '23514', constraint: 'system_logs_action_check' },
];

describe('database rules', () => {
  let db: TestDatabase;
  let restrictCode = '';
  before(async () => {
    const probe = await freshDatabase({ empty: true });
    try {
      const [{ v }] = await probe.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
      restrictCode = v >= 180000 ? '23001' : '23503';
    } finally {
      await probe.close();
    }
  });
  beforeEach(async () => {
    db = await freshDatabase();
    const sequelize = await connect(db.url);
    try {
      await seedDatabase(sequelize, {});
    } finally {
      await sequelize.close();
    }
  });
  afterEach(async () => db.close());

  describe('refuse, and write nothing:', () => {
    for (const c of refused) {
      it(c.rule, async () => {
        if (c.setup) await db.query(c.setup);
        const before = await databaseChecksum(db);
        const error = await failure(() => db.query(c.sql));
        expect({ code: error.code, constraint: error.constraint }, error.message).to.deep.equal({ code: c.code === RESTRICT ? restrictCode : c.code, constraint: c.constraint });
        expect(await databaseChecksum(db)).to.deep.equal(before);
      });
    }
  });

  describe('keep derived values right:', () => {
    it('product_variants.stock follows every insert, update and delete of inventory', async () => {
      const stock = async () => (await db.query<{ stock: number }>(`SELECT stock FROM product_variants WHERE sku = 'AH-FEM-X5'`))[0].stock;
      expect(await stock()).to.equal(3);
      await db.query(`INSERT INTO warehouses (name) VALUES ('Bodega Sur')`);
      await db.query(`INSERT INTO inventory (warehouse_id, variant_id, quantity_available) SELECT id, ${VARIANT('AH-FEM-X5')}, 7 FROM warehouses WHERE name = 'Bodega Sur'`);
      expect(await stock()).to.equal(10);
      await db.query(`UPDATE inventory SET quantity_available = 1 WHERE warehouse_id = (SELECT id FROM warehouses WHERE name = 'Bodega Sur')`);
      expect(await stock()).to.equal(4);
      await db.query(`DELETE FROM inventory WHERE variant_id = ${VARIANT('AH-FEM-X5')}`);
      expect(await stock()).to.equal(0);
    });

    it('orders.total_cents follows its lines, and deleting an order deletes its lines', async () => {
      const order = async () => (await db.query<{ id: number; total_cents: number; amount_due_cents: number; shipping_price_cents: number }>(`SELECT * FROM orders`))[0];
      expect((await order()).total_cents).to.equal(2 * 499000 + 1599000);
      await db.query(`INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
                      VALUES (${ORDER}, ${PRODUCT('semilla-northern-lights-auto')}, ${VARIANT('NL-AUTO-X5')}, 3, 100, 300)`);
      expect((await order()).total_cents).to.equal(2 * 499000 + 1599000 + 300);
      await db.query(`UPDATE orders SET discount_cents = 1000`);
      const o = await order();
      expect(o.amount_due_cents).to.equal(o.total_cents - 1000 + o.shipping_price_cents);
      await db.query(`DELETE FROM order_items WHERE unit_price_cents = 100`);
      expect((await order()).total_cents).to.equal(2 * 499000 + 1599000);
      // Reservations keep their lines (and so the order) from being deleted while they hold units.
      const held = await failure(() => db.query(`DELETE FROM orders`));
      expect(held.constraint).to.equal('stock_allocations_order_item_id_fkey');
      await db.query(`DELETE FROM stock_allocations`);
      await db.query(`DELETE FROM orders`);
      expect(await db.query(`SELECT * FROM order_items`)).to.deep.equal([]);
    });

    it('a price change closes the old period and opens a new one in price_history', async () => {
      await db.query(`UPDATE product_variants SET price_cents = 550000 WHERE sku = 'NL-AUTO-X1'`);
      await db.query(`UPDATE product_variants SET price_cents = 560000 WHERE sku = 'NL-AUTO-X1'`);
      await db.query(`UPDATE product_variants SET option_label = 'x1 ' WHERE sku = 'NL-AUTO-X1'`); // not a price change
      const rows = await db.query<{ price_cents: number; open: boolean; ordered: boolean }>(
        `SELECT price_cents, valid_to IS NULL AS open, valid_to IS NULL OR valid_to > valid_from AS ordered
         FROM price_history WHERE variant_id = ${VARIANT('NL-AUTO-X1')} ORDER BY valid_from`,
      );
      expect(rows).to.deep.equal([
        { price_cents: 499000, open: false, ordered: true },
        { price_cents: 550000, open: false, ordered: true },
        { price_cents: 560000, open: true, ordered: true },
      ]);
    });

    it('two price changes in one transaction keep periods disjoint', async () => {
      await db.query(`BEGIN; UPDATE product_variants SET price_cents = 1 WHERE sku = 'AH-FEM-X1'; UPDATE product_variants SET price_cents = 2 WHERE sku = 'AH-FEM-X1'; COMMIT;`);
      const rows = await db.query<{ price_cents: number }>(`SELECT price_cents FROM price_history WHERE variant_id = ${VARIANT('AH-FEM-X1')} AND valid_to IS NULL`);
      expect(rows).to.deep.equal([{ price_cents: 2 }]);
    });

    it('a key change cascades to the rows that refer to it (ON UPDATE CASCADE)', async () => {
      await db.query(`UPDATE users SET id = 900 WHERE email = 'cliente@store.test'`);
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE user_id = 900`);
      expect(rows).to.deep.equal([{ n: 1 }]);
    });

    it('accepts valid RUTs, including check digit K and 0', async () => {
      // 10000013-K and 11111111-1 are well-formed; 10000004-0 ends in 0.
      await db.query(USER_ROW('k@x.cl', '10000013-K'));
      await db.query(USER_ROW('z@x.cl', '10000004-0'));
      const rows = await db.query<{ rut: string }>(`SELECT rut FROM users WHERE email IN ('k@x.cl', 'z@x.cl') ORDER BY rut`);
      expect(rows.map((r) => r.rut)).to.deep.equal(['10000004-0', '10000013-K']);
    });
  });
});
