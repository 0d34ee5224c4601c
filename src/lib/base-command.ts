/**
 * The base of every `store` command: `--json`, TTY-aware output, the database handle, and
 * the one place where errors become a line on stderr and an exit code.
 */
import { Command, Errors, Flags, ux } from '@oclif/core';
import type { Sequelize } from 'sequelize-typescript';
import { translateDatabaseError } from '../db/errors';
import { readSchemaState } from '../db/schema-state';
import { connectPlain, sqlOf, type PlainConnection, type Sql } from '../db/sql';
import { redactUrl, resolveDatabase, type DatabaseTarget } from '../db/target';
import type { Actor } from '../services/auth/session';
import type { SqlContext } from '../services/context';
import { debugEnabled } from './env';
import { ExitCode, SchemaNotReady, StoreError, UnexpectedError, UsageError, ValidationError } from './errors';
import { renderCsv, renderTable, type Column } from './render';

/** --csv, for list and report commands: raw values, a header row, nothing decorative. */
export const csvFlag = Flags.boolean({ summary: 'Print CSV (header row, raw values) instead of a table.', exclusive: ['json'] });

/** Where a report reads from: --fast the materialized views, --live the views; neither: by size. */
export const reportSourceFlags = {
  fast: Flags.boolean({ summary: 'Read the materialized views (fast on large data, as fresh as the last reports:refresh).', exclusive: ['live'] }),
  live: Flags.boolean({ summary: 'Read the live views, however large the data.', exclusive: ['fast'] }),
};

export function reportMode(flags: { fast?: boolean; live?: boolean }): 'auto' | 'fast' | 'live' {
  return flags.fast ? 'fast' : flags.live ? 'live' : 'auto';
}

export interface DatabaseOptions {
  /** Load the sequelize-typescript models (commands that run plain SQL do not). */
  withModels?: boolean;
  /** Refuse to run unless every migration this version knows is applied (default true). */
  requireCurrentSchema?: boolean;
}

/**
 * A message as one readable line: a value echoed back (a 100 KB name, a pasted file) is cut
 * short, and line breaks inside it cannot split the line a script reads.
 */
