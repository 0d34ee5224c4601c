/**
 * `store db:migrate` runs the same migration files as `npx sequelize-cli db:migrate` and
 * records them in the same SequelizeMeta table, but applies each file and its record in one
 * transaction under an advisory lock: a killed migration leaves nothing half done, and two
 * processes migrating at once apply each file exactly once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { QueryTypes, Transaction } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import { Umzug, type UmzugStorage } from 'umzug';
import { MIGRATIONS_DIR } from './paths';

const META_TABLE = '"SequelizeMeta"';
// Any constant shared by every store process: serialises migrations on one database.
const MIGRATION_LOCK_KEY = 'store.migrations';

interface SqlMigrationModule {
  sql: { up: string; down: string };
}

/** Migration file names in the order they apply (sequelize-cli orders them the same way). */
export function migrationNames(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.js'))
    .sort();
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

/** Names recorded in SequelizeMeta, or [] when the table does not exist yet. */
export async function appliedMigrations(sequelize: Sequelize): Promise<string[]> {
  const [exists] = await sequelize.query<{ present: boolean }>(`SELECT to_regclass('public."SequelizeMeta"') IS NOT NULL AS present`, {
    type: QueryTypes.SELECT,
  });
  if (!exists.present) return [];
  const rows = await sequelize.query<{ name: string }>(`SELECT name FROM ${META_TABLE} ORDER BY name`, { type: QueryTypes.SELECT });
  return rows.map((row) => row.name);
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

export interface SchemaState {
  applied: string[];
  pending: string[];
  /** Recorded in the database but unknown to this version of store. */
  unknown: string[];
}

export async function schemaState(sequelize: Sequelize): Promise<SchemaState> {
  const known = migrationNames();
  const applied = await appliedMigrations(sequelize);
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}
