import { StoreCommand } from '../../lib/base-command';
import { RuleViolation } from '../../lib/errors';
import { readEnv } from '../../lib/env';
import { defaultDataRoot, embeddedStatus, ensureEmbeddedServer } from '../../db/embedded';

export default class DbStart extends StoreCommand {
  static summary = 'Start the embedded PostgreSQL server (creating it on first use).';
  static description = `The server keeps running after this command ends, so later commands connect at once. Any command that needs the database starts it too; this one is for doing it ahead of time. Not for DATABASE_URL: that server is managed elsewhere.`;
  static examples = ['<%= config.bin %> <%= command.id %>', 'STORE_DATA_DIR=/srv/store <%= config.bin %> <%= command.id %>'];

  async run(): Promise<{ dataDir: string; port: number; pid?: number }> {
    await this.parse(DbStart);
    if (readEnv().DATABASE_URL) throw new RuleViolation('DATABASE_URL is set: store does not start or stop that server');
    const dataDir = defaultDataRoot();
    const credentials = await ensureEmbeddedServer(dataDir);
    const status = await embeddedStatus(dataDir);
    this.say(`PostgreSQL ${status.serverVersion} running on 127.0.0.1:${credentials.port} (pid ${status.pid}), data in ${dataDir}`);
    return { dataDir, port: credentials.port, pid: status.pid };
  }
}
