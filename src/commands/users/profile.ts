import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { renderKeyValue } from '../../lib/render';
import { setProfile } from '../../services/users/update';

export default class UsersProfile extends StoreCommand {
  static summary = "Set a user's phone, birth date, address, comuna and region.";
  static description = "Only the flags given change. The comuna must belong to the region (Chile's official list, CUT 2018); names are matched without regard to case or accents and stored in their official form.";
  static examples = [
    '<%= config.bin %> <%= command.id %> cliente@store.test --phone "+56 9 8765 4321"',
    '<%= config.bin %> <%= command.id %> cliente@store.test --address "Los Aromos 456" --comuna nunoa --region RM',
  ];
  static args = { user: Args.string({ description: 'E-mail or id of the user.', required: true }) };
  static flags = {
    phone: Flags.string({ summary: 'Phone number.' }),
    birthdate: Flags.string({ summary: 'Birth date, YYYY-MM-DD.' }),
    address: Flags.string({ summary: 'Street address.' }),
    comuna: Flags.string({ summary: 'Comuna (needs --region).' }),
    region: Flags.string({ summary: 'Region: name, code (13) or RM.' }),
  };

  async run() {
    const { args, flags } = await this.parse(UsersProfile);
    const context = await this.authorized();
    const result = await setProfile(context, args.user, { phone: flags.phone, birthdate: flags.birthdate, address: flags.address, comuna: flags.comuna, region: flags.region });
    this.say(renderKeyValue(Object.entries(result.profile).map(([key, value]) => [key, value ?? ''])));
    return result;
  }
}
