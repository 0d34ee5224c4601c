import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { setDefaultAddress } from '../../services/addresses/addresses';

export default class AddressesSetDefault extends StoreCommand {
  static summary = "Make an address its user's default.";
  static description = 'The previous default stops being one, in the same transaction.';
  static examples = ['<%= config.bin %> <%= command.id %> 12'];
  static args = { id: Args.string({ description: 'Id of the address.', required: true }) };

  async run() {
    const { args } = await this.parse(AddressesSetDefault);
    const context = await this.authorized();
    const address = await setDefaultAddress(context, args.id);
    this.say(`Address ${address.id} (${address.name}) is now the default.`);
    return address;
  }
}
