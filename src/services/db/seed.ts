import * as path from 'node:path';
import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { readEnv } from '../../lib/env';
import { quoteIdent } from '../../lib/sql';
import { SEEDERS_DIR } from '../../db/paths';

interface SeederModule {
  ACCOUNTS: string[];
  DEFAULT_PASSWORD: string;
  up(queryInterface: ReturnType<Sequelize['getQueryInterface']>): Promise<void>;
}

const SEEDER = '20261123000002-initial-data.js';

export interface SeedResult {
  /** Rows per table after seeding. */
  counts: Record<string, number>;
  accounts: readonly string[];
  /** The development default password, when STORE_SEED_PASSWORD was not set. */
  defaultPassword?: string;
}

/** Row counts of every table in the public schema, by table name. */
export async function tableRowCounts(sequelize: Sequelize): Promise<Record<string, number>> {
  const tables = await sequelize.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'SequelizeMeta' ORDER BY table_name`,
    { type: QueryTypes.SELECT },
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(name)}`, { type: QueryTypes.SELECT });
    counts[name] = row.n;
  }
  return counts;
}

/** Loads the seed data of seed 000 §4 (the sequelize-cli seeder, run in-process). Idempotent. */
export async function seedDatabase(sequelize: Sequelize, env: NodeJS.ProcessEnv = process.env): Promise<SeedResult> {
  const { STORE_SEED_PASSWORD } = readEnv(env);
  const seeder = require(path.join(SEEDERS_DIR, SEEDER)) as SeederModule;
  await seeder.up(sequelize.getQueryInterface());
  return {
    counts: await tableRowCounts(sequelize),
    accounts: seeder.ACCOUNTS,
    defaultPassword: STORE_SEED_PASSWORD ? undefined : seeder.DEFAULT_PASSWORD,
  };
}
