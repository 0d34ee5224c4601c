import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { readPassword } from '../../lib/secret-input';
import { USER_ROLES } from '../../models/user';
import { updateUser } from '../../services/users/update';

export default class UsersUpdate extends StoreCommand {
  static summary = 'Change a user: name, e-mail, RUT, role, medicinal validation, password.';
  static description = 'Only the flags given change. A new password (from --password-stdin) ends every open login of that user. The last active admin cannot lose the role.';
  static examples = [
    '<%= config.bin %> <%= command.id %> cliente@store.test --validated-medicinal',
    '<%= config.bin %> <%= command.id %> 7 --role staff',
    'printf %s "$NEW_PASSWORD" | <%= config.bin %> <%= command.id %> pedro@tienda.cl --password-stdin',
  ];
  static args = { user: Args.string({ description: 'E-mail or id of the user.', required: true }) };
  static flags = {
    name: Flags.string({ summary: 'New full name.' }),
    email: Flags.string({ summary: 'New e-mail.' }),
    rut: Flags.string({ summary: 'New RUT.' }),
    role: Flags.string({ summary: 'New role.', options: [...USER_ROLES] }),
    'validated-medicinal': Flags.boolean({ summary: 'Mark (or with --no-validated-medicinal, unmark) the buyer as validated for medicinal products.', allowNo: true }),
    'password-stdin': Flags.boolean({ summary: 'Read a new password from standard input.' }),
    active: Flags.boolean({ summary: 'Reactivate (--active) or deactivate (--no-active) the account.', allowNo: true }),
  };

  async run() {
    const { args, flags } = await this.parse(UsersUpdate);
    const context = await this.authorized();
    const password = flags['password-stdin'] ? await readPassword({ fromStdin: true, message: '' }) : undefined;
    const user = await updateUser(context, args.user, {
      name: flags.name,
      email: flags.email,
      rut: flags.rut,
      role: flags.role as (typeof USER_ROLES)[number] | undefined,
      validatedMedicinal: flags['validated-medicinal'],
      active: flags.active,
      password,
    });
    this.say(user.changed.length > 0 ? `Updated ${user.email}: ${user.changed.join(', ')}.` : `Nothing changed for ${user.email}.`);
    return user;
  }
}
