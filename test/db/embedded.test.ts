import { expect } from 'chai';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { embeddedStatus, embeddedUrl, ensureEmbeddedServer, layoutOf, stopEmbeddedServer } from '../../src/db/embedded';

const execFileAsync = promisify(execFile);
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'ensure-server.ts');

async function inOtherProcess(root: string, as?: { uid: number; gid: number }): Promise<{ port: number; pid: number }> {
  const { stdout } = await execFileAsync(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE, root], {
    cwd: path.join(__dirname, '..', '..'),
    ...(as ? { uid: as.uid, gid: as.gid, env: { PATH: process.env.PATH, HOME: os.tmpdir() } } : {}),
  });
  return JSON.parse(stdout);
}

async function select1(root: string): Promise<number> {
  const credentials = JSON.parse(fs.readFileSync(layoutOf(root).credentialsFile, 'utf8'));
  const client = new Client({ connectionString: embeddedUrl(credentials, 'store') });
  await client.connect();
  try {
    return (await client.query('SELECT 1 AS one')).rows[0].one;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', function () {
  this.timeout(120_000);
  const roots: string[] = [];
  const newRoot = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'store-embedded-'));
    fs.rmSync(root, { recursive: true });
    // (os.tmpdir() is world-traversable, so the postgres OS user reaches it when we are root)
    roots.push(root);
    return root;
  };
  after(async () => {
    for (const root of roots) {
      await stopEmbeddedServer(root).catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('is created on first use, keeps running, and a second process finds the same server', async () => {
    const root = newRoot();
    const first = await inOtherProcess(root);
    // the first process has exited: the server outlived it
    const second = await inOtherProcess(root);
    expect(second).to.deep.equal(first);
    expect(await select1(root)).to.equal(1);
    const credentials = fs.statSync(layoutOf(root).credentialsFile);
    expect(credentials.mode & 0o777).to.equal(0o600);
    expect(fs.statSync(layoutOf(root).pgdata).mode & 0o777).to.equal(0o700);
  });

  it('two processes started at the same moment on a new data directory both succeed, with one server', async () => {
    const root = newRoot();
    const results = await Promise.all([inOtherProcess(root), inOtherProcess(root), inOtherProcess(root)]);
    expect(results[1]).to.deep.equal(results[0]);
    expect(results[2]).to.deep.equal(results[0]);
    expect(await select1(root)).to.equal(1);
  });

  it('stops, reports itself stopped, and starts again on the next use', async () => {
    const root = newRoot();
    await ensureEmbeddedServer(root, { fast: true });
    expect(await stopEmbeddedServer(root)).to.equal(true);
    const stopped = await embeddedStatus(root);
    expect({ initialised: stopped.initialised, running: stopped.running }).to.deep.equal({ initialised: true, running: false });
    expect(await stopEmbeddedServer(root)).to.equal(false);
    await inOtherProcess(root);
    expect((await embeddedStatus(root)).running).to.equal(true);
  });

  it('recovers after the server was killed and left a stale postmaster.pid', async () => {
    const root = newRoot();
    const before = await inOtherProcess(root);
    process.kill(before.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.existsSync(path.join(layoutOf(root).pgdata, 'postmaster.pid')), 'pid file left behind').to.equal(true);
    const after = await inOtherProcess(root);
    expect(after.port).to.equal(before.port);
    expect(after.pid).to.not.equal(before.pid);
    expect(await select1(root)).to.equal(1);
  });

  it('as root, refuses with one clear reason a data directory the postgres OS user cannot reach; otherwise uses it', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'store-private-'));
    fs.chmodSync(parent, 0o700);
    const root = path.join(parent, 'data');
    roots.push(parent);
    if (process.getuid?.() === 0) {
      const error = await ensureEmbeddedServer(root, { fast: true }).then(
        () => expect.fail('expected the private directory to be refused'),
        (e: Error) => e,
      );
      expect(error.message).to.equal(
        `PostgreSQL runs as the OS user 'postgres', which cannot enter ${parent}: set STORE_DATA_DIR to a directory it can reach (for example under /var/lib or /tmp)`,
      );
      expect(fs.existsSync(layoutOf(root).pgdata)).to.equal(false);
    } else {
      await ensureEmbeddedServer(root, { fast: true });
      expect(await select1(root)).to.equal(1);
    }
  });

  it('runs as an ordinary user too, with the server as that user', async function () {
    // As a normal user every other test here already covers this; as root, prove it as 'nobody'.
    if (process.getuid?.() !== 0) return;
    const { stdout } = await execFileAsync('id', ['-u', 'nobody']);
    const nobody = { uid: Number(stdout.trim()), gid: Number((await execFileAsync('id', ['-g', 'nobody'])).stdout.trim()) };
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'store-user-'));
    fs.chownSync(parent, nobody.uid, nobody.gid);
    const root = path.join(parent, 'data');
    roots.push(parent);
    const server = await inOtherProcess(root, nobody);
    expect(fs.statSync(`/proc/${server.pid}`).uid).to.equal(nobody.uid);
    expect(fs.statSync(layoutOf(root).credentialsFile).uid).to.equal(nobody.uid);
    expect(await select1(root)).to.equal(1);
    await execFileAsync(process.execPath, ['-e', `require('ts-node/register/transpile-only'); require('./src/db/embedded').stopEmbeddedServer(${JSON.stringify(root)})`], {
      cwd: path.join(__dirname, '..', '..'),
      uid: nobody.uid,
      gid: nobody.gid,
    });
  });

  it('recovers a postmaster.pid whose pid now belongs to an unrelated process', async () => {
    const root = newRoot();
    await ensureEmbeddedServer(root, { fast: true });
    await stopEmbeddedServer(root);
    const pidFile = path.join(layoutOf(root).pgdata, 'postmaster.pid');
    // A crash before a reboot: the file names a pid that is alive but is not PostgreSQL (us).
    fs.writeFileSync(pidFile, `${process.pid}\n${layoutOf(root).pgdata}\n0\n1\n\n\n`);
    const stat = fs.statSync(layoutOf(root).pgdata);
    fs.chownSync(pidFile, stat.uid, stat.gid);
    await inOtherProcess(root);
    expect(await select1(root)).to.equal(1);
  });
});
