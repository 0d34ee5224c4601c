import * as path from 'node:path';
import { z } from 'zod';
import { ValidationError } from './errors';
import { PARSE_ONCE } from './validate';

const postgresUrl = () =>
  z
    .string()
    .trim()
    .min(1)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
      } catch {
        return false;
      }
    }, 'must be a postgres:// or postgresql:// URL');

const absolutePath = () =>
  z
    .string()
    .trim()
    .min(1)
    .refine((value) => path.isAbsolute(value), 'must be an absolute path');

/** An IANA time zone name (America/Santiago, UTC…), as PostgreSQL and Intl both know them. */
const timeZone = () =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/, 'must be a time zone name like America/Santiago')
    .refine((value) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        return true;
      } catch {
        return false;
      }
    }, 'must be a time zone name like America/Santiago');

/**
 * The variables `store` understands, each with the schema of its value. A schema is built the
 * first time a process finds its variable set (most runs set one or two of these, and a zod
 * schema costs a one-shot process ~0.1–0.5 ms to build); unset or empty, a variable takes its
 * default below.
 */
const VARIABLES = {
  DATABASE_URL: postgresUrl,
  STORE_DATA_DIR: absolutePath,
  /** The store's time zone: which day a sale, refund or document falls on. */
  STORE_TIMEZONE: timeZone,
  /** Reports read the materialized views on their own above this many rows (PostgreSQL's estimate). */
  STORE_REPORTS_FAST_ROWS: () =>
    z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER),
  /** Seconds to wait for the database to answer a new connection (libpq's variable): then exit 7. */
  PGCONNECT_TIMEOUT: () =>
    z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(600, 'must be at most 600 seconds'),
  /**
   * off: plain connections send every statement unnamed, for a connection pooler that does
   * not keep named prepared statements per client (PgBouncer in transaction or statement
   * mode without max_prepared_statements).
   */
  STORE_PREPARED_STATEMENTS: () => z.enum(['on', 'off'], { message: 'must be on or off' }),
  DEBUG: () => z.string(),
  STORE_SEED_PASSWORD: () => z.string().min(8, 'must have at least 8 characters').max(200, 'must have at most 200 characters'),
};

type Variables = typeof VARIABLES;
type Variable = keyof Variables;

const DEFAULTS = { STORE_REPORTS_FAST_ROWS: 500_000, PGCONNECT_TIMEOUT: 3, STORE_PREPARED_STATEMENTS: 'on' } satisfies { [K in Variable]?: z.output<ReturnType<Variables[K]>> };

export type StoreEnv = { [K in Variable]?: z.output<ReturnType<Variables[K]>> } & { [K in keyof typeof DEFAULTS]: z.output<ReturnType<Variables[K]>> };

const built = new Map<Variable, z.ZodType>();
const schemaOf = (name: Variable): z.ZodType => {
  let schema = built.get(name);
  if (!schema) built.set(name, (schema = VARIABLES[name]()));
  return schema;
};

/**
 * The last environment read, with the values it was read from: a command reads it at several
 * steps (the target, the connection, the report's source), and parses it once while those values
 * stay the same.
 */
let last: { source: NodeJS.ProcessEnv; values: string; env: StoreEnv } | undefined;

/** Reads and validates the environment variables `store` understands (unset or empty: the default). */
export function readEnv(source: NodeJS.ProcessEnv = process.env): StoreEnv {
  const names = Object.keys(VARIABLES) as Variable[];
  const values = names.map((name) => source[name] ?? '').join('\0');
  if (last?.source === source && last.values === values) return last.env;
  const env: Record<string, unknown> = { ...DEFAULTS };
  for (const name of names) {
    const value = source[name];
    if (value === undefined || value === '') continue;
    const parsed = schemaOf(name).safeParse(value, PARSE_ONCE);
    if (!parsed.success) throw new ValidationError(`environment variable ${name}: ${parsed.error.issues[0].message}`);
    env[name] = parsed.data;
  }
  last = { source, values, env: Object.freeze(env) as StoreEnv };
  return last.env;
}

export function debugEnabled(source: NodeJS.ProcessEnv = process.env): boolean {
  const value = source.DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
