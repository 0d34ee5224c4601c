import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { colour } from '../../lib/render';
import { formatRut } from '../../lib/rut';
import { USER_ROLES } from '../../models/user';
import { listUsers, type UserListRow } from '../../services/users/list';

export default class UsersList extends StoreCommand {
  static summary = 'List users, with their medicinal status.';
  static description = 'Active users by default. --medicinal filters by eligibility to buy medicinal products (validated by staff or an approved, valid document) or by documents waiting for review.';
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --role staff --status all',
    '<%= config.bin %> <%= command.id %> --medicinal pending --csv > pending.csv',
  ];

  static flags = {
    role: Flags.string({ summary: 'Only this role.', options: [...USER_ROLES] }),
    status: Flags.string({ summary: 'Active, inactive or all users.', options: ['active', 'inactive', 'all'], default: 'active' }),
    medicinal: Flags.string({ summary: 'Only users who are eligible, not eligible, or have documents pending.', options: ['eligible', 'not-eligible', 'pending'] }),
    search: Flags.string({ summary: 'Text found in the name or e-mail, or the start of the RUT.' }),
    limit: Flags.integer({ summary: 'At most this many users.', default: 1000 }),
    csv: csvFlag,
  };

  async run(): Promise<{ users: UserListRow[] }> {
    const { flags } = await this.parse(UsersList);
    const context = await this.authorized();
    const users = await listUsers(context, {
      role: flags.role as (typeof USER_ROLES)[number] | undefined,
      status: flags.status as 'active' | 'inactive' | 'all',
      medicinal: flags.medicinal as 'eligible' | 'not-eligible' | 'pending' | undefined,
      search: flags.search,
      limit: flags.limit,
    });
    const c = colour();
    this.printList(
      users,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'name', header: 'name' },
        { key: 'email', header: 'email' },
        { key: 'rut', header: 'RUT', format: (value) => formatRut(String(value)) },
        { key: 'role', header: 'role' },
        { key: 'isActive', header: 'active', format: (value) => (value ? 'yes' : c.dim('no')) },
        { key: 'medicinalEligible', header: 'medicinal', format: (value) => (value ? c.green('eligible') : 'no') },
        { key: 'pendingDocuments', header: 'docs pending', align: 'right' },
      ],
      { csv: flags.csv, empty: 'No users match.' },
    );
    return { users };
  }
}
