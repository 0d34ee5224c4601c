import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { addAddress } from '../../services/addresses/addresses';

export default class AddressesAdd extends StoreCommand {
  static summary = 'Add a shipping address to a user.';
  static description = "The comuna must belong to the region (Chile's official list). A user's first address becomes the default; --default makes a later one the default instead.";
  static examples = [
    '<%= config.bin %> <%= command.id %> --user cliente@store.test --name Casa --line "Los Aromos 456, depto 21" --comuna Ñuñoa --region "Metropolitana de Santiago"',
    '<%= config.bin %> <%= command.id %> --user 7 --name Oficina --line "Av. Apoquindo 3000" --comuna "Las Condes" --region RM --default',
  ];
  static flags = {
    user: Flags.string({ summary: 'E-mail or id of the user.', required: true }),
    name: Flags.string({ summary: 'A name for the address (Casa, Oficina…).', required: true }),
    line: Flags.string({ summary: 'Street, number, apartment.', required: true }),
    comuna: Flags.string({ summary: 'Comuna.', required: true }),
    region: Flags.string({ summary: 'Region: name, code (13) or RM.', required: true }),
    notes: Flags.string({ summary: 'Delivery notes.' }),
    default: Flags.boolean({ summary: 'Make it the default address.' }),
  };

  async run() {
    const { flags } = await this.parse(AddressesAdd);
    const context = await this.authorized();
    const address = await addAddress(context, flags);
    this.say(`Added address ${address.id} (${address.name}: ${address.addressLine}, ${address.comuna})${address.isDefault ? ', the default' : ''}.`);
    return address;
  }
}
