import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { approveReturn, type ReturnChange } from '../../services/orders/returns';

export default class ReturnsApprove extends StoreCommand {
  static summary = 'Accept a requested return: the customer may send the goods back.';
  static description = `Only a requested return can be approved, and only while its order is paid, shipped or delivered. Of two staff approving at once, one wins; the other is told the return's status. When the goods arrive, run returns:receive. Approving refunds nothing: refund with \`store orders:refund\`.

Exit codes: 3 an invalid id, 4 no such return, 5 the return is not requested or its order was cancelled, 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> 18'];

  static args = {
    id: Args.string({ required: true, description: 'The return id.' }),
  };

  async run(): Promise<ReturnChange> {
    const { args } = await this.parse(ReturnsApprove);
    const context = await this.authorized();
    const change = await approveReturn(context, { returnId: args.id });
    const r = change.return;
    this.say(`Return ${r.id} approved: ${r.quantity} × ${r.sku} from order ${r.orderId}.`);
    return change;
  }
}
