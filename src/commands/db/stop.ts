import { StoreCommand } from '../../lib/base-command';
import { RuleViolation } from '../../lib/errors';
import { readEnv } from '../../lib/env';
import { defaultDataRoot, stopEmbeddedServer } from '../../db/embedded';

export default class DbStop extends StoreCommand {
  static summary = 'Stop the embedded PostgreSQL server.';
  static description = `Waits for open transactions to be rolled back and the server to shut down cleanly. Nothing is lost: the next command starts it again. Not for DATABASE_URL.`;
  static examples = ['<%= config.bin %> <%= command.id %>'];

  async run(): Promise<{ dataDir: string; stopped: boolean }> {
    await this.parse(DbStop);
    if (readEnv().DATABASE_URL) throw new RuleViolation('DATABASE_URL is set: store does not start or stop that server');
    const dataDir = defaultDataRoot();
    const stopped = await stopEmbeddedServer(dataDir);
    this.say(stopped ? `Stopped the embedded PostgreSQL (data in ${dataDir}).` : `The embedded PostgreSQL was not running (data in ${dataDir}).`);
    return { dataDir, stopped };
  }
}
