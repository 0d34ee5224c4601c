import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatRut } from '../../lib/rut';
import { readPassword } from '../../lib/secret-input';
import { USER_ROLES } from '../../models/user';
import { addUser } from '../../services/users/add';

export default class UsersAdd extends StoreCommand {
  static summary = 'Add a customer, staff member or admin.';
  static description = `The e-mail is stored lower-case and must be unique; the RUT is accepted with or without dots and dash, checked by its check digit, stored as 12345678-5 and must be unique. A customer also gets a customers row; --seller adds a sellers row.

Staff and admins need a password (they log in): it is asked for on a terminal without echo, or read from standard input with --password-stdin. Never on the command line.

Needs an admin login, except to create the first admin of an empty store (the bootstrap).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --name "Camila Rojas" --email camila@example.cl --rut 12.345.678-5',
    'printf %s "$ADMIN_PASSWORD" | <%= config.bin %> <%= command.id %> --role admin --name "Ana Admin" --email ana@tienda.cl --rut 11111111-1 --password-stdin',
    '<%= config.bin %> <%= command.id %> --role staff --name "Pedro Bodega" --email pedro@tienda.cl --rut 5126663-3 --phone "+56 9 1234 5678" --comuna Ñuñoa --region "Metropolitana de Santiago"',
  ];

  static flags = {
    name: Flags.string({ summary: 'Full name.', required: true }),
    email: Flags.string({ summary: 'E-mail (unique, any case).', required: true }),
    rut: Flags.string({ summary: 'Chilean RUT, e.g. 12.345.678-5.', required: true }),
    role: Flags.string({ summary: 'Role.', options: [...USER_ROLES], default: 'customer' }),
    'password-stdin': Flags.boolean({ summary: 'Read the password from standard input instead of a hidden prompt.' }),
    seller: Flags.boolean({ summary: 'Also make the user a seller.' }),
    'validated-medicinal': Flags.boolean({ summary: 'Staff have validated this buyer for medicinal products.' }),
    phone: Flags.string({ summary: 'Phone number.' }),
    birthdate: Flags.string({ summary: 'Birth date, YYYY-MM-DD.' }),
    address: Flags.string({ summary: 'Street address for the profile.' }),
    comuna: Flags.string({ summary: 'Comuna (needs --region).' }),
    region: Flags.string({ summary: 'Region (needs --comuna).' }),
  };

  async run() {
    const { flags } = await this.parse(UsersAdd);
    const context = await this.authorized({ allowAnonymous: true });
    const password = await readPassword({ fromStdin: flags['password-stdin'], message: `Password for ${flags.email}`, confirm: true });
    const user = await addUser(context, {
      name: flags.name,
      email: flags.email,
      rut: flags.rut,
      role: flags.role as (typeof USER_ROLES)[number],
      password,
      seller: flags.seller,
      validatedMedicinal: flags['validated-medicinal'],
      phone: flags.phone,
      birthdate: flags.birthdate,
      address: flags.address,
      comuna: flags.comuna,
      region: flags.region,
    });
    this.say(`Added ${user.role} ${user.name} <${user.email}> (id ${user.id}, RUT ${formatRut(user.rut)})${user.bootstrap ? ' as the first admin' : ''}.`);
    return user;
  }
}
