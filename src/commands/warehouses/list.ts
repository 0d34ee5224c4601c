import { csvFlag, StoreCommand } from '../../lib/base-command';
import { listWarehouses, type WarehouseRow } from '../../services/stock/warehouses';

export default class WarehousesList extends StoreCommand {
  static summary = 'List warehouses with their unit totals.';
  static description = `The default warehouse first. For each: how many variants have units there, and the units on its shelves (available), held by pending orders (reserved) and still sellable (available - reserved).

Exit codes: 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --csv > bodegas.csv'];

  static flags = { csv: csvFlag };

  async run(): Promise<{ warehouses: WarehouseRow[] }> {
    const { flags } = await this.parse(WarehousesList);
    const context = await this.authorized();
    const warehouses = await listWarehouses(context);
    this.printList(
      warehouses,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'name', header: 'name' },
        { key: 'address', header: 'address' },
        { key: 'isDefault', header: 'default', format: (value) => (value ? 'yes' : '') },
        { key: 'variants', header: 'variants', align: 'right' },
        { key: 'available', header: 'available', align: 'right' },
        { key: 'reserved', header: 'reserved', align: 'right' },
        { key: 'sellable', header: 'sellable', align: 'right' },
      ],
      { csv: flags.csv, empty: 'No warehouses yet: add one with `store warehouses:add --name NAME`.' },
    );
    return { warehouses };
  }
}
