/**
 * Real PostgreSQL for tests: TEST_DATABASE_URL when set (a role that may CREATE DATABASE),
 * otherwise an embedded server in a temporary directory of its own. The schema is migrated
 * once into a template database; each test file clones it, which takes milliseconds.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, type QueryResultRow } from 'pg';
import { Sequelize } from 'sequelize-typescript';
import { connect } from '../../src/db/connection';
import { embeddedStatus, embeddedUrl, ensureEmbeddedServer, quoteIdent, stopEmbeddedServer } from '../../src/db/embedded';
import { migrateUp } from '../../src/db/migrator';

export const TEST_DATA_ROOT = process.env.STORE_TEST_DATA_DIR || path.join(os.tmpdir(), `store-test-${process.getuid?.() ?? 'user'}`);

let adminUrl: string | undefined;
let startedHere = false;
const created: string[] = [];
let counter = 0;
const TEMPLATE = `store_test_template_${process.pid}`;

export function urlFor(database: string): string {
  if (!adminUrl) throw new Error('test database server not started (test/setup.ts)');
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function startTestServer(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    startedHere = !(await embeddedStatus(TEST_DATA_ROOT)).running;
    const credentials = await ensureEmbeddedServer(TEST_DATA_ROOT, { fast: true });
    adminUrl = embeddedUrl(credentials, 'postgres');
  }
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(TEMPLATE)}`);
    await client.query(`CREATE DATABASE ${quoteIdent(TEMPLATE)} TEMPLATE template0 ENCODING 'UTF8'`);
  });
  const sequelize = await connect(urlFor(TEMPLATE));
  try {
    await migrateUp(sequelize);
  } finally {
    await sequelize.close();
  }
}

export async function stopTestServer(): Promise<void> {
  if (!adminUrl) return;
  await admin(async (client) => {
    for (const name of [...created, TEMPLATE]) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
  });
  // Another test run may share this server (same TEST_DATA_ROOT): leave it running then.
  const others = await admin((client) => client.query(`SELECT 1 FROM pg_database WHERE datname LIKE 'store\\_test\\_%'`));
  if (startedHere && others.rowCount === 0) await stopEmbeddedServer(TEST_DATA_ROOT);
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Plain SQL on a connection of its own. */
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A sequelize connection with the models registered (opened on first use). */
  sequelize(): Promise<Sequelize>;
  close(): Promise<void>;
}

/**
 * A database of its own for one test file: a clone of the migrated template, or an empty
 * database when `empty` is set.
 */
export async function freshDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `store_test_${process.pid}_${++counter}`;
  await admin((client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${options.empty ? 'template0' : quoteIdent(TEMPLATE)} ENCODING 'UTF8'`),
  );
  created.push(name);
  const url = urlFor(name);
  const client = new Client({ connectionString: url });
  await client.connect();
  let sequelize: Sequelize | undefined;
  return {
    name,
    url,
    async query(sql, params) {
      return (await client.query(sql, params as unknown[])).rows;
    },
    async sequelize() {
      sequelize ??= await connect(url, { withModels: true });
      return sequelize;
    },
    async close() {
      await sequelize?.close();
      await client.end();
    },
  };
}

/** Runs fn and returns the error it throws; fails the test when it throws nothing. */
export async function failure(fn: () => Promise<unknown>): Promise<Error & { code?: string; constraint?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string; constraint?: string };
  }
  throw new Error('expected an error, but the call succeeded');
}
