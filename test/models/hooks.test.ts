import { expect } from 'chai';
import { InventoryLevel, Order, OrderItem, ProductVariant, User, Warehouse } from '../../src/models';
import { seedDatabase } from '../../src/services/db/seed';
import { failure, freshDatabase, type TestDatabase } from '../helpers/database';

describe('model hooks and the database together', () => {
  let db: TestDatabase;
  before(async () => {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
  });
  after(async () => db.close());

  it('an order line gets quantity × unit price, and the order total follows its lines', async () => {
    const buyer = await User.findOne({ where: { email: 'cliente@store.test' }, rejectOnEmpty: true });
    const variant = await ProductVariant.findOne({ where: { sku: 'NL-AUTO-X3' }, rejectOnEmpty: true });
    const order = await Order.create({ userId: buyer.id, shippingMethod: 'retiro_tienda' });
    const line = await OrderItem.create({ orderId: order.id, productId: variant.productId, variantId: variant.id, quantity: 3, unitPriceCents: variant.priceCents });
    expect(line.lineTotalCents).to.equal(3 * 1299000);
    await order.reload();
    expect({ total: order.totalCents, due: order.amountDueCents }).to.deep.equal({ total: 3 * 1299000, due: 3 * 1299000 });

    line.quantity = 2;
    await line.save();
    await order.reload();
    expect(order.totalCents).to.equal(2 * 1299000);
    const [row] = await db.query<{ line_total_cents: number }>('SELECT line_total_cents FROM order_items WHERE id = $1', [line.id]);
    expect(row.line_total_cents).to.equal(2 * 1299000);
  });

  it('a line total that disagrees is refused by the database even when the hook is bypassed', async () => {
    const [line] = await OrderItem.findAll({ limit: 1 });
    const error = await failure(() => db.query('UPDATE order_items SET line_total_cents = 1 WHERE id = $1', [line.id]));
    expect(error.constraint).to.equal('order_items_line_total_matches');
  });

  it('inventory written through the model moves the variant stock', async () => {
    const variant = await ProductVariant.findOne({ where: { sku: 'CBD-FS-30ML' }, rejectOnEmpty: true });
    const south = await Warehouse.create({ name: 'Bodega Sur' });
    await InventoryLevel.create({ warehouseId: south.id, variantId: variant.id, quantityAvailable: 6 });
    await variant.reload();
    expect(variant.stock).to.equal(2 + 6);
  });

  it('an order saved as paid through the model takes its stock per variant and counts its coupon, in the same transaction', async () => {
    const sequelize = await db.sequelize();
    const [order] = await Order.findAll({ where: { status: 'pending' }, limit: 1 });
    const [coupon] = await db.query<{ id: number }>(`INSERT INTO coupons (code, type, percent_value) VALUES ('HOOK', 'percent', 5) RETURNING id::int`);
    await db.query('UPDATE orders SET coupon_id = $1 WHERE id = $2', [coupon.id, order.id]);
    const stock = async () => db.query<{ sku: string; stock: number; reserved: number }>(
      `SELECT v.sku, v.stock, sum(i.quantity_reserved)::int AS reserved FROM product_variants v JOIN inventory i ON i.variant_id = v.id
       WHERE v.sku IN ('NL-AUTO-X1', 'AH-FEM-X3') GROUP BY v.sku, v.stock ORDER BY v.sku`,
    );
    const before = await stock();
    await sequelize.transaction(async (transaction) => {
      const locked = await Order.findByPk(order.id, { transaction, rejectOnEmpty: true });
      locked.set({ status: 'paid', paidAt: new Date(), paymentProvider: 'test' });
      await locked.save({ transaction });
    });
    expect(await stock()).to.deep.equal(before.map((row) => ({ ...row, stock: row.stock - (row.sku === 'NL-AUTO-X1' ? 2 : 1), reserved: row.reserved - (row.sku === 'NL-AUTO-X1' ? 2 : 1) })));
    const [counted] = await db.query<{ used_count: number }>('SELECT used_count FROM coupons WHERE id = $1', [coupon.id]);
    expect(counted.used_count).to.equal(1);
  });

  it('a status change outside a transaction is refused before it is written, and a bulk update that skips the hook is refused at commit', async () => {
    const [order] = await db.query<{ id: number }>(`INSERT INTO orders (user_id) SELECT id FROM users WHERE email = 'cliente@store.test' RETURNING id::int`);
    await db.query(`INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents) SELECT $1, product_id, id, 1, price_cents, price_cents FROM product_variants WHERE sku = 'NL-AUTO-X5'`, [order.id]);
    const model = await Order.findByPk(order.id, { rejectOnEmpty: true });
    model.set({ status: 'cancelled' });
    const outside = await failure(() => model.save());
    expect(outside.message).to.match(/must happen inside a transaction/);
    const bulk = await failure(() => Order.update({ status: 'paid', paidAt: new Date(), paymentProvider: 'test' }, { where: { id: order.id } }));
    expect(bulk.message).to.match(/is paid but line \d+ had 0 of its 1 units taken from stock/);
    const [row] = await db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [order.id]);
    expect(row.status).to.equal('pending');
  });
});
