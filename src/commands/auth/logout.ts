import { StoreCommand } from '../../lib/base-command';
import { logout } from '../../services/auth/login';
import { currentToken, forgetToken } from '../../services/auth/tokens';

export default class AuthLogout extends StoreCommand {
  static summary = 'Log out: revoke the token and forget it.';
  static description = 'Revokes the saved token (or STORE_TOKEN) in the database, so it no longer works anywhere, and deletes the saved file.';
  static examples = ['<%= config.bin %> <%= command.id %>', 'STORE_TOKEN=stk_… <%= config.bin %> <%= command.id %>'];

  async run(): Promise<{ revoked: boolean; forgotten: boolean }> {
    await this.parse(AuthLogout);
    const token = currentToken(this.config.configDir);
    let revoked = false;
    if (token) {
      const sequelize = await this.database({ withModels: true });
      revoked = await logout({ sequelize, actor: undefined }, token);
    }
    const forgotten = forgetToken(this.config.configDir);
    this.say(revoked || forgotten ? 'Logged out.' : 'You were not logged in.');
    return { revoked, forgotten };
  }
}
