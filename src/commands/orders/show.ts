import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { orderCard } from '../../presenters/order';
import { showOrder, type OrderDetails } from '../../services/orders/show';

export default class OrdersShow extends StoreCommand {
  static summary = 'Show an order: lines, stock, payments, shipments, refunds, returns and history.';
  static description = `The history comes from the audit log: who created, paid, shipped or cancelled it, and when.

Exit codes: 3 an invalid id, 4 no such order, 6 not allowed.`;
  static examples = ['<%= config.bin %> <%= command.id %> 12', '<%= config.bin %> <%= command.id %> 12 --json'];

  static args = { order: Args.string({ description: 'Order id.', required: true }) };

  async run(): Promise<OrderDetails> {
    const { args } = await this.parse(OrdersShow);
    const context = await this.authorized();
    const order = await showOrder(context, args.order);
    this.say(orderCard(order, { history: true }));
    return order;
  }
}
