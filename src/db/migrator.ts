/**
 * `store db:migrate` runs the same migration files as `npx sequelize-cli db:migrate` and
 * records them in the same SequelizeMeta table, but applies each file and its record in one
 * transaction under an advisory lock: a killed migration leaves nothing half done, and two
 * processes migrating at once apply each file exactly once.
 */
import * as path from 'node:path';
import { QueryTypes, Transaction } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import { Umzug, type UmzugStorage } from 'umzug';
import { MIGRATIONS_DIR } from './paths';
import { migrationNames, appliedMigrations as readApplied, readSchemaState, type SchemaState } from './schema-state';
import { sqlOf } from './sql';

const META_TABLE = '"SequelizeMeta"';
// Any constant shared by every store process: serialises migrations on one database.
const MIGRATION_LOCK_KEY = 'store.migrations';

interface SqlMigrationModule {
  sql: { up: string; down: string };
}

/** The SQL files are read by the same helper sequelize-cli's migrations use. */
export const readSqlFile: (relative: string) => string = (
  require(path.join(MIGRATIONS_DIR, 'lib', 'sql-file.js')) as { readSql: (relative: string) => string }
).readSql;

async function ensureMetaTable(sequelize: Sequelize): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await lock(sequelize, transaction);
    await sequelize.query(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (name varchar(255) NOT NULL PRIMARY KEY)`, { transaction });
  });
}

async function lock(sequelize: Sequelize, transaction: Transaction): Promise<void> {
  await sequelize.query('SELECT pg_advisory_xact_lock(hashtext(:key))', { replacements: { key: MIGRATION_LOCK_KEY }, transaction });
}

async function isRecorded(sequelize: Sequelize, name: string, transaction?: Transaction): Promise<boolean> {
  const rows = await sequelize.query(`SELECT 1 FROM ${META_TABLE} WHERE name = :name`, {
    replacements: { name },
    type: QueryTypes.SELECT,
    transaction,
  });
  return rows.length > 0;
}

export { migrationNames, type SchemaState };

/** Names recorded in SequelizeMeta, or [] when the table does not exist yet. */
export function appliedMigrations(sequelize: Sequelize): Promise<string[]> {
  return readApplied(sqlOf(sequelize));
}

// Recording happens inside each migration's own transaction, so the storage only reads.
const storage = (sequelize: Sequelize): UmzugStorage => ({
  executed: () => appliedMigrations(sequelize),
  logMigration: async () => undefined,
  unlogMigration: async () => undefined,
});

export type MigrationEvent = { name: string; direction: 'up' | 'down' };

export function createMigrator(sequelize: Sequelize, onStep?: (event: MigrationEvent) => void): Umzug {
  return new Umzug({
    migrations: migrationNames().map((name) => {
      const module = require(path.join(MIGRATIONS_DIR, name)) as SqlMigrationModule;
      return {
        name,
        up: async () => {
          await sequelize.transaction(async (transaction) => {
            await lock(sequelize, transaction);
            if (await isRecorded(sequelize, name, transaction)) return; // applied by a concurrent process
            await sequelize.query(readSqlFile(module.sql.up), { transaction, raw: true });
            await sequelize.query(`INSERT INTO ${META_TABLE} (name) VALUES (:name)`, { replacements: { name }, transaction });
          });
          onStep?.({ name, direction: 'up' });
        },
        down: async () => {
          await sequelize.transaction(async (transaction) => {
            await lock(sequelize, transaction);
            if (!(await isRecorded(sequelize, name, transaction))) return;
            await sequelize.query(readSqlFile(module.sql.down), { transaction, raw: true });
            await sequelize.query(`DELETE FROM ${META_TABLE} WHERE name = :name`, { replacements: { name }, transaction });
          });
          onStep?.({ name, direction: 'down' });
        },
      };
    }),
    storage: storage(sequelize),
    logger: undefined,
  });
}

export async function migrateUp(sequelize: Sequelize, onStep?: (event: MigrationEvent) => void): Promise<string[]> {
  await ensureMetaTable(sequelize);
  const applied = await createMigrator(sequelize, onStep).up();
  return applied.map((migration) => migration.name);
}

/** Undoes the last migration, all of them (`to: 0`), or down to and including `to`. */
export async function migrateDown(sequelize: Sequelize, to?: string | 0, onStep?: (event: MigrationEvent) => void): Promise<string[]> {
  await ensureMetaTable(sequelize);
  const migrator = createMigrator(sequelize, onStep);
  const reverted = to === undefined ? await migrator.down() : await migrator.down({ to });
  return reverted.map((migration) => migration.name);
}

export function schemaState(sequelize: Sequelize): Promise<SchemaState> {
  return readSchemaState(sqlOf(sequelize));
}
