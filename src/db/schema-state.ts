/**
 * Which migrations this store knows (the files in migrations/) and which the database has
 * recorded in SequelizeMeta. Plain SQL, so every command can check the schema before it runs
 * without loading umzug or sequelize.
 */
import * as fs from 'node:fs';
import { MIGRATIONS_DIR } from './paths';
import type { Sql } from './sql';

/** Migration file names in the order they apply (sequelize-cli orders them the same way). */
export function migrationNames(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.js'))
    .sort();
}

/** Names recorded in SequelizeMeta, or [] when the table does not exist yet. */
export async function appliedMigrations(sql: Sql): Promise<string[]> {
  const [exists] = await sql.select<{ present: boolean }>(`SELECT to_regclass('public."SequelizeMeta"') IS NOT NULL AS present`);
  if (!exists.present) return [];
  const rows = await sql.select<{ name: string }>('SELECT name FROM "SequelizeMeta" ORDER BY name');
  return rows.map((row) => row.name);
}

export interface SchemaState {
  applied: string[];
  pending: string[];
  /** Recorded in the database but unknown to this version of store. */
  unknown: string[];
}

export async function readSchemaState(sql: Sql): Promise<SchemaState> {
  const known = migrationNames();
  const applied = await appliedMigrations(sql);
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}
