import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { migrationNames } from '../../src/db/migrator';
import { ExitCode } from '../../src/lib/errors';
import { databaseChecksum } from '../helpers/checksum';
import { runCli } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';

const SEEDED_COUNTS = {
  addresses: 1, auth_tokens: 0, categories: 2, coupons: 0, customers: 1, inventory: 11, medicinal_documents: 1, order_items: 2,
  orders: 1, payments: 0, price_history: 11, product_reviews: 0, product_variants: 11, products: 4, promotion_categories: 0,
  promotion_products: 0, promotions: 0, refunds: 0, returns: 0, sellers: 0, shipments: 0, stock_allocations: 2, system_logs: 0, user_profiles: 2,
  users: 2, warehouses: 1,
};

function expectOneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).to.have.length(1);
  expect(lines[0]).to.match(pattern);
  expect(stderr).to.not.match(/\n\s+at /); // no stack trace
}

describe('store db:* commands', () => {
  describe('on a migrated database (DATABASE_URL)', () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await freshDatabase();
    });
    afterEach(async () => db.close());

    it('db:status --json reports the source, the server and an up-to-date schema', async () => {
      const result = await runCli(['db:status', '--json'], { DATABASE_URL: db.url });
      expect(result.code, result.stderr).to.equal(0);
      const status = JSON.parse(result.stdout);
      expect(status.source).to.equal('DATABASE_URL');
      expect(status.running).to.equal(true);
      expect(status.url).to.include('***').and.not.include(new URL(db.url).password || '\u0000');
      expect(status.schema).to.deep.include({ current: true, version: migrationNames().at(-1), pending: [], unknown: [] });
    });

    it('db:seed loads exactly the seed data, prints no password under --json, and a second run changes nothing', async () => {
      const first = await runCli(['db:seed', '--json'], { DATABASE_URL: db.url });
      expect(first.code, first.stderr).to.equal(0);
      expect(JSON.parse(first.stdout)).to.deep.equal({
        counts: SEEDED_COUNTS,
        accounts: ['admin@store.test', 'cliente@store.test'],
        defaultPasswordUsed: true,
      });
      expect(first.stdout + first.stderr).to.not.include('tienda-dev-2026');
      const before = await databaseChecksum(db);
      const second = await runCli(['db:seed', '--json'], { DATABASE_URL: db.url });
      expect(second.code, second.stderr).to.equal(0);
      expect(JSON.parse(second.stdout).counts).to.deep.equal(SEEDED_COUNTS);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('db:seed hashes STORE_SEED_PASSWORD with argon2id and never stores it in plain text', async () => {
      const result = await runCli(['db:seed'], { DATABASE_URL: db.url, STORE_SEED_PASSWORD: 'clave-muy-secreta-1' });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout + result.stderr).to.not.include('clave-muy-secreta-1');
      const rows = await db.query<{ password_hash: string }>('SELECT password_hash FROM users ORDER BY email');
      expect(rows).to.have.length(2);
      for (const row of rows) expect(row.password_hash).to.match(/^\$argon2id\$v=19\$/);
      const argon2 = await import('argon2');
      expect(await argon2.verify(rows[0].password_hash, 'clave-muy-secreta-1')).to.equal(true);
      expect(rows[0].password_hash).to.not.equal(rows[1].password_hash); // a salt per user
    });

    it('db:seed refuses a STORE_SEED_PASSWORD shorter than 8 characters, writing nothing', async () => {
      const before = await databaseChecksum(db);
      const result = await runCli(['db:seed'], { DATABASE_URL: db.url, STORE_SEED_PASSWORD: 'corta' });
      expect(result.code).to.equal(ExitCode.invalidInput);
      expectOneErrorLine(result.stderr, /STORE_SEED_PASSWORD.*8 characters/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('db:migrate:undo refuses to destroy data without --yes when not on a terminal', async () => {
      const before = await databaseChecksum(db);
      const result = await runCli(['db:migrate:undo', '--all'], { DATABASE_URL: db.url });
      expect(result.code).to.equal(ExitCode.usage);
      expectOneErrorLine(result.stderr, /--yes/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('db:migrate:undo --all --yes then db:migrate bring the schema down and back', async () => {
      const undo = await runCli(['db:migrate:undo', '--all', '--yes', '--json'], { DATABASE_URL: db.url });
      expect(undo.code, undo.stderr).to.equal(0);
      expect(JSON.parse(undo.stdout)).to.deep.equal({ reverted: [...migrationNames()].reverse(), version: null });
      const status = JSON.parse((await runCli(['db:status', '--json'], { DATABASE_URL: db.url })).stdout);
      expect(status.schema).to.deep.include({ current: false, version: null, pending: migrationNames() });
      const migrate = await runCli(['db:migrate', '--json'], { DATABASE_URL: db.url });
      expect(migrate.code, migrate.stderr).to.equal(0);
      expect(JSON.parse(migrate.stdout)).to.deep.equal({ applied: migrationNames(), version: migrationNames().at(-1) });
      const again = await runCli(['db:migrate', '--json'], { DATABASE_URL: db.url });
      expect(JSON.parse(again.stdout)).to.deep.equal({ applied: [], version: migrationNames().at(-1) });
    });

    it('db:migrate:undo --to names an unknown migration: invalid input, nothing undone', async () => {
      const result = await runCli(['db:migrate:undo', '--to', 'nope.js', '--yes'], { DATABASE_URL: db.url });
      expect(result.code).to.equal(ExitCode.invalidInput);
      expectOneErrorLine(result.stderr, /--to: no migration named "nope.js"/);
      expect(await db.query('SELECT count(*)::int AS n FROM "SequelizeMeta"')).to.deep.equal([{ n: migrationNames().length }]);
    });

    it('an unknown flag is a usage error (exit 2)', async () => {
      const result = await runCli(['db:status', '--frobnicate'], { DATABASE_URL: db.url });
      expect(result.code).to.equal(ExitCode.usage);
      expect(result.stderr).to.match(/frobnicate/);
      expect(result.stderr).to.not.match(/\n\s+at /);
    });

    it('a schema newer than this store is refused with exit 8', async () => {
      await db.query(`INSERT INTO "SequelizeMeta" (name) VALUES ('29991231000000-future.js')`);
      const result = await runCli(['db:seed'], { DATABASE_URL: db.url });
      expect(result.code).to.equal(ExitCode.schemaNotReady);
      expectOneErrorLine(result.stderr, /newer than this store/);
    });
  });

  describe('on an empty database', () => {
    it('db:seed says to run db:migrate (exit 8), and --json gives an error document', async () => {
      const db = await freshDatabase({ empty: true });
      try {
        const result = await runCli(['db:seed', '--json'], { DATABASE_URL: db.url });
        expect(result.code).to.equal(ExitCode.schemaNotReady);
        expectOneErrorLine(result.stderr, /run `store db:migrate`/);
        expect(JSON.parse(result.stdout)).to.deep.include({ error: { code: 'schema_not_ready', message: result.stderr.trim().replace(/^error: /, ''), exitCode: 8 } });
      } finally {
        await db.close();
      }
    });
  });

  describe('when the database cannot be used', () => {
    it('a refused connection: exit 7 with one line, quickly, no stack', async () => {
      const started = Date.now();
      const result = await runCli(['db:status'], { DATABASE_URL: 'postgres://store:secret-pw@127.0.0.1:1/store' });
      expect(result.code).to.equal(ExitCode.databaseUnavailable);
      expectOneErrorLine(result.stderr, /^error: cannot use the database .*ECONNREFUSED/);
      expect(result.stderr).to.not.include('secret-pw');
      expect(Date.now() - started).to.be.lessThan(10_000);
    });

    it('a wrong password: exit 7, and the password is not printed', async () => {
      const db = await freshDatabase();
      try {
        const url = new URL(db.url);
        url.password = 'not-the-password';
        const result = await runCli(['db:migrate'], { DATABASE_URL: url.toString() });
        expect(result.code).to.equal(ExitCode.databaseUnavailable);
        expectOneErrorLine(result.stderr, /password authentication failed/);
        expect(result.stderr).to.not.include('not-the-password');
      } finally {
        await db.close();
      }
    });

    it('a database that does not exist: exit 7', async () => {
      const db = await freshDatabase();
      try {
        const url = new URL(db.url);
        url.pathname = '/no_such_database';
        const result = await runCli(['db:status'], { DATABASE_URL: url.toString() });
        expect(result.code).to.equal(ExitCode.databaseUnavailable);
        expectOneErrorLine(result.stderr, /no_such_database/);
      } finally {
        await db.close();
      }
    });

    it('a DATABASE_URL that is not a postgres URL: invalid input (exit 3)', async () => {
      const result = await runCli(['db:status'], { DATABASE_URL: 'mysql://root@localhost/store' });
      expect(result.code).to.equal(ExitCode.invalidInput);
      expectOneErrorLine(result.stderr, /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    });
  });

  describe('with the embedded server (no DATABASE_URL)', function () {
    this.timeout(120_000);
    const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-cli-')), 'data');
    // As root the server runs as the postgres OS user, who must be able to enter the parent.
    fs.chmodSync(path.dirname(root), 0o755);
    after(async () => {
      await runCli(['db:stop'], { STORE_DATA_DIR: root });
      fs.rmSync(path.dirname(root), { recursive: true, force: true });
    });

    it('migrate, seed and status work from nothing, and stop/start manage the server', async () => {
      const migrate = await runCli(['db:migrate', '--json'], { STORE_DATA_DIR: root });
      expect(migrate.code, migrate.stderr).to.equal(0);
      expect(JSON.parse(migrate.stdout).applied).to.deep.equal(migrationNames());
      const seed = await runCli(['db:seed', '--json'], { STORE_DATA_DIR: root });
      expect(seed.code, seed.stderr).to.equal(0);
      expect(JSON.parse(seed.stdout).counts).to.deep.equal(SEEDED_COUNTS);
      const status = JSON.parse((await runCli(['db:status', '--json'], { STORE_DATA_DIR: root })).stdout);
      expect(status).to.deep.include({ source: 'embedded', dataDir: root, running: true });
      expect(status.schema.current).to.equal(true);

      const stop = await runCli(['db:stop', '--json'], { STORE_DATA_DIR: root });
      expect(JSON.parse(stop.stdout)).to.deep.equal({ dataDir: root, stopped: true });
      const stopped = JSON.parse((await runCli(['db:status', '--json'], { STORE_DATA_DIR: root })).stdout);
      expect(stopped).to.deep.include({ running: false });
      const start = await runCli(['db:start', '--json'], { STORE_DATA_DIR: root });
      expect(start.code, start.stderr).to.equal(0);
      expect(JSON.parse(start.stdout).dataDir).to.equal(root);
    });

    it('db:start refuses when DATABASE_URL names another server (exit 5)', async () => {
      const result = await runCli(['db:start'], { DATABASE_URL: 'postgres://a@127.0.0.1:1/b', STORE_DATA_DIR: root });
      expect(result.code).to.equal(ExitCode.ruleRefused);
      expectOneErrorLine(result.stderr, /DATABASE_URL is set/);
    });
  });
});
