/** orders:show — an order with everything that happened to it. */
import { sqlOf, type Sql } from '../../db/sql';
import { NotFoundError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import type { OrderStatus } from '../../models/vocabulary';
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

/**
 * The order card in one statement (one round trip: the card is read after every order use
 * case, on a machine where each round trip costs the same CPU as the use case's own).
 */
export async function orderDetails(sql: Sql, id: number): Promise<OrderDetails> {
  const [order] = await sql.select<{
    id: number; status: OrderStatus; user_id: number; email: string; created_at: Date; paid_at: Date | null; cancelled_at: Date | null; coupon: string | null;
    total_cents: number; discount_cents: number; shipping_method: string; shipping_price_cents: number; amount_due_cents: number;
    address: string | null; payment_provider: string | null; payment_ref: string | null;
    lines: Array<Omit<OrderLine, 'allocations'> & { allocations: OrderLine['allocations'] | null }> | null;
    payments: Array<{ id: number; provider: string; provider_ref: string | null; amount_cents: number; status: string; created_at: string; refunded: number }> | null;
    refunds: Array<{ id: number; payment_id: number; amount_cents: number; reason: string; created_at: string }> | null;
    shipments: Array<{ id: number; carrier: string; tracking_code: string | null; status: string; shipped_at: string | null; delivered_at: string | null }> | null;
    returns: Array<{ id: number; order_item_id: number; sku: string; quantity: number; reason: string; status: string }> | null;
    history: Array<{ created_at: string; action: string; actor: string | null; meta: Record<string, unknown> }> | null;
  }>(
    `SELECT o.*, u.email, c.code AS coupon,
            CASE WHEN a.id IS NULL THEN NULL ELSE concat_ws(', ', a.address_line, a.comuna, a.region) END AS address,
            (SELECT json_agg(json_build_object('id', i.id, 'sku', v.sku, 'product', p.name, 'optionLabel', v.option_label, 'quantity', i.quantity,
                                               'unitPriceCents', i.unit_price_cents, 'lineTotalCents', i.line_total_cents, 'discountCents', i.discount_cents,
                                               'promotion', pr.name,
                                               'allocations', (SELECT json_agg(json_build_object('warehouse', w.name, 'quantity', sa.quantity, 'status', sa.status) ORDER BY sa.id)
                                                               FROM stock_allocations sa JOIN warehouses w ON w.id = sa.warehouse_id WHERE sa.order_item_id = i.id))
                             ORDER BY i.id)
             FROM order_items i JOIN product_variants v ON v.id = i.variant_id JOIN products p ON p.id = i.product_id
             LEFT JOIN promotions pr ON pr.id = i.promotion_id
             WHERE i.order_id = o.id) AS lines,
            (SELECT json_agg(json_build_object('id', pa.id, 'provider', pa.provider, 'provider_ref', pa.provider_ref, 'amount_cents', pa.amount_cents, 'status', pa.status,
                                               'created_at', pa.created_at, 'refunded', (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r WHERE r.payment_id = pa.id))
                             ORDER BY pa.id)
             FROM payments pa WHERE pa.order_id = o.id) AS payments,
            (SELECT json_agg(json_build_object('id', r.id, 'payment_id', r.payment_id, 'amount_cents', r.amount_cents, 'reason', r.reason, 'created_at', r.created_at) ORDER BY r.id)
             FROM refunds r JOIN payments pa ON pa.id = r.payment_id WHERE pa.order_id = o.id) AS refunds,
            (SELECT json_agg(json_build_object('id', s.id, 'carrier', s.carrier, 'tracking_code', s.tracking_code, 'status', s.status,
                                               'shipped_at', s.shipped_at, 'delivered_at', s.delivered_at) ORDER BY s.id)
             FROM shipments s WHERE s.order_id = o.id) AS shipments,
            (SELECT json_agg(json_build_object('id', rt.id, 'order_item_id', rt.order_item_id, 'sku', v.sku, 'quantity', rt.quantity, 'reason', rt.reason, 'status', rt.status) ORDER BY rt.id)
             FROM returns rt JOIN order_items i ON i.id = rt.order_item_id JOIN product_variants v ON v.id = i.variant_id WHERE i.order_id = o.id) AS returns,
            (SELECT json_agg(json_build_object('created_at', l.created_at, 'action', l.action, 'actor', lu.email, 'meta', l.meta) ORDER BY l.id)
             FROM system_logs l LEFT JOIN users lu ON lu.id = l.actor_user_id WHERE l.entity = 'orders' AND l.entity_id = o.id) AS history
     FROM orders o JOIN users u ON u.id = o.user_id LEFT JOIN coupons c ON c.id = o.coupon_id LEFT JOIN addresses a ON a.id = o.shipping_address_id
     WHERE o.id = $1`,
    [id],
  );
  if (!order) throw new NotFoundError(`no order ${id}`);
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
    lines: (order.lines ?? []).map((line) => ({ ...line, allocations: line.allocations ?? [] })),
    payments: (order.payments ?? []).map((p) => ({ id: p.id, provider: p.provider, ref: p.provider_ref, amountCents: p.amount_cents, status: p.status, createdAt: iso(p.created_at) as string, refundedCents: Number(p.refunded) })),
    refunds: (order.refunds ?? []).map((r) => ({ id: r.id, paymentId: r.payment_id, amountCents: r.amount_cents, reason: r.reason, createdAt: iso(r.created_at) as string })),
    shipments: (order.shipments ?? []).map((s) => ({ id: s.id, carrier: s.carrier, trackingCode: s.tracking_code, status: s.status, shippedAt: iso(s.shipped_at), deliveredAt: iso(s.delivered_at) })),
    returns: (order.returns ?? []).map((r) => ({ id: r.id, orderItemId: r.order_item_id, sku: r.sku, quantity: r.quantity, reason: r.reason, status: r.status })),
    history: (order.history ?? []).map((h) => ({ at: iso(h.created_at) as string, action: h.action, actor: h.actor, meta: h.meta })),
  };
}

export async function showOrder(context: ServiceContext, reference: string): Promise<OrderDetails> {
  return orderDetails(sqlOf(context.sequelize), validate(orderId, reference, { '': 'ORDER_ID' }));
}
