import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { addWarehouse, type AddedWarehouse } from '../../services/stock/warehouses';

export default class WarehousesAdd extends StoreCommand {
  static summary = 'Add a warehouse that holds stock.';
  static description = `Names are unique. One warehouse is the default: stock commands use it when --warehouse is left out, and imports put new stock there. The first warehouse becomes the default; --default makes the new one the default in place of the old, in the same transaction.

Exit codes: 2 --name missing, 3 an empty or too long name or address, 5 the name is taken, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --name "Bodega Sur" --address "Av. Matta 500, Santiago"',
    '<%= config.bin %> <%= command.id %> --name "Bodega Norte" --default',
  ];

  static flags = {
    name: Flags.string({ summary: 'Name (unique).', required: true }),
    address: Flags.string({ summary: 'Street address.' }),
    default: Flags.boolean({ summary: 'Make it the default warehouse (the old default stops being one).' }),
  };

  async run(): Promise<AddedWarehouse> {
    const { flags } = await this.parse(WarehousesAdd);
    const context = await this.authorized();
    const warehouse = await addWarehouse(context, { name: flags.name, address: flags.address, default: flags.default });
    const role = warehouse.replacedDefault ? `, now the default in place of ${warehouse.replacedDefault.name}` : warehouse.isDefault ? ', the default' : '';
    this.say(`Added warehouse ${warehouse.name} (id ${warehouse.id})${role}.`);
    return warehouse;
  }
}
