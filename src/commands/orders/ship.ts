import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { orderCard } from '../../presenters/order';
import { shipOrder } from '../../services/orders/fulfil';
import type { OrderDetails } from '../../services/orders/show';

export default class OrdersShip extends StoreCommand {
  static summary = 'Mark a paid order shipped, with its carrier and tracking code.';
  static description = `Creates the shipment and moves the order from paid to shipped.

Exit codes: 2 a required flag missing, 3 an invalid flag, 4 no such order, 5 the order is not paid, 6 not allowed.`;
  static examples = ['<%= config.bin %> <%= command.id %> 12 --carrier chilexpress --tracking 99887766', '<%= config.bin %> <%= command.id %> 12 --carrier "Retiro en tienda"'];

  static args = { order: Args.string({ description: 'Order id.', required: true }) };

  static flags = {
    carrier: Flags.string({ summary: 'Who carries it (chilexpress, starken, …).', required: true }),
    tracking: Flags.string({ summary: "The carrier's tracking code." }),
  };

  async run(): Promise<OrderDetails> {
    const { args, flags } = await this.parse(OrdersShip);
    const context = await this.authorized();
    const order = await shipOrder(context, { order: args.order, carrier: flags.carrier, tracking: flags.tracking });
    this.say(orderCard(order));
    return order;
  }
}
