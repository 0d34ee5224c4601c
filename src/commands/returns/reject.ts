import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { rejectReturn, type ReturnChange } from '../../services/orders/returns';

export default class ReturnsReject extends StoreCommand {
  static summary = 'Turn down a requested return.';
  static description = `Only a requested return can be rejected. Its units stop counting against the order line, so the customer may request them again. --notes are kept in the audit trail (logs:list).

Exit codes: 3 an invalid id or notes, 4 no such return, 5 the return is not requested, 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> 18', '<%= config.bin %> <%= command.id %> 18 --notes "Fuera del plazo de 10 días"'];

  static args = {
    id: Args.string({ required: true, description: 'The return id.' }),
  };

  static flags = {
    notes: Flags.string({ summary: 'Why (kept in the audit trail, up to 2000 characters).' }),
  };

  async run(): Promise<ReturnChange> {
    const { args, flags } = await this.parse(ReturnsReject);
    const context = await this.authorized();
    const change = await rejectReturn(context, { returnId: args.id, notes: flags.notes });
    const r = change.return;
    this.say(`Return ${r.id} rejected: ${r.quantity} × ${r.sku} from order ${r.orderId}.`);
    return change;
  }
}
