import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { deactivateUser } from '../../services/users/update';

export default class UsersDeactivate extends StoreCommand {
  static summary = 'Deactivate a user: they can no longer log in, and their open logins end.';
  static description = 'The user and their history stay; `store users:update USER --active` reactivates. The last active admin cannot be deactivated.';
  static examples = ['<%= config.bin %> <%= command.id %> pedro@tienda.cl', '<%= config.bin %> <%= command.id %> 12 --json'];
  static args = { user: Args.string({ description: 'E-mail or id of the user.', required: true }) };

  async run() {
    const { args } = await this.parse(UsersDeactivate);
    const context = await this.authorized();
    const user = await deactivateUser(context, args.user);
    this.say(user.changed.length > 0 ? `Deactivated ${user.email}.` : `${user.email} was already inactive.`);
    return user;
  }
}
