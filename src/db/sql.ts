/**
 * Plain SQL for the commands that need no models (the reports): statements with positional
 * parameters ($1, $2…), run either over a bare `pg` client or over a sequelize connection, so
 * a service is written once and a report command starts without loading sequelize and the
 * models (about half of its start-up time; see docs/benchmarks.md, "Start-up").
 */
import type { Sequelize } from 'sequelize-typescript';
import type { Transaction } from 'sequelize';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import './pg-types';
import { translateDatabaseError } from './errors';
import { readEnv } from '../lib/env';
import { connectionSettings, redactUrl } from './target';

export interface Sql {
  /** Rows of a statement; parameters are sent apart from the text, never spliced into it. */
  select<Row extends object>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction (committed when it returns, rolled back when it throws). */
  transaction<T>(work: (sql: Sql) => Promise<T>, options?: { isolation?: 'repeatable read' | 'serializable' }): Promise<T>;
}

export interface PlainConnection extends Sql {
  /**
   * Ends the session. With `wait: false` (a command that is about to exit) it sends PostgreSQL's
   * Terminate and closes its side, but does not wait for the server to hang up too (~2.5 ms).
   */
  close(options?: { wait?: boolean }): Promise<void>;
}

/**
 * How many distinct statement texts one connection prepares by name; any beyond run unnamed,
 * so a process generating many different texts does not keep them all on the server.
 */
const PREPARED_PER_CONNECTION = 200;

/** A statement's name on the server: derived from its text, so one name always means one statement. */
const statementName = (text: string) => `store_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;

/**
 * Every statement with parameters is prepared by name on its connection, keyed by its text:
 * a process that runs the same statements many times (a payment worker, the payments
 * benchmark) parses each once, and PostgreSQL stops planning it once it settles on a generic
 * plan (after five executions, when that plan costs no more than custom ones). A one-shot
 * command sends the same Parse it would send for an unnamed statement, so it pays nothing.
 * A statement the server no longer knows (26000: DEALLOCATE, DISCARD, or pg closing it after
 * a parameter could not be sent) runs unnamed from then on, at once when no transaction is open.
 */
class ClientSql implements PlainConnection {
  private inTransaction = false;
  private readonly prepared = new Set<string>();
  private readonly unnamed = new Set<string>();
  constructor(
    private readonly client: Client,
    private readonly log?: (text: string) => void,
    private readonly prepare = true,
  ) {}

  async select<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.log?.(text);
    if (params.length === 0) return (await this.client.query<Row>(text)).rows; // the simple protocol, as before (it allows several statements)
    const named = this.prepare && !this.unnamed.has(text) && (this.prepared.has(text) || this.prepared.size < PREPARED_PER_CONNECTION);
    if (!named) return (await this.client.query<Row>(text, params as unknown[])).rows;
    this.prepared.add(text);
    try {
      return (await this.client.query<Row>({ name: statementName(text), text, values: params as unknown[] })).rows;
    } catch (error) {
      if ((error as { code?: string }).code !== '26000') throw error;
      this.prepared.delete(text);
      this.unnamed.add(text);
      // Outside a transaction nothing was aborted: run it again, unnamed. Inside one, the
      // transaction is lost either way, and the caller sees why.
      if (this.inTransaction) throw error;
      return (await this.client.query<Row>(text, params as unknown[])).rows;
    }
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>, options: { isolation?: 'repeatable read' | 'serializable' } = {}): Promise<T> {
    if (this.inTransaction) throw new Error('nested transactions are not supported');
    this.inTransaction = true;
    try {
      await this.client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation === 'serializable' ? 'SERIALIZABLE' : 'REPEATABLE READ'}` : 'BEGIN');
      const result = await work(this);
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  async close({ wait = true }: { wait?: boolean } = {}): Promise<void> {
    const ended = this.client.end();
    // pg's socket (Client#connection.stream, long-standing but not documented): unreferenced,
    // it keeps the process only for the Terminate and the half-close it writes, which libuv
    // finishes before exiting, not for the server's own close.
    const socket = (this.client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream;
    if (wait || typeof socket?.unref !== 'function') {
      await ended;
      return;
    }
    socket.unref();
    ended.catch(() => undefined);
  }
}

/**
 * One `pg` connection with the same settings as connect() (time zone, connect timeout);
 * `logging` prints each statement's text (never its parameters) on stderr, as DEBUG asks;
 * `prepare` (default: STORE_PREPARED_STATEMENTS, on) names parameterised statements.
 */
export async function connectPlain(url: string, options: { logging?: boolean; prepare?: boolean } = {}): Promise<PlainConnection> {
  const client = new Client({ connectionString: url, ...connectionSettings() });
  // A connection the server drops later (a restart) must fail the query, not the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw translateDatabaseError(error, redactUrl(url));
  }
  return new ClientSql(client, options.logging ? (text) => process.stderr.write(`${text}\n`) : undefined, options.prepare ?? readEnv().STORE_PREPARED_STATEMENTS === 'on');
}

/** The same interface over a sequelize connection (and optionally inside its transaction). */
export function sqlOf(sequelize: Sequelize, transaction?: Transaction): Sql {
  return {
    async select<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
      const [rows] = await sequelize.query(text, { bind: params as unknown[], transaction, raw: true });
      return rows as Row[];
    },
    async transaction<T>(work: (sql: Sql) => Promise<T>, options: { isolation?: 'repeatable read' | 'serializable' } = {}): Promise<T> {
      const isolationLevel = options.isolation === 'serializable' ? 'SERIALIZABLE' : options.isolation === 'repeatable read' ? 'REPEATABLE READ' : undefined;
      return sequelize.transaction({ ...(isolationLevel ? { isolationLevel: isolationLevel as Transaction.ISOLATION_LEVELS } : {}), transaction }, (t) => work(sqlOf(sequelize, t)));
    },
  };
}
