import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { orderCard } from '../../presenters/order';
import { cancelOrder, type CancelResult } from '../../services/orders/cancel';

export default class OrdersCancel extends StoreCommand {
  static summary = 'Cancel a pending or paid order, giving its stock back.';
  static description = `A pending order lets its reserved units go. A paid order that has not shipped puts the units it took back on the shelves they came from; with --refund its payments are refunded too (everything still refundable), in the same transaction. Shipped and delivered orders cannot be cancelled: use returns.

Exit codes: 2 a required flag missing, 3 an invalid id or reason, 4 no such order, 5 the order cannot be cancelled from its status, 6 not allowed.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> 12 --reason "Cliente se arrepintió"',
    '<%= config.bin %> <%= command.id %> 12 --reason "Sin stock en bodega" --refund',
  ];

  static args = { order: Args.string({ description: 'Order id.', required: true }) };

  static flags = {
    reason: Flags.string({ summary: 'Why (kept in the audit trail).', required: true }),
    refund: Flags.boolean({ summary: 'Also refund what was paid (paid orders).', default: false }),
  };

  async run(): Promise<CancelResult> {
    const { args, flags } = await this.parse(OrdersCancel);
    const context = await this.authorized();
    const result = await cancelOrder(context, { order: args.order, reason: flags.reason, refund: flags.refund });
    this.note(`Order ${result.order.id} cancelled (was ${result.from}); ${result.from === 'paid' ? 'its units are back in stock' : 'its reservations are released'}${result.refund ? `; refunded ${formatCents(result.refund.amountCents)}` : ''}.`);
    this.say(orderCard(result.order));
    return result;
  }
}
