import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { orderCard } from '../../presenters/order';
import { deliverOrder } from '../../services/orders/fulfil';
import type { OrderDetails } from '../../services/orders/show';

export default class OrdersDeliver extends StoreCommand {
  static summary = 'Mark a shipped order delivered.';
  static description = `Moves the order from shipped to delivered and closes its shipment.

Exit codes: 3 an invalid id, 4 no such order, 5 the order is not shipped, 6 not allowed.`;
  static examples = ['<%= config.bin %> <%= command.id %> 12'];

  static args = { order: Args.string({ description: 'Order id.', required: true }) };

  async run(): Promise<OrderDetails> {
    const { args } = await this.parse(OrdersDeliver);
    const context = await this.authorized();
    const order = await deliverOrder(context, args.order);
    this.say(orderCard(order));
    return order;
  }
}
