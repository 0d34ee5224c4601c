import { StoreCommand } from '../../lib/base-command';
import { renderKeyValue, colour } from '../../lib/render';
import { databaseStatus, type DatabaseStatus } from '../../services/db/status';

export default class DbStatus extends StoreCommand {
  static summary = 'Show where the database lives, whether its server runs, and the schema version.';
  static description = `Uses DATABASE_URL when it is set, otherwise the embedded PostgreSQL in STORE_DATA_DIR (or the per-user default). Never starts a server: a stopped embedded server is reported as stopped.`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<DatabaseStatus> {
    await this.parse(DbStatus);
    const status = await databaseStatus();
    const c = colour();
    const schema = status.schema;
    this.say(
      renderKeyValue([
        ['database', status.source === 'embedded' ? `embedded PostgreSQL (data in ${status.dataDir})` : 'DATABASE_URL'],
        ...(status.url ? ([['url', status.url]] as Array<[string, string]>) : []),
        ['server', status.running ? c.green(`running${status.pid ? ` (pid ${status.pid})` : ''}`) : c.yellow('stopped (`store db:start`, or any command, starts it)')],
        ...(status.serverVersion ? ([['postgres', status.serverVersion]] as Array<[string, string]>) : []),
        ...(schema
          ? ([
              ['schema', schema.version ?? 'empty (run `store db:migrate`)'],
              [
                'migrations',
                schema.current
                  ? c.green(`${schema.applied.length} applied, up to date`)
                  : c.yellow(`${schema.applied.length} applied, ${schema.pending.length} pending${schema.unknown.length ? `, ${schema.unknown.length} unknown to this store` : ''}`),
              ],
            ] as Array<[string, string]>)
          : []),
      ]),
    );
    return status;
  }
}
