/**
 * Database trouble, as a cron job meets it: a wrong DATABASE_URL, nobody listening, a server
 * that never answers, a wrong password, a missing database, a schema not (fully) migrated, a
 * schema newer than this store. Each command gets one clear line on stderr and its documented
 * exit code, never a stack trace, never the URL's password, and never hangs: a run still going
 * after HANG_GUARD_MS is killed and counted as a hang (the connect timeout, PGCONNECT_TIMEOUT,
 * is 3 s; the guard only has to tell "gave up" from "waits forever" on a loaded machine).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect } from '../../src/db/connection';
import { migrateDown, migrationNames } from '../../src/db/migrator';
import { ExitCode } from '../../src/lib/errors';
import { databaseChecksum } from '../helpers/checksum';
import { BIN, freshConfigDir } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { recordFigure } from '../helpers/reliability';

const HANG_GUARD_MS = 30_000;
const SECRET = 'sekret-pw-7f3a';

interface GuardedRun {
  code: number;
  stdout: string;
  stderr: string;
  hung: boolean;
  ms: number;
}

function runGuarded(args: string[], env: Record<string, string>): Promise<GuardedRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, STORE_CONFIG_DIR: freshConfigDir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, HANG_GUARD_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code: code ?? -1, stdout, stderr, hung, ms: Date.now() - started });
    });
  });
}

/** A TCP server that accepts connections and never says a word: a hung or half-dead host. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A free port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface TroubleCase {
  name: string;
  url: () => string;
  code: number;
  message: RegExp;
  commands: string[][];
}

// What a cron job or a clerk runs; anonymous, so the database is reached before any permission check.
const EVERYDAY = [['db:status'], ['products:list'], ['reports:daily'], ['orders:list', '--json'], ['users:list']];
const SCHEMA_BOUND = [['db:seed'], ['products:list'], ['reports:daily'], ['orders:list', '--json'], ['users:list']];

describe('database trouble: one line, the documented exit code, no hang', function () {
  this.timeout(15 * 60_000);
  let db: TestDatabase;
  let empty: TestDatabase;
  let partial: TestDatabase;
  let newer: TestDatabase;
  let silent: { port: number; close: () => Promise<void> };
  let refusedPort: number;
  const outcomes: Array<{ label: string; run: GuardedRun; ok: boolean; why?: string }> = [];

  before(async () => {
    db = await freshDatabase();
    empty = await freshDatabase({ empty: true });
    partial = await freshDatabase();
    const sequelize = await connect(partial.url);
    try {
      // Undo the newest migrations, keeping the first three: a server left half-way by an old version.
      const names = migrationNames();
      await migrateDown(sequelize, names[3]);
    } finally {
      await sequelize.close();
    }
    newer = await freshDatabase();
    await newer.query(`INSERT INTO "SequelizeMeta" (name) VALUES ('29991231000000-from-a-newer-store.js')`);
    silent = await silentServer();
    refusedPort = await closedPort();
  });
  after(async () => {
    await silent?.close();
    for (const d of [db, empty, partial, newer]) await d?.close();
    const slowest = Math.max(0, ...outcomes.map((o) => o.run.ms));
    recordFigure({
      section: 'database-trouble',
      name: 'wrong URL, refused, silent server, unknown host, wrong password, missing database, schema missing, half-migrated or newer',
      cases: outcomes.length,
      violations: outcomes.filter((o) => !o.ok).length,
      notes: `slowest command ${(slowest / 1000).toFixed(1)} s (connect timeout 3 s), hangs ${outcomes.filter((o) => o.run.hung).length}`,
    });
  });

  const withPassword = (url: string, password: string) => {
    const parsed = new URL(url);
    parsed.password = password;
    return parsed.toString();
  };
  const withDatabase = (url: string, name: string) => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };

  const cases: TroubleCase[] = [
    { name: 'a DATABASE_URL that is not a postgres URL', url: () => `mysql://root:${SECRET}@localhost/store`, code: ExitCode.invalidInput, message: /^error: environment variable DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL$/, commands: EVERYDAY },
    { name: 'a DATABASE_URL that is not a URL at all', url: () => `host=localhost password=${SECRET}`, code: ExitCode.invalidInput, message: /^error: environment variable DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL$/, commands: EVERYDAY },
    { name: 'nobody listening on the port', url: () => `postgres://store:${SECRET}@127.0.0.1:${refusedPort}/store`, code: ExitCode.databaseUnavailable, message: /^error: cannot use the database \(postgres:\/\/store:\*\*\*@127\.0\.0\.1:\d+\/store\): .*ECONNREFUSED/, commands: EVERYDAY },
    { name: 'a Unix socket with no server behind it', url: () => `postgres://store:${SECRET}@localhost/store?host=${encodeURIComponent(path.join(os.tmpdir(), 'store-no-server-here'))}`, code: ExitCode.databaseUnavailable, message: /^error: cannot use the database \(postgres:\/\/store:\*\*\*@localhost\/store\?host=.*store-no-server-here\): connect ENOENT .*store-no-server-here\/\.s\.PGSQL\.5432$/, commands: EVERYDAY },
    { name: 'a server that accepts and never answers', url: () => `postgres://store:${SECRET}@127.0.0.1:${silent.port}/store`, code: ExitCode.databaseUnavailable, message: /^error: cannot use the database \(postgres:\/\/store:\*\*\*@127\.0\.0\.1:\d+\/store\): timeout expired$/, commands: EVERYDAY.slice(0, 2) },
    { name: 'a host name that does not resolve', url: () => `postgres://store:${SECRET}@no-such-host.invalid:5432/store`, code: ExitCode.databaseUnavailable, message: /^error: cannot use the database \(.*no-such-host\.invalid.*\): .*(ENOTFOUND|EAI_AGAIN)/, commands: EVERYDAY.slice(0, 2) },
    { name: 'a wrong password', url: () => withPassword(db.url, SECRET), code: ExitCode.databaseUnavailable, message: /^error: cannot use the database \(.*\*\*\*.*\): password authentication failed/, commands: EVERYDAY },
    { name: 'a database that does not exist', url: () => withDatabase(db.url, 'no_such_store_db'), code: ExitCode.databaseUnavailable, message: /^error: cannot use the database \(.*no_such_store_db\): .*no_such_store_db.* does not exist/, commands: EVERYDAY },
    { name: 'an empty database (never migrated)', url: () => empty.url, code: ExitCode.schemaNotReady, message: new RegExp(`^error: the database at .* is missing ${migrationNames().length} migration\\(s\\): run \`store db:migrate\`$`), commands: SCHEMA_BOUND },
    { name: 'a database migrated half-way', url: () => partial.url, code: ExitCode.schemaNotReady, message: new RegExp(`^error: the database at .* is missing ${migrationNames().length - 3} migration\\(s\\): run \`store db:migrate\`$`), commands: SCHEMA_BOUND },
    { name: 'a schema newer than this store', url: () => newer.url, code: ExitCode.schemaNotReady, message: /^error: the database schema is newer than this store \(unknown migration 29991231000000-from-a-newer-store\.js\): upgrade store$/, commands: [...SCHEMA_BOUND, ['db:migrate']] },
  ];

  for (const c of cases) {
    it(`${c.name}: exit ${c.code}, one line, no password, no hang; nothing written`, async () => {
      const target = [empty, partial, newer].find((d) => c.url() === d.url);
      const before = target ? await databaseChecksum(target) : undefined;
      const failures: string[] = [];
      for (const args of c.commands) {
        const run = await runGuarded(args, { DATABASE_URL: c.url() });
        const label = `${c.name}: store ${args.join(' ')}`;
        const lines = run.stderr.trim().split('\n');
        const why = run.hung
          ? `still running after ${HANG_GUARD_MS / 1000} s`
          : run.code !== c.code
            ? `exit ${run.code}, expected ${c.code}: ${run.stderr.trim()}`
            : lines.length !== 1
              ? `${lines.length} lines on stderr: ${run.stderr.trim()}`
              : !c.message.test(lines[0])
                ? `message ${JSON.stringify(lines[0])} does not match ${c.message}`
                : /\n\s+at /.test(run.stderr)
                  ? 'a stack trace'
                  : (run.stdout + run.stderr).includes(SECRET)
                    ? 'the password was printed'
                    : args.includes('--json') && run.code !== 0 && JSON.parse(run.stdout || '{}').error?.exitCode !== c.code
                      ? `--json printed no error document: ${run.stdout}`
                      : undefined;
        outcomes.push({ label, run, ok: why === undefined, why });
        if (why) failures.push(`${label}: ${why}`);
      }
      expect(failures).to.deep.equal([]);
      if (target) expect(await databaseChecksum(target)).to.deep.equal(before);
    });
  }

  it('after the trouble, the same commands work on the migrated database', async () => {
    const run = await runGuarded(['db:status', '--json'], { DATABASE_URL: db.url });
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.have.nested.property('schema.pending').that.deep.equals([]);
  });
});
