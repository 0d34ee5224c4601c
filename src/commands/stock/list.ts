import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { listStock, type StockRow } from '../../services/stock/list';

export default class StockList extends StoreCommand {
  static summary = 'List stock per variant and warehouse: available, reserved, sellable.';
  static description = `Available units are on the shelf; reserved ones are held by pending orders; sellable = available - reserved. With --warehouse, every variant is listed for that warehouse (0 where it has none); without it, a variant no warehouse holds is listed once with no warehouse. Sorted by SKU, then warehouse.

Exit codes: 3 an invalid --below, 4 no such SKU or warehouse, 6 not allowed (staff and admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --below 5',
    '<%= config.bin %> <%= command.id %> --warehouse "Bodega Central" --csv > stock.csv',
    '<%= config.bin %> <%= command.id %> --sku NL-AUTO-X1 --json',
  ];

  static flags = {
    below: Flags.string({ summary: 'Only rows with fewer than this many sellable units.' }),
    sku: Flags.string({ summary: 'Only this SKU.' }),
    warehouse: Flags.string({ summary: 'Only this warehouse (name or id).' }),
    csv: csvFlag,
  };

  async run(): Promise<{ stock: StockRow[] }> {
    const { flags } = await this.parse(StockList);
    const context = await this.authorized();
    const stock = await listStock(context, { below: flags.below, sku: flags.sku, warehouse: flags.warehouse });
    this.printList(
      stock,
      [
        { key: 'sku', header: 'SKU' },
        { key: 'product', header: 'product' },
        { key: 'option', header: 'option' },
        { key: 'warehouse', header: 'warehouse' },
        { key: 'available', header: 'available', align: 'right' },
        { key: 'reserved', header: 'reserved', align: 'right' },
        { key: 'sellable', header: 'sellable', align: 'right' },
      ],
      { csv: flags.csv, empty: 'No stock rows match.' },
    );
    return { stock };
  }
}
