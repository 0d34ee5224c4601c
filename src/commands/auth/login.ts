import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { UsageError } from '../../lib/errors';
import { readPassword } from '../../lib/secret-input';
import { login } from '../../services/auth/login';
import { saveToken } from '../../services/auth/tokens';

export default class AuthLogin extends StoreCommand {
  static summary = 'Log in: later commands act as you.';
  static description = `Asks for the password without echo (or reads it from standard input with --password-stdin), then saves a token in your config directory (token.json, readable by you only). With --json the token is printed as {"token": …} for scripts: a cron job sets it as STORE_TOKEN. Tokens expire (--ttl, 12h by default) and end with auth:logout.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --email admin@store.test',
    'printf %s "$REPORTS_PASSWORD" | <%= config.bin %> <%= command.id %> --email reportes@tienda.cl --password-stdin --ttl 90d --json',
  ];
  static flags = {
    email: Flags.string({ summary: 'Your e-mail.', required: true }),
    'password-stdin': Flags.boolean({ summary: 'Read the password from standard input.' }),
    ttl: Flags.string({ summary: 'How long the token lasts: 90m, 12h, 30d (1h to 366d).', default: '12h' }),
  };

  async run() {
    const { flags } = await this.parse(AuthLogin);
    const password = await readPassword({ fromStdin: flags['password-stdin'], message: `Password for ${flags.email}` });
    if (password === undefined) throw new UsageError('auth:login needs your password: type it at the prompt on a terminal, or pipe it with --password-stdin');
    const sequelize = await this.database({ withModels: true });
    const result = await login({ sequelize, actor: undefined }, { email: flags.email, password, ttl: flags.ttl });
    const file = saveToken(this.config.configDir, { token: result.token, email: result.email, expiresAt: result.expiresAt });
    this.say(`Logged in as ${result.email} (${result.role}) until ${result.expiresAt}; token saved in ${file}.`);
    return result;
  }
}
