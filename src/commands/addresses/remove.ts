import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { removeAddress } from '../../services/addresses/addresses';

export default class AddressesRemove extends StoreCommand {
  static summary = 'Remove an address no order uses.';
  static description = 'An address an order was shipped to stays on record: removing it is refused (exit 5).';
  static examples = ['<%= config.bin %> <%= command.id %> 12'];
  static args = { id: Args.string({ description: 'Id of the address.', required: true }) };

  async run() {
    const { args } = await this.parse(AddressesRemove);
    const context = await this.authorized();
    const address = await removeAddress(context, args.id);
    this.say(`Removed address ${address.id} (${address.name}).`);
    return address;
  }
}
