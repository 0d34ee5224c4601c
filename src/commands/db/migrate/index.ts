import { StoreCommand } from '../../../lib/base-command';
import { migrateUp, schemaState } from '../../../db/migrator';
import { SchemaNotReady } from '../../../lib/errors';

export default class DbMigrate extends StoreCommand {
  static summary = 'Apply every pending migration.';
  static description = `Runs the files in migrations/ (which apply migrations/sql/*.sql) in order, each in its own transaction together with its SequelizeMeta record: a failed or interrupted migration leaves the database as it was. Safe to run from several processes at once. Same files and table as \`npx sequelize-cli db:migrate\`.`;
  static examples = ['<%= config.bin %> <%= command.id %>', 'DATABASE_URL=postgres://store@db.internal/store <%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<{ applied: string[]; version: string | null }> {
    await this.parse(DbMigrate);
    const sequelize = await this.database({ requireCurrentSchema: false });
    const before = await schemaState(sequelize);
    if (before.unknown.length > 0) {
      throw new SchemaNotReady(`the database schema is newer than this store (unknown migration ${before.unknown.at(-1)}): upgrade store`);
    }
    const applied = await migrateUp(sequelize, ({ name }) => this.note(`applied ${name}`));
    const after = await schemaState(sequelize);
    const version = after.applied.at(-1) ?? null;
    this.say(applied.length > 0 ? `Applied ${applied.length} migration(s); schema at ${version}.` : `Schema is up to date (${version}).`);
    return { applied, version };
  }
}
