/**
 * The plain-SQL connection (src/db/sql.ts) that the reports and orders:pay run on: statements
 * with parameters are prepared by name, once per text, unless STORE_PREPARED_STATEMENTS=off;
 * statements without parameters keep the simple protocol; a failed statement leaves the
 * connection usable, and a transaction commits or rolls back as a whole.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { connectPlain, type PlainConnection } from '../../src/db/sql';
import { freshDatabase, type TestDatabase } from '../helpers/database';

describe('plain SQL connection', () => {
  let db: TestDatabase;
  let sql: PlainConnection | undefined;
  before(async () => {
    db = await freshDatabase();
  });
  afterEach(async () => {
    await sql?.close();
    sql = undefined;
    delete process.env.STORE_PREPARED_STATEMENTS;
  });
  after(async () => db.close());

  const prepared = async (connection: PlainConnection) =>
    (await connection.select<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).map((row) => row.statement.replace(/\s+/g, ' ').trim());

  it('close({ wait: false }), as a command ends: the process exits, and the server ends the session cleanly', async () => {
    type Sessions = { sessions: number; abandoned: number };
    const sessions = async (): Promise<Sessions> => {
      const [row] = await db.query<Sessions>(
        'SELECT pg_stat_clear_snapshot(), sessions::int AS sessions, sessions_abandoned::int AS abandoned FROM pg_stat_database WHERE datname = current_database()',
      );
      return { sessions: row.sessions, abandoned: row.abandoned };
    };
    const before = await sessions();
    // A process of its own, on the built module, as a command runs it.
    const script = `const { connectPlain } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'db', 'sql.js'))});
      (async () => { const sql = await connectPlain(process.env.URL); const [row] = await sql.select('SELECT pg_backend_pid() AS pid'); console.log(row.pid); await sql.close({ wait: false }); })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, URL: db.url }, timeout: 10_000 });
    const pid = Number(stdout.trim());
    expect(pid).to.be.greaterThan(0);
    let after = await sessions();
    for (let i = 0; i < 100 && (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 100 && after.sessions === before.sessions; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await sessions();
    }
    expect(await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]), 'the session is over').to.deep.equal([]);
    // Ended by its Terminate message, not abandoned (a client that vanished without one).
    expect(after.abandoned, 'sessions abandoned').to.equal(before.abandoned);
    expect(after.sessions).to.be.greaterThan(before.sessions);
  });

  it('prepares a statement with parameters once, by its text, and reuses it', async () => {
    sql = await connectPlain(db.url);
    for (const n of [1, 2, 3]) expect(await sql.select<{ n: number }>('SELECT CAST($1 AS int) + 1 AS n', [n])).to.deep.equal([{ n: n + 1 }]);
    expect(await sql.select('SELECT CAST($1 AS text) AS word', ['uno'])).to.deep.equal([{ word: 'uno' }]);
    expect(await prepared(sql)).to.deep.equal(['SELECT CAST($1 AS int) + 1 AS n', 'SELECT CAST($1 AS text) AS word']);
  });

  it('prepares nothing when STORE_PREPARED_STATEMENTS=off, or when asked not to', async () => {
    process.env.STORE_PREPARED_STATEMENTS = 'off';
    sql = await connectPlain(db.url);
    expect(await sql.select('SELECT CAST($1 AS int) AS n', [7])).to.deep.equal([{ n: 7 }]);
    expect(await prepared(sql)).to.deep.equal([]);
    await sql.close();
    delete process.env.STORE_PREPARED_STATEMENTS;
    sql = await connectPlain(db.url, { prepare: false });
    expect(await sql.select('SELECT CAST($1 AS int) AS n', [7])).to.deep.equal([{ n: 7 }]);
    expect(await prepared(sql)).to.deep.equal([]);
  });

  it('names a statement by its text, the same on every connection, and prepares at most 200 texts per connection', async () => {
    sql = await connectPlain(db.url);
    const other = await connectPlain(db.url);
    try {
      await sql.select('SELECT CAST($1 AS int) AS n', [1]);
      await other.select('SELECT CAST($1 AS int) AS n', [2]);
      const names = async (c: PlainConnection) => (await c.select<{ name: string }>('SELECT name FROM pg_prepared_statements')).map((r) => r.name);
      expect(await names(sql)).to.deep.equal(await names(other));
      expect((await names(sql))[0]).to.match(/^store_[0-9a-f]{20}$/);
    } finally {
      await other.close();
    }
    for (let n = 2; n <= 205; n++) expect(await sql.select<{ n: number }>(`SELECT CAST($1 AS int) + ${n} AS n`, [0])).to.deep.equal([{ n }]);
    expect(await sql.select('SELECT count(*)::int AS prepared FROM pg_prepared_statements')).to.deep.equal([{ prepared: 200 }]);
  });

  it('runs a statement the server forgot (DEALLOCATE) unnamed: at once outside a transaction; inside one, the transaction fails and the next succeeds', async () => {
    sql = await connectPlain(db.url);
    const text = 'SELECT CAST($1 AS int) * 2 AS n';
    expect(await sql.select(text, [2])).to.deep.equal([{ n: 4 }]);
    await sql.select('DEALLOCATE ALL');
    expect(await sql.select(text, [3])).to.deep.equal([{ n: 6 }]);
    expect(await prepared(sql)).to.deep.equal([]);

    const again = 'SELECT CAST($1 AS int) * 3 AS n';
    expect(await sql.select(again, [1])).to.deep.equal([{ n: 3 }]);
    await sql.select('DEALLOCATE ALL');
    const failed = await sql.transaction((tx) => tx.select(again, [2])).then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    expect(failed).to.equal('26000');
    expect(await sql.transaction((tx) => tx.select(again, [2]))).to.deep.equal([{ n: 6 }]);
  });

  it('refuses a bad STORE_PREPARED_STATEMENTS with one line naming it', async () => {
    process.env.STORE_PREPARED_STATEMENTS = 'maybe';
    let error: Error | undefined;
    await connectPlain(db.url).then(
      (connection) => connection.close(),
      (caught: Error) => {
        error = caught;
      },
    );
    expect(error?.message).to.equal('environment variable STORE_PREPARED_STATEMENTS: must be on or off');
  });

  it('keeps the simple protocol for statements without parameters (several in one text)', async () => {
    sql = await connectPlain(db.url);
    await sql.select('CREATE TEMP TABLE t (n int); INSERT INTO t VALUES (1), (2)');
    expect(await sql.select('SELECT n FROM t WHERE n > $1 ORDER BY n', [0])).to.deep.equal([{ n: 1 }, { n: 2 }]);
  });

  it('stays usable after a failed statement, inside and outside a transaction, and a failed transaction writes nothing', async () => {
    sql = await connectPlain(db.url);
    await sql.select('CREATE TEMP TABLE u (n int PRIMARY KEY)');
    const insert = 'INSERT INTO u (n) VALUES ($1)';
    await sql.select(insert, [1]);
    const refused = await sql.select(insert, [1]).then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    expect(refused).to.equal('23505');
    const inTransaction = await sql
      .transaction(async (tx) => {
        await tx.select(insert, [2]);
        await tx.select(insert, [1]);
      })
      .then(
        () => null,
        (error: { code?: string }) => error.code,
      );
    expect(inTransaction).to.equal('23505');
    await sql.select(insert, [3]);
    expect(await sql.select('SELECT n FROM u ORDER BY n')).to.deep.equal([{ n: 1 }, { n: 3 }]);
  });
});
