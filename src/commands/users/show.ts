import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { colour, renderKeyValue, renderTable } from '../../lib/render';
import { formatRut } from '../../lib/rut';
import { showUser, type UserDetails } from '../../services/users/show';

export default class UsersShow extends StoreCommand {
  static summary = 'Show a user: profile, addresses, documents and medicinal eligibility.';
  static description = 'Medicinal eligibility is the one rule every order uses: validated by staff, or an approved prescription or certificate valid today or later.';
  static examples = ['<%= config.bin %> <%= command.id %> cliente@store.test', '<%= config.bin %> <%= command.id %> 42 --json'];
  static args = { user: Args.string({ description: 'E-mail or id of the user.', required: true }) };

  async run(): Promise<UserDetails> {
    const { args } = await this.parse(UsersShow);
    const context = await this.authorized();
    const user = await showUser(context, args.user);
    const c = colour();
    const place = user.profile?.comuna ? `${user.profile.comuna}, ${user.profile.region}` : '';
    this.say(
      renderKeyValue([
        ['id', String(user.id)],
        ['name', user.name],
        ['e-mail', user.email],
        ['RUT', formatRut(user.rut)],
        ['role', `${user.role}${user.customer ? ` (customer, ${user.customer.loyaltyLevel})` : ''}${user.seller ? ' (seller)' : ''}`],
        ['active', user.isActive ? 'yes' : c.yellow('no')],
        ['medicinal', user.medicinal.eligible ? c.green(`eligible: ${user.medicinal.reason}`) : c.yellow(user.medicinal.reason)],
        ...(user.profile
          ? ([
              ['phone', user.profile.phone ?? ''],
              ['birthdate', user.profile.birthdate ?? ''],
              ['address', [user.profile.address, place].filter(Boolean).join(', ')],
            ] as Array<[string, string]>)
          : []),
      ]),
    );
    if (user.addresses.length > 0) {
      this.say('\nAddresses');
      this.say(renderTable(user.addresses, [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'name', header: 'name' },
        { key: 'addressLine', header: 'address' },
        { key: 'comuna', header: 'comuna' },
        { key: 'isDefault', header: 'default', format: (v) => (v ? 'yes' : '') },
      ]));
    }
    if (user.documents.length > 0) {
      this.say('\nMedicinal documents');
      this.say(renderTable(user.documents, [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'docType', header: 'type' },
        { key: 'status', header: 'status' },
        { key: 'validUntil', header: 'valid until' },
        { key: 'createdAt', header: 'submitted', format: (v) => String(v).slice(0, 10) },
      ]));
    }
    return user;
  }
}
