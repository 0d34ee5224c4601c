import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { refundOrder, REFUNDABLE_ORDER_STATUSES, type RefundOrderResult } from '../../services/orders/refunds';

export default class OrdersRefund extends StoreCommand {
  static summary = "Give money back on an order's payments: part of it or all that is left.";
  static description = `Refunds --amount cents (499000 = $4.990), or with --all everything paid and not yet refunded, on a ${REFUNDABLE_ORDER_STATUSES.join(', ')} order. The newest approved payment is refunded first and the rest spills over to older ones; each payment becomes partially_refunded or refunded. The order's status does not change (cancelling is \`orders:cancel\`). Refunds never add up to more than was paid, even when several run at once. Every refund is audited with its reason.

A return of goods (\`returns:*\`) never refunds by itself: refund its money here, explicitly.

Exit codes: 2 neither or both of --amount and --all, 3 an invalid id, amount or reason, 4 no such order, 5 the order's status does not allow a refund, nothing is left to refund or the amount exceeds what is refundable, 6 not allowed (staff and admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> 1042 --amount 499000 --reason "Producto llegó dañado"',
    '<%= config.bin %> <%= command.id %> 1042 --all --reason "Pedido anulado por el cliente"',
  ];

  static args = {
    order_id: Args.string({ required: true, description: 'The order id.' }),
  };

  static flags = {
    amount: Flags.string({ summary: 'Cents to refund (499000 = $4.990).', exactlyOne: ['amount', 'all'] }),
    all: Flags.boolean({ summary: 'Refund everything still refundable.', exactlyOne: ['amount', 'all'] }),
    reason: Flags.string({ summary: 'Why (kept with the refund, up to 500 characters).', required: true }),
  };

  async run(): Promise<RefundOrderResult> {
    const { args, flags } = await this.parse(OrdersRefund);
    const context = await this.authorized();
    const result = await refundOrder(context, { orderId: args.order_id, amount: flags.amount, all: flags.all || undefined, reason: flags.reason });
    const parts = result.refunds.map((r) => `${formatCents(r.amountCents)} on payment ${r.paymentId} (${r.provider}, now ${r.paymentStatus})`);
    this.say(`Refunded ${formatCents(result.amountCents)} on order ${result.orderId}: ${parts.join('; ')}.`);
    this.say(`Paid ${formatCents(result.paidCents)}, refunded ${formatCents(result.refundedCents)}, still refundable ${formatCents(result.refundableCents)}.`);
    return result;
  }
}
