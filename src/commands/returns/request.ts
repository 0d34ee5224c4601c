import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { RETURNABLE_ORDER_STATUSES, requestReturn, type ReturnChange } from '../../services/orders/returns';

export default class ReturnsRequest extends StoreCommand {
  static summary = 'Record a customer asking to return units of an order line.';
  static description = `Only lines of ${RETURNABLE_ORDER_STATUSES.join(', ')} orders, and never more units than the line sold minus those already requested, approved or received (rejected requests do not count, so a rejected return can be requested again). The return starts as requested; staff then approve or reject it (returns:approve, returns:reject) and receive the goods (returns:receive).

Money is not refunded by a return: refund it explicitly with \`store orders:refund ORDER_ID --amount CENTS --reason TEXT\`.

Exit codes: 2 a required flag missing, 3 an invalid id, quantity or reason, 4 no such order line, 5 the order's status does not allow returns or the line has not that many units left to return, 6 not allowed (staff and admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> 311 --quantity 1 --reason "Sobre abierto al llegar"',
    '<%= config.bin %> <%= command.id %> 311 --quantity 2 --reason "No era la variedad pedida" --json',
  ];

  static args = {
    order_item_id: Args.string({ required: true, description: 'The order line (order_items id) the units come from.' }),
  };

  static flags = {
    quantity: Flags.string({ summary: 'Units to return.', required: true }),
    reason: Flags.string({ summary: "The customer's reason (up to 500 characters).", required: true }),
  };

  async run(): Promise<ReturnChange> {
    const { args, flags } = await this.parse(ReturnsRequest);
    const context = await this.authorized();
    const change = await requestReturn(context, { orderItemId: args.order_item_id, quantity: flags.quantity, reason: flags.reason });
    const r = change.return;
    this.say(`Return ${r.id} requested: ${r.quantity} of ${r.soldQuantity} × ${r.sku} from order ${r.orderId} (${r.customerEmail}).`);
    return change;
  }
}
