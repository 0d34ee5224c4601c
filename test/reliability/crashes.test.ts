/**
 * Crashes: `store products:import`, `orders:pay` and `db:migrate` killed with SIGKILL at
 * random moments (seeded: the seed is in every failure message, STORE_RELIABILITY_SEED
 * replays it). After each kill the database is either exactly as before (checksum of every
 * table) or exactly as a run that was not killed leaves it, and the next command works. Then
 * the embedded PostgreSQL itself (a private one, never the shared test server) is killed
 * during a command: the command fails with exit 7 and one line, and the next one starts the
 * server again; and a store killed while it holds the embedded server's lock does not lock
 * out the commands after it.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { connect } from '../../src/db/connection';
import { layoutOf, stopEmbeddedServer, type EmbeddedCredentials } from '../../src/db/embedded';
import { createMigrator, migrationNames } from '../../src/db/migrator';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { catalogSnapshot, type CatalogSnapshot } from '../helpers/catalog';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, startCli, type CliResult, type RunningCli } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';
import { seededRandom, sleep, type Random } from '../helpers/random';
import { recordFigure, scaled } from '../helpers/reliability';

interface WatchedRun {
  result: CliResult;
  /** Whether it was killed: false when it had ended by the chosen moment. */
  killed: boolean;
  /** When its first connection to the database appeared, and when it ended (ms from start). */
  connectedMs: number;
  ms: number;
}

/**
 * Starts the command, waits for its first connection to the database, and then, when given
 * killAfterMs, SIGKILLs it that long after (unless it has ended by then): the moments that
 * matter are those while it talks to the database, not node's start-up.
 */
async function watchedRun(args: string[], env: Record<string, string>, db: TestDatabase, killAfterMs?: number): Promise<WatchedRun> {
  const started = Date.now();
  const run = startCli(args, env);
  let ended = false;
  void run.done.then(() => (ended = true));
  let connectedMs: number | undefined;
  while (!ended && connectedMs === undefined) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = 'store'`,
      [db.name],
    );
    if (row.n > 0) connectedMs = Date.now() - started;
    else await sleep(10);
  }
  let killed = false;
  if (killAfterMs !== undefined && !ended) {
    await Promise.race([sleep(killAfterMs), run.done]);
    killed = run.child.exitCode === null && run.child.signalCode === null && run.child.kill('SIGKILL');
  }
  const result = await run.done;
  const ms = Date.now() - started;
  return { result, killed, connectedMs: connectedMs ?? ms, ms };
}

/** A moment to kill at: anywhere in the reference run's time connected, and a little after. */
const killMoment = (random: Random, reference: WatchedRun) => Math.round(random.next() * 1.1 * Math.max(50, reference.ms - reference.connectedMs));

async function timed(run: Promise<CliResult>): Promise<{ result: CliResult; ms: number }> {
  const started = Date.now();
  const result = await run;
  return { result, ms: Date.now() - started };
}

/**
 * Waits until the server has finished with every connection of a killed store process: until
 * then a transaction whose COMMIT was sent may still be committing, and locks are still held.
 */
async function settle(db: TestDatabase): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = 'store'`,
      [db.name],
    );
    if (row.n === 0) return;
    if (Date.now() > deadline) throw new Error(`the killed store's connections to ${db.name} are still open after 60 s`);
    await sleep(100);
  }
}

/** Row counts of every table (timestamps and ids differ between databases; counts do not). */
async function rowCounts(db: TestDatabase, exclude: string[] = []): Promise<Record<string, number>> {
  const sums = await databaseChecksum(db);
  return Object.fromEntries(Object.entries(sums).filter(([table]) => !exclude.includes(table)).map(([table, sum]) => [table, Number(sum.split(':')[0])]));
}

const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((table) => before[table] !== after[table]).sort();

