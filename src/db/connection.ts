/**
 * Where the database is and how to talk to it: DATABASE_URL when set, otherwise the
 * embedded server (started on demand). Loading this module does not load the models; the
 * commands that need them ask for them.
 */
import pg from 'pg';
import { Sequelize } from 'sequelize-typescript';
import { readEnv } from '../lib/env';
import { translateDatabaseError } from './errors';
import { defaultDataRoot, embeddedUrl, ensureEmbeddedServer } from './embedded';

// int8 (ids, counts, sums of cents) as JS numbers: exact up to 2^53, far beyond any amount
// this store will hold; an id or sum past that would be a bug worth failing on.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`integer ${value} is beyond 2^53`);
  return parsed;
});

export interface DatabaseTarget {
  url: string;
  source: 'DATABASE_URL' | 'embedded';
  /** The embedded server's data directory, when that is the target. */
  dataRoot?: string;
}

/** Resolves the database to use, starting the embedded server when that is the one. */
export async function resolveDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseTarget> {
  const parsed = readEnv(env);
  if (parsed.DATABASE_URL) return { url: parsed.DATABASE_URL, source: 'DATABASE_URL' };
  const dataRoot = defaultDataRoot(env);
  const credentials = await ensureEmbeddedServer(dataRoot);
  return { url: embeddedUrl(credentials), source: 'embedded', dataRoot };
}

/** The URL with its password hidden, for messages and status output. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export interface ConnectOptions {
  /** Register the models (commands that only run SQL skip their load time). */
  withModels?: boolean;
  logging?: boolean;
  /** Most connections open at once (default 5: one command at a time needs no more). */
  poolMax?: number;
}

/**
 * STORE_TIMEZONE, when set, becomes the session's store.timezone (read by the SQL function
 * store_timezone()) on every connection, as a startup option: the one place it is applied.
 */
function sessionOptions(env: NodeJS.ProcessEnv = process.env): { options?: string } {
  const zone = readEnv(env).STORE_TIMEZONE;
  // Given here, `options` replaces PGOPTIONS, so keep what that said.
  return zone ? { options: [env.PGOPTIONS, `-c store.timezone=${zone}`].filter(Boolean).join(' ') } : {};
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<Sequelize> {
  const session = sessionOptions();
  // A server that never answers (a firewall dropping packets, a hung host) must not hang a cron
  // job: give up after PGCONNECT_TIMEOUT seconds (default 3) with exit 7.
  const connectionTimeoutMillis = readEnv().PGCONNECT_TIMEOUT * 1000;
  const models = options.withModels ? (require('../models') as typeof import('../models')).models : [];
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: pg,
    models,
    logging: options.logging ? (sql: string) => process.stderr.write(`${sql}\n`) : false,
    pool: { max: options.poolMax ?? 5, min: 0, idle: 1000, acquire: 10_000 },
    dialectOptions: { connectionTimeoutMillis, application_name: 'store', ...session },
    define: { timestamps: false, underscored: true },
  });
  try {
    await sequelize.authenticate();
  } catch (error) {
    await sequelize.close().catch(() => undefined);
    throw translateDatabaseError(error, redactUrl(url));
  }
  return sequelize;
}
