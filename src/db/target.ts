/**
 * Where the database is and how every connection to it is set up: DATABASE_URL when set,
 * otherwise the embedded server (started on demand). Loads no sequelize, so the commands that
 * talk plain SQL (src/db/sql.ts) start without it.
 */
import { readEnv } from '../lib/env';
import { defaultDataRoot, embeddedUrl, ensureEmbeddedServer } from './embedded';

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

export interface ConnectionSettings {
  connectionTimeoutMillis: number;
  application_name: string;
  options?: string;
}

/**
 * What every connection gets, sequelize's or plain: a server that never answers (a firewall
 * dropping packets, a hung host) must not hang a cron job, so give up after PGCONNECT_TIMEOUT
 * seconds (default 3) with exit 7; and STORE_TIMEZONE, when set, becomes the session's
 * store.timezone (read by the SQL function store_timezone()), as a startup option: the one
 * place it is applied.
 */
export function connectionSettings(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const parsed = readEnv(env);
  const settings: ConnectionSettings = { connectionTimeoutMillis: parsed.PGCONNECT_TIMEOUT * 1000, application_name: 'store' };
  // Given here, `options` replaces PGOPTIONS, so keep what that said.
  if (parsed.STORE_TIMEZONE) settings.options = [env.PGOPTIONS, `-c store.timezone=${parsed.STORE_TIMEZONE}`].filter(Boolean).join(' ');
  return settings;
}
