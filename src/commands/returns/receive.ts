import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { receiveReturn, type ReturnChange } from '../../services/orders/returns';

export default class ReturnsReceive extends StoreCommand {
  static summary = 'Record that the goods of an approved return arrived, optionally back into stock.';
  static description = `Only an approved return can be received. With --restock its units go back on the shelf of --warehouse (or the default warehouse) in the same transaction; without it (damaged goods) stock is left alone. Of several staff receiving the same return at once, one wins and the others are refused, so the units go back once. Receiving refunds nothing: refund with \`store orders:refund\`.

Exit codes: 2 --warehouse without --restock, 3 an invalid id or warehouse, 4 no such return or warehouse, 5 the return is not approved, its order was cancelled or the shelf would overflow, 6 not allowed (staff and admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> 18 --restock',
    '<%= config.bin %> <%= command.id %> 18 --restock --warehouse "Bodega Sur"',
    '<%= config.bin %> <%= command.id %> 19',
  ];

  static args = {
    id: Args.string({ required: true, description: 'The return id.' }),
  };

  static flags = {
    restock: Flags.boolean({ summary: 'Put the returned units back into stock.' }),
    warehouse: Flags.string({ summary: 'Warehouse name or id for --restock. [default: the default warehouse]', dependsOn: ['restock'] }),
  };

  async run(): Promise<ReturnChange> {
    const { args, flags } = await this.parse(ReturnsReceive);
    const context = await this.authorized();
    const change = await receiveReturn(context, { returnId: args.id, restock: flags.restock, warehouse: flags.warehouse });
    const r = change.return;
    const stock = change.restock
      ? `${change.restock.units} back in ${change.restock.warehouse.name}: ${change.restock.before.available} → ${change.restock.after.available}; ${change.restock.variantStock} in all warehouses`
      : 'stock unchanged';
    this.say(`Return ${r.id} received: ${r.quantity} × ${r.sku} from order ${r.orderId}, ${stock}.`);
    return change;
  }
}
