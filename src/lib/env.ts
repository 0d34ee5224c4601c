import * as path from 'node:path';
import { z } from 'zod';
import { ValidationError } from './errors';
import { PARSE_ONCE } from './validate';

const postgresUrl = z
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

const absolutePath = z
  .string()
  .trim()
  .min(1)
  .refine((value) => path.isAbsolute(value), 'must be an absolute path');

/** An IANA time zone name (America/Santiago, UTC…), as PostgreSQL and Intl both know them. */
const timeZone = z
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

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  STORE_DATA_DIR: z.preprocess(emptyAsUndefined, absolutePath.optional()),
  /** The store's time zone: which day a sale, refund or document falls on. */
  STORE_TIMEZONE: z.preprocess(emptyAsUndefined, timeZone.optional()),
  /** Reports read the materialized views on their own above this many rows (PostgreSQL's estimate). */
  STORE_REPORTS_FAST_ROWS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER).default(500_000),
  ),
  /** Seconds to wait for the database to answer a new connection (libpq's variable): then exit 7. */
  PGCONNECT_TIMEOUT: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(600, 'must be at most 600 seconds').default(3),
  ),
  /**
   * off: plain connections send every statement unnamed, for a connection pooler that does
   * not keep named prepared statements per client (PgBouncer in transaction or statement
   * mode without max_prepared_statements).
   */
  STORE_PREPARED_STATEMENTS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off'], { message: 'must be on or off' }).default('on')),
  DEBUG: z.preprocess(emptyAsUndefined, z.string().optional()),
  STORE_SEED_PASSWORD: z.preprocess(
    emptyAsUndefined,
    z.string().min(8, 'must have at least 8 characters').max(200, 'must have at most 200 characters').optional(),
  ),
});

export type StoreEnv = z.infer<typeof envSchema>;

/** Reads and validates the environment variables `store` understands. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): StoreEnv {
  const parsed = envSchema.safeParse(source, PARSE_ONCE);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export function debugEnabled(source: NodeJS.ProcessEnv = process.env): boolean {
  const value = source.DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
