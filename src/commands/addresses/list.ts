import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { listAddresses, type AddressView } from '../../services/addresses/addresses';

export default class AddressesList extends StoreCommand {
  static summary = "List a user's addresses, the default first.";
  static description = 'With --csv or --json for scripts.';
  static examples = ['<%= config.bin %> <%= command.id %> --user cliente@store.test', '<%= config.bin %> <%= command.id %> --user 7 --json'];
  static flags = { user: Flags.string({ summary: 'E-mail or id of the user.', required: true }), csv: csvFlag };

  async run(): Promise<{ addresses: AddressView[] }> {
    const { flags } = await this.parse(AddressesList);
    const context = await this.authorized();
    const addresses = await listAddresses(context, flags.user);
    this.printList(
      addresses,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'name', header: 'name' },
        { key: 'addressLine', header: 'address' },
        { key: 'comuna', header: 'comuna' },
        { key: 'region', header: 'region' },
        { key: 'isDefault', header: 'default', format: (v) => (v ? 'yes' : '') },
        { key: 'notes', header: 'notes' },
      ],
      { csv: flags.csv, empty: 'No addresses.' },
    );
    return { addresses };
  }
}
