import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { setStock } from '../../services/stock/set';
import type { StockChange } from '../../services/stock/inventory';
import { MAX_UNITS } from '../../services/stock/schemas';

export default class StockSet extends StoreCommand {
  static summary = 'Set the units of a variant in a warehouse (a stock count).';
  static description = `The warehouse then holds exactly --quantity units of the SKU (0 to ${MAX_UNITS}); product_variants.stock follows as the sum over warehouses. A count below the units pending orders reserved there is refused. Deactivated variants can be counted too. Every count is audited with its reason, even one that confirms the number.

Exit codes: 2 a required flag missing, 3 an invalid quantity or reason, 4 no such SKU or warehouse, 5 below the reserved units, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --sku NL-AUTO-X1 --quantity 30 --reason "Conteo mensual"',
    '<%= config.bin %> <%= command.id %> --sku AH-FEM-X5 --warehouse "Bodega Sur" --quantity 0 --reason "Lote vencido"',
  ];

  static flags = {
    sku: Flags.string({ summary: 'SKU of the variant.', required: true }),
    warehouse: Flags.string({ summary: 'Warehouse name or id. [default: the default warehouse]' }),
    quantity: Flags.string({ summary: `Units there now, 0 to ${MAX_UNITS}.`, required: true }),
    reason: Flags.string({ summary: 'Why (kept in the audit trail, up to 500 characters).', required: true }),
  };

  async run(): Promise<StockChange> {
    const { flags } = await this.parse(StockSet);
    const context = await this.authorized();
    const change = await setStock(context, { sku: flags.sku, warehouse: flags.warehouse, quantity: flags.quantity, reason: flags.reason });
    const was = change.change === 0 ? 'unchanged' : `was ${change.before.available}`;
    this.say(`Set ${change.sku} in ${change.warehouse.name} to ${change.after.available} units (${was}); ${change.variantStock} in all warehouses.`);
    return change;
  }
}
