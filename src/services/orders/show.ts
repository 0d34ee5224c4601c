/** orders:show — an order with everything that happened to it. */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { NotFoundError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import type { OrderStatus } from '../../models';
import type { ServiceContext } from '../context';
import { orderId } from './schemas';

export interface OrderLine {
  id: number;
  sku: string;
  product: string;
  optionLabel: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
  discountCents: number;
  promotion: string | null;
  /** Units per warehouse and state: reserved, taken, released, restocked. */
  allocations: Array<{ warehouse: string; quantity: number; status: string }>;
}

export interface OrderDetails {
  id: number;
  status: OrderStatus;
  user: { id: number; email: string };
  createdAt: string;
  paidAt: string | null;
  cancelledAt: string | null;
  coupon: string | null;
  totalCents: number;
  discountCents: number;
  shippingMethod: string;
  shippingPriceCents: number;
  amountDueCents: number;
  shippingAddress: string | null;
  paymentProvider: string | null;
  paymentRef: string | null;
  lines: OrderLine[];
  payments: Array<{ id: number; provider: string; ref: string | null; amountCents: number; status: string; createdAt: string; refundedCents: number }>;
  refunds: Array<{ id: number; paymentId: number; amountCents: number; reason: string; createdAt: string }>;
  shipments: Array<{ id: number; carrier: string; trackingCode: string | null; status: string; shippedAt: string | null; deliveredAt: string | null }>;
  returns: Array<{ id: number; orderItemId: number; sku: string; quantity: number; reason: string; status: string }>;
  history: Array<{ at: string; action: string; actor: string | null; meta: Record<string, unknown> }>;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export async function orderDetails(sequelize: Sequelize, id: number, transaction?: Transaction): Promise<OrderDetails> {
  const query = <T extends object>(sql: string) => sequelize.query<T>(sql, { replacements: { id }, type: QueryTypes.SELECT, transaction });
  const [order] = await query<{
    id: number; status: OrderStatus; user_id: number; email: string; created_at: Date; paid_at: Date | null; cancelled_at: Date | null; coupon: string | null;
    total_cents: number; discount_cents: number; shipping_method: string; shipping_price_cents: number; amount_due_cents: number;
    address: string | null; payment_provider: string | null; payment_ref: string | null;
  }>(
    `SELECT o.*, u.email, c.code AS coupon,
            CASE WHEN a.id IS NULL THEN NULL ELSE concat_ws(', ', a.address_line, a.comuna, a.region) END AS address
     FROM orders o JOIN users u ON u.id = o.user_id LEFT JOIN coupons c ON c.id = o.coupon_id LEFT JOIN addresses a ON a.id = o.shipping_address_id
     WHERE o.id = :id`,
  );
  if (!order) throw new NotFoundError(`no order ${id}`);
  const lines = await query<Omit<OrderLine, 'allocations'> & { allocations: OrderLine['allocations'] | null }>(
    `SELECT i.id, v.sku, p.name AS product, v.option_label AS "optionLabel", i.quantity, i.unit_price_cents AS "unitPriceCents",
            i.line_total_cents AS "lineTotalCents", i.discount_cents AS "discountCents", pr.name AS promotion,
            (SELECT json_agg(json_build_object('warehouse', w.name, 'quantity', a.quantity, 'status', a.status) ORDER BY a.id)
               FROM stock_allocations a JOIN warehouses w ON w.id = a.warehouse_id WHERE a.order_item_id = i.id) AS allocations
     FROM order_items i JOIN product_variants v ON v.id = i.variant_id JOIN products p ON p.id = i.product_id
     LEFT JOIN promotions pr ON pr.id = i.promotion_id
     WHERE i.order_id = :id ORDER BY i.id`,
  );
  const payments = await query<{ id: number; provider: string; provider_ref: string | null; amount_cents: number; status: string; created_at: Date; refunded: number }>(
    `SELECT p.*, (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r WHERE r.payment_id = p.id) AS refunded
     FROM payments p WHERE p.order_id = :id ORDER BY p.id`,
  );
  const refunds = await query<{ id: number; payment_id: number; amount_cents: number; reason: string; created_at: Date }>(
    'SELECT r.* FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = :id ORDER BY r.id',
  );
  const shipments = await query<{ id: number; carrier: string; tracking_code: string | null; status: string; shipped_at: Date | null; delivered_at: Date | null }>(
    'SELECT * FROM shipments WHERE order_id = :id ORDER BY id',
  );
  const returns = await query<{ id: number; order_item_id: number; sku: string; quantity: number; reason: string; status: string }>(
    `SELECT r.id, r.order_item_id, v.sku, r.quantity, r.reason, r.status
     FROM returns r JOIN order_items i ON i.id = r.order_item_id JOIN product_variants v ON v.id = i.variant_id
     WHERE i.order_id = :id ORDER BY r.id`,
  );
  const history = await query<{ created_at: Date; action: string; actor: string | null; meta: Record<string, unknown> }>(
    `SELECT l.created_at, l.action, u.email AS actor, l.meta FROM system_logs l LEFT JOIN users u ON u.id = l.actor_user_id
     WHERE l.entity = 'orders' AND l.entity_id = :id ORDER BY l.id`,
  );
  return {
    id: order.id,
    status: order.status,
    user: { id: order.user_id, email: order.email },
    createdAt: iso(order.created_at) as string,
    paidAt: iso(order.paid_at),
    cancelledAt: iso(order.cancelled_at),
    coupon: order.coupon,
    totalCents: order.total_cents,
    discountCents: order.discount_cents,
    shippingMethod: order.shipping_method,
    shippingPriceCents: order.shipping_price_cents,
    amountDueCents: order.amount_due_cents,
    shippingAddress: order.address,
    paymentProvider: order.payment_provider,
    paymentRef: order.payment_ref,
    lines: lines.map((line) => ({ ...line, allocations: line.allocations ?? [] })),
    payments: payments.map((p) => ({ id: p.id, provider: p.provider, ref: p.provider_ref, amountCents: p.amount_cents, status: p.status, createdAt: iso(p.created_at) as string, refundedCents: Number(p.refunded) })),
    refunds: refunds.map((r) => ({ id: r.id, paymentId: r.payment_id, amountCents: r.amount_cents, reason: r.reason, createdAt: iso(r.created_at) as string })),
    shipments: shipments.map((s) => ({ id: s.id, carrier: s.carrier, trackingCode: s.tracking_code, status: s.status, shippedAt: iso(s.shipped_at), deliveredAt: iso(s.delivered_at) })),
    returns: returns.map((r) => ({ id: r.id, orderItemId: r.order_item_id, sku: r.sku, quantity: r.quantity, reason: r.reason, status: r.status })),
    history: history.map((h) => ({ at: iso(h.created_at) as string, action: h.action, actor: h.actor, meta: h.meta })),
  };
}

export async function showOrder(context: ServiceContext, reference: string): Promise<OrderDetails> {
  return orderDetails(context.sequelize, validate(orderId, reference, { '': 'ORDER_ID' }));
}