const MAX_LINE = 400;
function oneLine(message: string): string {
  const flat = message.replace(/\r?\n/g, ' ');
  return flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE - 30)}… (${flat.length} characters)` : flat;
}

export abstract class StoreCommand extends Command {
  static enableJsonFlag = true;

  private connection?: Sequelize;
  private plain?: PlainConnection;
  protected target?: DatabaseTarget;

  private consoleWarn?: typeof console.warn;

  async init(): Promise<void> {
    // Libraries talk on stderr through console.warn (sequelize, when a ROLLBACK fails on a
    // connection the server dropped); a failure is one line from catch(), so their chatter
    // is for DEBUG only while the command runs (restored in finally()).
    const warn = (this.consoleWarn = console.warn);
    console.warn = (...args: unknown[]) => {
      if (debugEnabled()) warn(...args);
    };
    await super.init();
  }

  /** The database, connected on first use and closed when the command ends. */
  protected async database(options: DatabaseOptions = {}): Promise<Sequelize> {
    if (this.connection) return this.connection;
    this.target = await resolveDatabase();
    // Required here, not at the top: commands on plain SQL never load sequelize.
    const { connect } = require('../db/connection') as typeof import('../db/connection');
    this.connection = await connect(this.target.url, { withModels: options.withModels, logging: debugEnabled() });
    if (options.requireCurrentSchema ?? true) await this.assertCurrentSchema(sqlOf(this.connection));
    return this.connection;
  }

  private async assertCurrentSchema(sql: Sql): Promise<void> {
    const state = await readSchemaState(sql);
    if (state.unknown.length > 0) {
      throw new SchemaNotReady(
        `the database schema is newer than this store (unknown migration ${state.unknown[state.unknown.length - 1]}): upgrade store`,
      );
    }
    if (state.pending.length > 0) {
      throw new SchemaNotReady(
        `the database at ${redactUrl(this.target!.url)} is missing ${state.pending.length} migration(s): run \`store db:migrate\``,
      );
    }
  }

  /** Who is acting (the saved login or STORE_TOKEN), checked against the permission table. */
  private async actorFor(sql: Sql, allowAnonymous: boolean | undefined): Promise<Actor | undefined> {
    const { authenticate, authorize } = require('../services/auth/session') as typeof import('../services/auth/session');
    const { currentToken } = require('../services/auth/tokens') as typeof import('../services/auth/tokens');
    const token = currentToken(this.config.configDir);
    const actor = token ? await authenticate(sql, token) : undefined;
    if (!(allowAnonymous && !actor)) authorize(this.id ?? '', actor);
    return actor;
  }

  /**
   * The database and the logged-in user, after checking the permission table for this
   * command. Every command that reads or changes shop data starts here.
   */
  protected async authorized(options: DatabaseOptions & { allowAnonymous?: boolean } = {}): Promise<{ sequelize: Sequelize; actor: Actor | undefined }> {
    const sequelize = await this.database({ withModels: true, ...options });
    return { sequelize, actor: await this.actorFor(sqlOf(sequelize), options.allowAnonymous) };
  }

  /**
   * As authorized(), over one plain `pg` connection with no sequelize connection: for the
   * commands whose use cases are written in plain SQL: the reports, which cron starts many
   * times a day, and orders:pay, the hottest write path.
   */
  protected async authorizedSql(): Promise<SqlContext> {
    if (!this.plain) {
      this.target = await resolveDatabase();
      this.plain = await connectPlain(this.target.url, { logging: debugEnabled() });
      await this.assertCurrentSchema(this.plain);
    }
    return { sql: this.plain, actor: await this.actorFor(this.plain, false) };
  }

  /** A list as a table (TTY), tab-separated lines (piped) or CSV; nothing under --json. */
  protected printList<Row>(rows: Row[], columns: Column<Row>[], options: { csv?: boolean; empty?: string } = {}): void {
    if (this.jsonEnabled()) return;
    if (options.csv) {
      process.stdout.write(renderCsv(rows, columns));
      return;
    }
    if (rows.length === 0 && options.empty) {
      this.note(options.empty);
      return;
    }
    this.say(renderTable(rows, columns));
  }

  /**
   * A report rendered by `render`: its text on stdout and its notes on stderr. Under --json
   * nothing is rendered at all (oclif prints the result): a table formats every amount for
   * es-CL, whose number format alone costs a one-shot process ~10 ms of ICU data.
   */
  protected printReport(render: () => { stdout: string; notes: string[] }): void {
    if (this.jsonEnabled()) return;
    const output = render();
    process.stdout.write(output.stdout);
    for (const line of output.notes) this.note(line);
  }

  /** Human output on stdout, suppressed under --json. */
  protected say(message: string): void {
    this.log(message);
  }

  /** Progress and notes for people: stderr, never under --json. */
  protected note(message: string): void {
    this.logToStderr(message);
  }

  /** oclif's parse errors open with a header line; the reason is the first line after it. */
  private firstReason(message: string): string {
    const lines = message.split('\n').map((line) => line.trim()).filter((line) => line && !/^The following errors? occurred:?$/i.test(line) && !/^See more help with/i.test(line));
    return lines[0] ?? message;
  }

  protected toStoreError(error: unknown): StoreError {
    const translated = translateDatabaseError(error);
    if (translated instanceof StoreError) return translated;
    // oclif reports a flag value its parser refused (--limit abc) as "Parsing --limit" with the
    // reason on the next line: that is a malformed value (exit 3), and the reason is the message.
    const badValue = translated instanceof Error ? /^Parsing (--[\w-]+)\s*\n\s*(.+)/.exec(translated.message) : null;
    if (badValue) return new ValidationError(`${badValue[1]}: ${badValue[2].replace(/^Expected/, 'expected')}`, { cause: translated });
    if (translated instanceof Errors.CLIError && translated.oclif?.exit === 2) {
      return new UsageError(this.firstReason(translated.message), { cause: translated });
    }
    const err = translated as Error;
    // oclif's parser reports bad flags and arguments as CLIErrors with exit 2.
    if (err && typeof err === 'object' && 'parse' in err) return new UsageError(this.firstReason(err.message), { cause: err });
    return new UnexpectedError(err instanceof Error ? err.message : String(err), { cause: err });
  }

  /**
   * A --json result, printed as oclif prints it, but without oclif's colouring pass when no
   * colour is asked for. oclif runs its tokenizer over the whole text even when no theme names a
   * JSON colour, and then prints exactly JSON.stringify's text: ~25 µs a row, so a list of 20,000
   * products spent half a second there, 70 times what stringifying took. A theme with JSON colours
   * (theme.json in the config directory) still goes through oclif.
   */
  logJson(json: unknown): void {
    if (this.config.theme?.json) {
      super.logJson(json);
      return;
    }
    ux.stdout(JSON.stringify(json, null, 2));
  }

  protected async catch(error: Error & { exitCode?: number }): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    const storeError = this.toStoreError(error);
    const details = storeError.details ?? [];
    if (this.jsonEnabled()) {
      this.logJson({
        error: { code: storeError.code, message: storeError.message, exitCode: storeError.exitCode, ...(details.length > 0 ? { details: details.map((d) => d.json) } : {}) },
      });
    }
    for (const detail of details) process.stderr.write(`${oneLine(detail.line)}\n`);
    process.stderr.write(`error: ${oneLine(storeError.message)}\n`);
    if (debugEnabled()) {
      const origin = (storeError.cause as Error | undefined) ?? storeError;
      process.stderr.write(`${origin.stack ?? String(origin)}\n`);
    }
    this.exit(storeError.exitCode ?? ExitCode.unexpected);
  }

  protected async finally(error: Error | undefined): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    // The command is done with it, and the process exits after printing.
    await this.plain?.close({ wait: false }).catch(() => undefined);
    this.connection = undefined;
    this.plain = undefined;
    if (this.consoleWarn) console.warn = this.consoleWarn;
    await super.finally(error);
  }
}
