/** How an order reads on a terminal: the card orders:show, create, pay and cancel print. */
import { colour, formatCents, renderKeyValue, renderTable } from '../lib/render';
import type { OrderDetails } from '../services/orders/show';

export function orderCard(order: OrderDetails, options: { history?: boolean } = {}): string {
  const c = colour();
  const statusColour = order.status === 'cancelled' || order.status === 'failed' ? c.yellow : order.status === 'pending' ? c.cyan : c.green;
  const parts: string[] = [];
  parts.push(
    renderKeyValue([
      ['order', `#${order.id}`],
      ['status', statusColour(order.status)],
      ['buyer', order.user.email],
      ['created', order.createdAt],
      ...(order.paidAt ? ([['paid', `${order.paidAt} via ${order.paymentProvider}${order.paymentRef ? ` (${order.paymentRef})` : ''}`]] as Array<[string, string]>) : []),
      ...(order.cancelledAt ? ([['cancelled', order.cancelledAt]] as Array<[string, string]>) : []),
      ['shipping', `${order.shippingMethod}${order.shippingAddress ? ` to ${order.shippingAddress}` : ''}`],
      ['total', formatCents(order.totalCents)],
      ['discount', `${formatCents(order.discountCents)}${order.coupon ? ` (coupon ${order.coupon})` : ''}`],
      ['shipping price', formatCents(order.shippingPriceCents)],
      ['amount due', c.bold(formatCents(order.amountDueCents))],
    ]),
  );
  parts.push(
    '\nLines\n' +
      renderTable(order.lines, [
        { key: 'sku', header: 'SKU' },
        { key: 'product', header: 'product', format: (_v, row) => `${row.product} ${row.optionLabel}` },
        { key: 'quantity', header: 'qty', align: 'right' },
        { key: 'unitPriceCents', header: 'unit price', align: 'right', format: (v) => formatCents(Number(v)) },
        { key: 'lineTotalCents', header: 'line total', align: 'right', format: (v) => formatCents(Number(v)) },
        { key: 'discountCents', header: 'promotion', format: (_v, row) => (row.promotion ? `${row.promotion} -${formatCents(row.discountCents)}` : '') },
        { key: 'allocations', header: 'stock', format: (_v, row) => row.allocations.map((a) => `${a.quantity} ${a.status} in ${a.warehouse}`).join(', ') },
      ]),
  );
  if (order.payments.length > 0) {
    parts.push(
      '\nPayments\n' +
        renderTable(order.payments, [
          { key: 'id', header: 'id', align: 'right' },
          { key: 'provider', header: 'provider' },
          { key: 'ref', header: 'ref' },
          { key: 'amountCents', header: 'amount', align: 'right', format: (v) => formatCents(Number(v)) },
          { key: 'status', header: 'status' },
          { key: 'refundedCents', header: 'refunded', align: 'right', format: (v) => (Number(v) > 0 ? formatCents(Number(v)) : '') },
        ]),
    );
  }
  if (order.shipments.length > 0) {
    parts.push(
      '\nShipments\n' +
        renderTable(order.shipments, [
          { key: 'carrier', header: 'carrier' },
          { key: 'trackingCode', header: 'tracking' },
          { key: 'status', header: 'status' },
          { key: 'shippedAt', header: 'shipped' },
          { key: 'deliveredAt', header: 'delivered' },
        ]),
    );
  }
  if (order.returns.length > 0) {
    parts.push(
      '\nReturns\n' +
        renderTable(order.returns, [
          { key: 'id', header: 'id', align: 'right' },
          { key: 'sku', header: 'SKU' },
          { key: 'quantity', header: 'qty', align: 'right' },
          { key: 'status', header: 'status' },
          { key: 'reason', header: 'reason' },
        ]),
    );
  }
  if (options.history && order.history.length > 0) {
    parts.push(
      '\nHistory\n' +
        renderTable(order.history, [
          { key: 'at', header: 'when' },
          { key: 'action', header: 'action' },
          { key: 'actor', header: 'by' },
        ]),
    );
  }
  return parts.join('\n');
}
