import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { adjustStock } from '../../services/stock/adjust';
import type { StockChange } from '../../services/stock/inventory';
import { MAX_UNITS } from '../../services/stock/schemas';

export default class StockAdjust extends StoreCommand {
  static summary = 'Add or remove units of a variant in a warehouse.';
  static description = `--delta +N adds units (a delivery), -N removes them (breakage, samples); at most ${MAX_UNITS} either way. Removing more than the warehouse holds beyond what pending orders reserved is refused and changes nothing, even when several adjustments run at once. Every adjustment is audited with its reason.

Exit codes: 2 a required flag missing, 3 an invalid delta or reason, 4 no such SKU or warehouse, 5 not enough stock, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --sku NL-AUTO-X1 --delta 12 --reason "Llegó pedido del proveedor"',
    '<%= config.bin %> <%= command.id %> --sku AH-FEM-X3 --warehouse "Bodega Sur" --delta -1 --reason "Sobre dañado"',
  ];

  static flags = {
    sku: Flags.string({ summary: 'SKU of the variant.', required: true }),
    warehouse: Flags.string({ summary: 'Warehouse name or id. [default: the default warehouse]' }),
    delta: Flags.string({ summary: 'Units to add (12, +12) or remove (-3).', required: true }),
    reason: Flags.string({ summary: 'Why (kept in the audit trail, up to 500 characters).', required: true }),
  };

  async run(): Promise<StockChange> {
    const { flags } = await this.parse(StockAdjust);
    const context = await this.authorized();
    const change = await adjustStock(context, { sku: flags.sku, warehouse: flags.warehouse, delta: flags.delta, reason: flags.reason });
    const verb = change.change > 0 ? 'Added' : 'Removed';
    this.say(`${verb} ${Math.abs(change.change)} units of ${change.sku} in ${change.warehouse.name}: ${change.before.available} → ${change.after.available}; ${change.variantStock} in all warehouses.`);
    return change;
  }
}
