import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { MAX_UNITS } from '../../services/stock/schemas';
import { transferStock, type StockTransfer } from '../../services/stock/transfer';

export default class StockTransferCommand extends StoreCommand {
  static summary = 'Move units of a variant from one warehouse to another.';
  static description = `Both warehouses change in one transaction: the variant's total stays the same. The source keeps at least the units pending orders reserved there. Transfers running at once (even opposite ones) queue and never deadlock. Audited with its reason, if given.

Exit codes: 2 a required flag missing, 3 an invalid quantity or the same warehouse twice, 4 no such SKU or warehouse, 5 not enough stock in --from, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --sku NL-AUTO-X1 --from "Bodega Central" --to "Bodega Sur" --quantity 5',
    '<%= config.bin %> <%= command.id %> --sku CBD-FS-10ML --from 1 --to 2 --quantity 2 --reason "Reposición sucursal"',
  ];

  static flags = {
    sku: Flags.string({ summary: 'SKU of the variant.', required: true }),
    from: Flags.string({ summary: 'Warehouse the units leave (name or id).', required: true }),
    to: Flags.string({ summary: 'Warehouse the units arrive in (name or id).', required: true }),
    quantity: Flags.string({ summary: `Units to move, 1 to ${MAX_UNITS}.`, required: true }),
    reason: Flags.string({ summary: 'Why (kept in the audit trail, up to 500 characters).' }),
  };

  async run(): Promise<StockTransfer> {
    const { flags } = await this.parse(StockTransferCommand);
    const context = await this.authorized();
    const transfer = await transferStock(context, { sku: flags.sku, from: flags.from, to: flags.to, quantity: flags.quantity, reason: flags.reason });
    const { from, to } = transfer;
    this.say(
      `Moved ${transfer.quantity} units of ${transfer.sku} from ${from.warehouse.name} (${from.before.available} → ${from.after.available}) to ${to.warehouse.name} (${to.before.available} → ${to.after.available}).`,
    );
    return transfer;
  }
}
