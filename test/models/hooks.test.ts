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
});
