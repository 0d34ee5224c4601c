/**
 * The benchmark's own PostgreSQL: BENCH_DATABASE_URL (a role that may CREATE DATABASE), or
 * an embedded server in a directory of its own (never the user's store, never the tests').
 * Unlike the test server it keeps PostgreSQL's durable defaults (fsync on), as a real store
 * runs. The schema is migrated once into a template; every measured run gets a clone.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { connect } from '../../src/db/connection';
import { embeddedStatus, embeddedUrl, ensureEmbeddedServer, quoteIdent, stopEmbeddedServer } from '../../src/db/embedded';
import { migrateUp } from '../../src/db/migrator';

export const BENCH_ROOT = process.env.BENCH_DATA_DIR || path.join(os.tmpdir(), `store-bench-${process.getuid?.() ?? 'user'}`);

export interface BenchDatabase {
  name: string;
  url: string;
  client: Client;
  drop(): Promise<void>;
}

export class BenchServer {
  private adminUrl = '';
  private startedHere = false;
  private readonly templates = new Set<string>();
  private counter = 0;

  async start(): Promise<void> {
    if (process.env.BENCH_DATABASE_URL) {
      this.adminUrl = process.env.BENCH_DATABASE_URL;
      return;
    }
    const root = path.join(BENCH_ROOT, 'pg');
    this.startedHere = !(await embeddedStatus(root)).running;
    this.adminUrl = embeddedUrl(await ensureEmbeddedServer(root), 'postgres');
  }

  async stop(): Promise<void> {
    await this.admin(async (client) => {
      for (const name of this.templates) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    });
    if (this.startedHere) await stopEmbeddedServer(path.join(BENCH_ROOT, 'pg'));
  }

  urlFor(database: string): string {
    const url = new URL(this.adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  /** Version and the settings that matter for bulk loads, for the report. */
  async describe(): Promise<Record<string, string>> {
    return this.admin(async (client) => {
      const { rows } = await client.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size')`,
      );
      return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
    });
  }

  /** A migrated database named `name`, prepared by `prepare`, to clone runs from. */
  async template(name: string, prepare: (url: string) => Promise<void>): Promise<void> {
    const full = `store_bench_${name}`;
    await this.admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(full)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quoteIdent(full)} TEMPLATE template0 ENCODING 'UTF8'`);
    });
    this.templates.add(full);
    const sequelize = await connect(this.urlFor(full));
    try {
      await migrateUp(sequelize);
    } finally {
      await sequelize.close();
    }
    await prepare(this.urlFor(full));
  }

  /** A clone of the template, for one measured run. */
  async fresh(template: string): Promise<BenchDatabase> {
    const name = `store_bench_run_${process.pid}_${++this.counter}`;
    await this.admin((client) => client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(`store_bench_${template}`)}`));
    const url = this.urlFor(name);
    const client = new Client({ connectionString: url });
    await client.connect();
    return {
      name,
      url,
      client,
      drop: async () => {
        await client.end();
        await this.admin((admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      },
    };
  }

  private async admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
}