/** A catalog CSV of `products` new products with two variants each. */
function catalogFile(dir: string, products: number, tag: string): string {
  const lines = ['product_slug,product_name,category_slug,description,image_url,is_active,sku,option_label,price_cents,stock,size,color,warehouse'];
  for (let i = 1; i <= products; i++) {
    for (const [option, price, stock] of [['x1', 100 + i, i % 7], ['x3', 250 + i, i % 5]] as const) {
      lines.push(`${tag}-${i},Producto ${tag} ${i},semillas,Caída ${i},,true,${tag.toUpperCase()}-${i}-${option.toUpperCase()},${option},${price * 100},${stock},,,`);
    }
  }
  const file = path.join(dir, `${tag}.csv`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The catalog as content only (no ids, no timestamps): equal for two equal imports. */
async function catalogContent(db: TestDatabase): Promise<string> {
  const [row] = await db.query<{ h: string }>(
    `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM (
       SELECT p.slug, p.name, c.slug AS category, p.description, p.image_url, p.is_active, v.sku, v.option_label, v.price_cents, v.stock, v.size, v.color, v.is_active AS variant_active,
              (SELECT string_agg(w.name || ':' || i.quantity_available || ':' || i.quantity_reserved, ',' ORDER BY w.name) FROM inventory i JOIN warehouses w ON w.id = i.warehouse_id WHERE i.variant_id = v.id) AS inventory,
              (SELECT string_agg(h.price_cents || ':' || (h.valid_to IS NULL), ',' ORDER BY h.valid_from, h.price_cents) FROM price_history h WHERE h.variant_id = v.id) AS prices
       FROM products p JOIN categories c ON c.id = p.category_id LEFT JOIN product_variants v ON v.product_id = p.id) t`,
  );
  return row.h;
}

/** A migrated and seeded database of its own, with an admin. */
async function openShop(): Promise<{ db: TestDatabase; admin: TestUser }> {
  const db = await freshDatabase();
  const sequelize = await connect(db.url, { withModels: true });
  try {
    await seedDatabase(sequelize, {});
  } finally {
    await sequelize.close();
  }
  return { db, admin: await buildUser(db, { role: 'admin' }) };
}

describe('crashes: SIGKILL at random moments leaves the database before or after, and the next command works', function () {
  this.timeout(30 * 60_000);
  const random = seededRandom();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'store-crashes-'));
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const db of databases) await db.close().catch(() => undefined);
    fs.rmSync(scratch, { recursive: true, force: true });
  });
  const problem = (list: string[], trial: number, what: string) => list.push(`trial ${trial} (seed ${random.seed}): ${what}`);
  const replay = () => `seed ${random.seed} (STORE_RELIABILITY_SEED=${random.seed} replays it)`;
  const outcomeNote = (outcomes: Record<string, number>) => Object.entries(outcomes).map(([k, n]) => `${k} ${n}`).join(', ');

  it('products:import killed: the catalog is as before or fully imported, and the import runs again', async () => {
    const trials = scaled(4);
    const file = catalogFile(scratch, 3000, 'caida');
    const reference = await openShop();
    databases.push(reference.db);
    const run = await watchedRun(['products:import', file, '--json'], as(reference.admin, reference.db), reference.db);
    expect(run.result.code, run.result.stderr).to.equal(0);
    const imported = { content: await catalogContent(reference.db), counts: await rowCounts(reference.db) };

    const problems: string[] = [];
    const outcomes = { before: 0, after: 0, 'finished first': 0 };
    for (let trial = 1; trial <= trials; trial++) {
      const { db, admin } = await openShop();
      databases.push(db);
      const before = await databaseChecksum(db);
      const killed = await watchedRun(['products:import', file], as(admin, db), db, killMoment(random, run));
      await settle(db);
      const now = await databaseChecksum(db);
      const changed = changedTables(before, now);
      if (!killed.killed) {
        outcomes['finished first']++;
        if (killed.result.code !== 0) problem(problems, trial, `the import ended by itself with exit ${killed.result.code}: ${killed.result.stderr}`);
      } else if (changed.length === 0) {
        outcomes.before++;
      } else {
        outcomes.after++;
      }
      if (changed.length > 0) {
        const content = await catalogContent(db);
        const counts = await rowCounts(db);
        if (content !== imported.content || JSON.stringify(counts) !== JSON.stringify(imported.counts)) {
          problem(problems, trial, `killed ${killed.ms - killed.connectedMs} ms after connecting, tables ${changed.join(', ')} changed but the catalog is not the imported one: counts ${JSON.stringify(counts)} vs ${JSON.stringify(imported.counts)}`);
        }
      }
      const again = await runCli(['products:import', file, '--json'], as(admin, db));
      if (again.code !== 0) problem(problems, trial, `the import after the kill failed with exit ${again.code}: ${again.stderr}`);
      else if ((await catalogContent(db)) !== imported.content) problem(problems, trial, 'the import after the kill did not end with the imported catalog');
    }
    recordFigure({ section: 'crashes', name: 'products:import (6,000 rows) killed with SIGKILL', trials, violations: problems.length, notes: `${outcomeNote(outcomes)}; seed ${random.seed}` });
    expect(problems, replay()).to.deep.equal([]);
  });

  it('orders:pay killed: the order is untouched or fully paid (stock taken, coupon counted), and paying again works', async () => {
    const trials = scaled(5);
    const { db } = await openShop();
    databases.push(db);
    const staff = await buildUser(db, { role: 'staff' });
    const buyer = await buildUser(db, { role: 'customer' });
    await db.query(`INSERT INTO coupons (code, type, percent_value) VALUES ('CAIDA', 'percent', 10)`);
    await db.query(`UPDATE inventory SET quantity_available = quantity_available + 1000 WHERE variant_id IN (SELECT id FROM product_variants WHERE sku IN ('NL-AUTO-X1', 'AH-FEM-X1'))`);

    const newOrder = async (): Promise<number> => {
      const created = await runCli(['orders:create', '--user', buyer.email, '--item', 'NL-AUTO-X1:2', '--item', 'AH-FEM-X1:1', '--coupon', 'caida', '--json'], as(staff, db));
      expect(created.code, created.stderr).to.equal(0);
      return (JSON.parse(created.stdout) as { id: number }).id;
    };
    interface PayState {
      status: string;
      payments: string;
      allocations: string;
      shelves: string;
      used: number;
      audits: number;
    }
    const state = async (orderId: number): Promise<PayState> => {
      const [row] = await db.query<PayState>(
        `SELECT o.status,
                (SELECT string_agg(p.status || ':' || p.amount_cents || ':' || coalesce(p.provider_ref, ''), ',' ORDER BY p.id) FROM payments p WHERE p.order_id = o.id) AS payments,
                (SELECT string_agg(a.status || ':' || a.quantity, ',' ORDER BY a.id) FROM stock_allocations a JOIN order_items i ON i.id = a.order_item_id WHERE i.order_id = o.id) AS allocations,
                (SELECT string_agg(v.sku || ':' || i.quantity_available || ':' || i.quantity_reserved || ':' || v.stock, ',' ORDER BY v.sku) FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE v.sku IN ('NL-AUTO-X1', 'AH-FEM-X1')) AS shelves,
                (SELECT used_count FROM coupons WHERE code = 'CAIDA') AS used,
                (SELECT count(*)::int FROM system_logs WHERE action = 'orders.pay' AND entity_id = o.id) AS audits
         FROM orders o WHERE o.id = $1`,
        [orderId],
      );
      return row;
    };
    /** What paying does, from the state before: the same for a killed run that got through. */
    const paidFrom = (before: PayState, amount: number, ref: string): PayState => ({
      status: 'paid',
      payments: `approved:${amount}:${ref}`,
      allocations: before.allocations.replace(/reserved/g, 'taken'),
      shelves: before.shelves
        .split(',')
        .map((shelf) => {
          const [sku, available, reserved, stock] = shelf.split(':');
          const units = sku === 'NL-AUTO-X1' ? 2 : 1;
          return [sku, Number(available) - units, Number(reserved) - units, Number(stock) - units].join(':');
        })
        .join(','),
      used: before.used + 1,
      audits: 1,
    });
    const due = async (orderId: number) => (await db.query<{ due: number }>('SELECT amount_due_cents::int AS due FROM orders WHERE id = $1', [orderId]))[0].due;

    // A payment nobody kills: how long one takes, which tables it writes and what it leaves.
    const referenceId = await newOrder();
    const referenceBefore = { sums: await databaseChecksum(db), state: await state(referenceId) };
    const reference = await watchedRun(['orders:pay', String(referenceId), '--provider', 'webpay', '--ref', 'CAIDA-REF'], as(staff, db), db);
    expect(reference.result.code, reference.result.stderr).to.equal(0);
    const paysWrite = changedTables(referenceBefore.sums, await databaseChecksum(db));
    expect(await state(referenceId)).to.deep.equal(paidFrom(referenceBefore.state, await due(referenceId), 'CAIDA-REF'));

    const problems: string[] = [];
    const outcomes = { before: 0, after: 0, 'finished first': 0 };
    for (let trial = 1; trial <= trials; trial++) {
      const orderId = await newOrder();
      const ref = `CAIDA-${trial}`;
      const before = { sums: await databaseChecksum(db), state: await state(orderId) };
      const paid = paidFrom(before.state, await due(orderId), ref);
      const killed = await watchedRun(['orders:pay', String(orderId), '--provider', 'webpay', '--ref', ref], as(staff, db), db, killMoment(random, reference));
      await settle(db);
      const changed = changedTables(before.sums, await databaseChecksum(db));
      const now = await state(orderId);
      if (!killed.killed) outcomes['finished first']++;
      else outcomes[changed.length === 0 ? 'before' : 'after']++;
      if (changed.length > 0) {
        if (JSON.stringify(changed) !== JSON.stringify(paysWrite)) problem(problems, trial, `killed ${killed.ms - killed.connectedMs} ms after connecting, tables ${changed.join(', ')} changed; a payment writes ${paysWrite.join(', ')}`);
        if (JSON.stringify(now) !== JSON.stringify(paid)) problem(problems, trial, `killed ${killed.ms - killed.connectedMs} ms after connecting, half paid: ${JSON.stringify(now)} vs paid ${JSON.stringify(paid)}`);
      }
      const again = await runCli(['orders:pay', String(orderId), '--provider', 'webpay', '--ref', ref, '--json'], as(staff, db));
      if (again.code !== 0) problem(problems, trial, `paying again after the kill failed with exit ${again.code}: ${again.stderr}`);
      else {
        const outcome = (JSON.parse(again.stdout) as { outcome: string }).outcome;
        if (outcome !== (changed.length > 0 ? 'already' : 'paid')) problem(problems, trial, `paying again said ${outcome}`);
        if (JSON.stringify(await state(orderId)) !== JSON.stringify(paid)) problem(problems, trial, `after paying again: ${JSON.stringify(await state(orderId))} vs ${JSON.stringify(paid)}`);
      }
    }
    recordFigure({ section: 'crashes', name: 'orders:pay (two lines, a coupon) killed with SIGKILL', trials, violations: problems.length, notes: `${outcomeNote(outcomes)}; seed ${random.seed}` });
    expect(problems, replay()).to.deep.equal([]);
  });

  it('db:migrate killed on an empty database: SequelizeMeta lists exactly the migrations whose objects exist, and migrating again completes', async () => {
    const trials = scaled(4);
    const names = migrationNames();
    // The schema after each number of migrations, built one step at a time.
    const steps: Array<{ catalog: CatalogSnapshot; counts: Record<string, number> }> = [];
    const ladder = await freshDatabase({ empty: true });
    databases.push(ladder);
    const sequelize = await connect(ladder.url);
    try {
      await ladder.query(`CREATE TABLE IF NOT EXISTS "SequelizeMeta" (name varchar(255) NOT NULL PRIMARY KEY)`);
      const migrator = createMigrator(sequelize);
      for (let k = 0; k <= names.length; k++) {
        if (k > 0) await migrator.up({ step: 1 });
        steps.push({ catalog: await catalogSnapshot(ladder, { excludeTables: ['SequelizeMeta'] }), counts: await rowCounts(ladder, ['SequelizeMeta']) });
      }
    } finally {
      await sequelize.close();
    }

    const referenceDb = await freshDatabase({ empty: true });
    databases.push(referenceDb);
    const reference = await watchedRun(['db:migrate'], { DATABASE_URL: referenceDb.url }, referenceDb);
    expect(reference.result.code, reference.result.stderr).to.equal(0);

    const recorded = async (db: TestDatabase): Promise<string[]> => {
      const [meta] = await db.query<{ present: boolean }>(`SELECT to_regclass('public."SequelizeMeta"') IS NOT NULL AS present`);
      return meta.present ? (await db.query<{ name: string }>('SELECT name FROM "SequelizeMeta" ORDER BY name')).map((r) => r.name) : [];
    };
    const matches = async (db: TestDatabase, k: number) =>
      JSON.stringify(await catalogSnapshot(db, { excludeTables: ['SequelizeMeta'] })) === JSON.stringify(steps[k].catalog) &&
      JSON.stringify(await rowCounts(db, ['SequelizeMeta'])) === JSON.stringify(steps[k].counts);

    const problems: string[] = [];
    const reached: number[] = [];
    for (let trial = 1; trial <= trials; trial++) {
      const db = await freshDatabase({ empty: true });
      databases.push(db);
      const killed = await watchedRun(['db:migrate'], { DATABASE_URL: db.url }, db, killMoment(random, reference));
      await settle(db);
      const applied = await recorded(db);
      reached.push(applied.length);
      if (JSON.stringify(applied) !== JSON.stringify(names.slice(0, applied.length))) problem(problems, trial, `SequelizeMeta lists ${applied.join(', ')}: not the first migrations in order`);
      else if (!(await matches(db, applied.length))) problem(problems, trial, `killed ${killed.ms - killed.connectedMs} ms after connecting with ${applied.length} migrations recorded, but the schema is not the one those ${applied.length} migrations make`);
      if (!killed.killed && killed.result.code !== 0) problem(problems, trial, `db:migrate ended by itself with exit ${killed.result.code}: ${killed.result.stderr}`);
      const again = await runCli(['db:migrate'], { DATABASE_URL: db.url });
      if (again.code !== 0) problem(problems, trial, `db:migrate after the kill failed with exit ${again.code}: ${again.stderr}`);
      else if (JSON.stringify(await recorded(db)) !== JSON.stringify(names) || !(await matches(db, names.length))) problem(problems, trial, 'db:migrate after the kill did not end fully migrated');
    }
    recordFigure({ section: 'crashes', name: 'db:migrate on an empty database killed with SIGKILL', trials, violations: problems.length, notes: `migrations recorded when killed: ${reached.join(', ')} of ${names.length}; seed ${random.seed}` });
    expect(problems, replay()).to.deep.equal([]);
  });

  describe('the embedded PostgreSQL (a private server, never the shared test one)', function () {
    // Directly under the temporary directory: as root, the server's OS user must reach it.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'store-crash-server-'));
    fs.rmSync(root, { recursive: true });
    // DATABASE_URL is not passed on, so every command uses the embedded server in STORE_DATA_DIR.
    const env = (extra: Record<string, string> = {}) => ({ STORE_DATA_DIR: root, ...extra });
    const credentials = () => JSON.parse(fs.readFileSync(layoutOf(root).credentialsFile, 'utf8')) as EmbeddedCredentials;
    const postmasterPid = () => Number(fs.readFileSync(path.join(layoutOf(root).pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let token: string;

    async function serverQuery<T>(sql: string): Promise<T[]> {
      const client = new Client({ host: '127.0.0.1', ...credentials(), database: 'store' });
      client.on('error', () => undefined);
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end().catch(() => undefined);
      }
    }

    before(async function () {
      this.timeout(10 * 60_000);
      for (const args of [['db:migrate'], ['db:seed']]) {
        const result = await runCli(args, env({ STORE_SEED_PASSWORD: 'caida-del-servidor' }));
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
      }
      const login = await runCli(['auth:login', '--email', 'admin@store.test', '--password-stdin', '--json'], env(), 'caida-del-servidor');
      expect(login.code, login.stderr).to.equal(0);
      token = (JSON.parse(login.stdout) as { token: string }).token;
    });
    after(async () => {
      await stopEmbeddedServer(root).catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('killed during a command: the command fails with exit 7 and one line, nothing half written, and the next command starts it again', async () => {
      const trials = scaled(2);
      const problems: string[] = [];
      let kills = 0;
      for (let trial = 1; trial <= trials; trial++) {
        // Wait until the import is talking to the server (the first trial: streaming rows with
        // COPY; the others: any statement), then kill the postmaster a random moment later. An
        // import that ends before that (a fast machine) is tried again with a new file.
        const busySql = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'store' AND state <> 'idle'${trial === 1 ? " AND query LIKE 'COPY %'" : ''}`;
        let caught: { run: RunningCli; pid: number; productsBefore: number } | undefined;
        for (let attempt = 1; attempt <= 3 && !caught; attempt++) {
          const watcher = new Client({ host: '127.0.0.1', ...credentials(), database: 'store' });
          watcher.on('error', () => undefined);
          await watcher.connect();
          const productsBefore = (await watcher.query<{ n: number }>('SELECT count(*)::int AS n FROM products')).rows[0].n;
          const run = startCli(['products:import', catalogFile(scratch, 10_000, `servidor${trial}x${attempt}`)], env({ STORE_TOKEN: token }));
          let ended = false;
          void run.done.then(() => (ended = true));
          while (!ended && (await watcher.query<{ n: number }>(busySql)).rows[0].n === 0) await sleep(5);
          await watcher.end().catch(() => undefined);
          if (ended) {
            const early = await run.done;
            if (early.code !== 0) problem(problems, trial, `the import ended by itself with exit ${early.code}: ${early.stderr}`);
            continue;
          }
          await sleep(trial === 1 ? 0 : random.int(0, 300));
          const pid = postmasterPid();
          process.kill(pid, 'SIGKILL');
          kills++;
          caught = { run, pid, productsBefore };
        }
        if (!caught) {
          problem(problems, trial, 'three imports in a row finished before the server could be killed');
          continue;
        }
        const { pid, productsBefore } = caught;
        const result = await caught.run.done;
        const lines = result.stderr.trim().split('\n');
        if (result.code !== ExitCode.databaseUnavailable || lines.length !== 1 || !/^error: /.test(lines[0])) {
          problem(problems, trial, `the import whose server died exited ${result.code} with ${JSON.stringify(result.stderr)}; expected exit 7 and one line`);
        }
        const next = await runCli(['products:list', '--json'], env({ STORE_TOKEN: token }));
        if (next.code !== 0) problem(problems, trial, `the next command failed with exit ${next.code}: ${next.stderr}`);
        else if (postmasterPid() === pid) problem(problems, trial, 'the next command did not start a new server');
        else {
          const [{ n: productsAfter }] = await serverQuery<{ n: number }>('SELECT count(*)::int AS n FROM products');
          if (productsAfter !== productsBefore) problem(problems, trial, `the import killed with its server left ${productsAfter - productsBefore} products behind`);
        }
      }

      // orders:pay inside its transaction: a row lock held here makes it wait on the order,
      // so the postmaster dies at a known point, between its first statement and COMMIT.
      const [order] = await serverQuery<{ id: number }>(`SELECT id::int FROM orders WHERE status = 'pending' ORDER BY id LIMIT 1`);
      const holder = new Client({ host: '127.0.0.1', ...credentials(), database: 'store' });
      holder.on('error', () => undefined);
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [order.id]);
      const payArgs = ['orders:pay', String(order.id), '--provider', 'test', '--ref', 'CAIDA-SERVIDOR', '--json'];
      const pay = startCli(payArgs, env({ STORE_TOKEN: token }));
      let waiting = false;
      for (const deadline = Date.now() + 60_000; !waiting && pay.child.exitCode === null && Date.now() < deadline; await sleep(20)) {
        // (a connection of its own: inside the holder's transaction the view would not change)
        waiting = (await serverQuery(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'store' AND wait_event_type = 'Lock'`)).length > 0;
      }
      if (!waiting) {
        await holder.end().catch(() => undefined);
        problem(problems, 0, `orders:pay never waited on the locked order: ${JSON.stringify(await pay.done)}`);
      } else {
        const pid = postmasterPid();
        process.kill(pid, 'SIGKILL');
        kills++;
        const paid = await pay.done;
        const lines = paid.stderr.trim().split('\n');
        if (paid.code !== ExitCode.databaseUnavailable || lines.length !== 1 || !/^error: /.test(lines[0])) {
          problem(problems, 0, `orders:pay whose server died exited ${paid.code} with ${JSON.stringify(paid.stderr)}; expected exit 7 and one line`);
        }
        const again = await runCli(payArgs, env({ STORE_TOKEN: token }));
        if (again.code !== 0) problem(problems, 0, `paying again after the server died failed with exit ${again.code}: ${again.stderr}`);
        else if ((JSON.parse(again.stdout) as { outcome: string }).outcome !== 'paid') problem(problems, 0, `paying again said ${again.stdout}: the killed payment was not rolled back`);
      }
      await holder.end().catch(() => undefined);
      recordFigure({ section: 'crashes', name: 'embedded PostgreSQL killed (SIGKILL to the postmaster) during products:import and inside orders:pay', trials: trials + 1, violations: problems.length, notes: `${kills} kills; seed ${random.seed}` });
      expect(problems, replay()).to.deep.equal([]);
    });

    it('a store killed while it holds the server lock (stopping the server) does not lock out the next command', async () => {
      const trials = scaled(1);
      const problems: string[] = [];
      let caught = 0;
      const lockFile = layoutOf(root).lockFile;
      for (let trial = 1; trial <= trials; trial++) {
        // Kill db:stop the moment it holds server.lock: the lock directory stays behind.
        for (let attempt = 1; attempt <= 10 && !fs.existsSync(lockFile); attempt++) {
          const started = await runCli(['db:start'], env());
          expect(started.code, started.stderr).to.equal(0);
          const run = startCli(['db:stop'], env());
          while (run.child.exitCode === null && !fs.existsSync(lockFile)) await sleep(2);
          run.child.kill('SIGKILL');
          await run.done;
        }
        if (!fs.existsSync(lockFile)) {
          problem(problems, trial, 'db:stop never got killed while holding the lock (ten attempts)');
          continue;
        }
        caught++;
        // db:stop and a command that starts the server again both need the lock.
        for (const args of [['db:stop'], ['products:list', '--json']]) {
          const next = await timed(runCli(args, env({ STORE_TOKEN: token })));
          if (next.result.code !== 0) problem(problems, trial, `${args[0]} after the kill failed after ${next.ms} ms with exit ${next.result.code}: ${next.result.stderr}`);
        }
      }
      recordFigure({ section: 'crashes', name: 'store killed while holding the embedded server lock (db:stop)', trials, violations: problems.length, notes: `${caught} kills with the lock held; seed ${random.seed}` });
      expect(problems, replay()).to.deep.equal([]);
    });
  });
});
