/** orders:ship and orders:deliver — a paid order leaves with a carrier, then arrives. */
import { sqlOf } from '../../db/sql';
import { z } from 'zod';
import { text, validate } from '../../lib/validation';
import { Shipment } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { retryingTransaction } from '../stock/transaction';
import { orderId } from './schemas';
import { orderDetails, type OrderDetails } from './show';
import { lockOrder, moveOrder } from './moves';

const shipSchema = z.object({ order: orderId, carrier: text(40), tracking: text(100).optional() });

export async function shipOrder(context: ServiceContext, raw: z.input<typeof shipSchema>): Promise<OrderDetails> {
  const input = validate(shipSchema, raw, { order: 'ORDER_ID' });
  const { sequelize } = context;
  await retryingTransaction(sequelize, async (transaction) => {
    const order = await lockOrder(transaction, input.order);
    await moveOrder(order, 'shipped', {}, transaction);
    const shipment = await Shipment.create(
      { orderId: order.id, carrier: input.carrier, trackingCode: input.tracking ?? null, status: 'shipped', shippedAt: new Date() },
      { transaction },
    );
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'orders.ship',
      entity: 'orders',
      entityId: order.id,
      before: { status: 'paid' },
      after: { status: 'shipped' },
      meta: { shipment_id: shipment.id, carrier: input.carrier, tracking: input.tracking ?? null },
    });
  });
  return orderDetails(sqlOf(sequelize), input.order);
}

export async function deliverOrder(context: ServiceContext, reference: string): Promise<OrderDetails> {
  const id = validate(orderId, reference, { '': 'ORDER_ID' });
  const { sequelize } = context;
  await retryingTransaction(sequelize, async (transaction) => {
    const order = await lockOrder(transaction, id);
    await moveOrder(order, 'delivered', {}, transaction);
    await Shipment.update({ status: 'delivered', deliveredAt: new Date() }, { where: { orderId: order.id, status: 'shipped' }, transaction });
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'orders.deliver',
      entity: 'orders',
      entityId: order.id,
      before: { status: 'shipped' },
      after: { status: 'delivered' },
    });
  });
  return orderDetails(sqlOf(sequelize), id);
}
