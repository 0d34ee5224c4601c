import { StoreCommand } from '../../lib/base-command';
import { NotAllowedError } from '../../lib/errors';
import { renderKeyValue } from '../../lib/render';
import { whoami } from '../../services/auth/login';
import { currentToken } from '../../services/auth/tokens';

export default class AuthWhoami extends StoreCommand {
  static summary = 'Show who you are logged in as.';
  static description = 'Uses STORE_TOKEN when set, else the saved token. Fails (exit 6) when not logged in, or when the token expired or was revoked.';
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run() {
    await this.parse(AuthWhoami);
    const token = currentToken(this.config.configDir);
    if (!token) throw new NotAllowedError('not logged in: run `store auth:login`');
    const sequelize = await this.database({ withModels: true });
    const me = await whoami({ sequelize, actor: undefined }, token);
    this.say(renderKeyValue([['user', `${me.name} <${me.email}>`], ['role', me.role], ['until', me.expiresAt]]));
    return me;
  }
}
