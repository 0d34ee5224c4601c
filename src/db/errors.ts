/**
 * Turns driver and ORM errors into the typed errors of src/lib/errors.ts, so that a
 * command fails with one clear line and the right exit code instead of a stack trace.
 */
import { DatabaseUnavailable, NotAllowedError, RuleViolation, SchemaNotReady, StoreError, ValidationError } from '../lib/errors';

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
  address?: string;
  port?: number;
  syscall?: string;
  original?: PgLikeError;
  parent?: PgLikeError;
  name?: string;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function rootCause(error: PgLikeError): PgLikeError {
  return error.original ?? error.parent ?? error;
}

function isConnectionFailure(error: PgLikeError): boolean {
  const cause = rootCause(error);
  const code = cause.code ?? '';
  if (CONNECTION_CODES.has(code)) return true;
  // A Unix-socket URL (?host=/run/postgresql) with no server there, or one this user may not open.
  if ((code === 'ENOENT' || code === 'EACCES') && cause.syscall === 'connect') return true;
  // 08: connection exception; 28: invalid authorization; 3D000: database missing;
  // 57P01-57P03: server shutting down or starting up.
  if (/^(08|28)/.test(code) || code === '3D000' || /^57P0[1-3]$/.test(code)) return true;
  if (/^Sequelize(Connection|ConnectionRefused|HostNotFound|HostNotReachable|AccessDenied|ConnectionTimedOut|InvalidConnection)Error$/.test(error.name ?? '')) return true;
  return /timeout expired|Connection terminated|connect ECONNREFUSED/i.test(cause.message ?? '');
}

/** A database error as a StoreError; anything unrecognised is returned unchanged. */
export function translateDatabaseError(error: unknown, where?: string): unknown {
  if (error instanceof StoreError || typeof error !== 'object' || error === null) return error;
  const pgError = error as PgLikeError;
  const cause = rootCause(pgError);
  const message = cause.message ?? pgError.message ?? String(error);
  const at = where ? ` (${where})` : '';

  if (isConnectionFailure(pgError)) {
    return new DatabaseUnavailable(`cannot use the database${at}: ${message}`, { cause: error });
  }
  switch (cause.code) {
    case '42P01': // undefined table
    case '42883': // undefined function
      return new SchemaNotReady(`the database schema is missing or out of date (${message}): run \`store db:migrate\``, { cause: error });
    case '23505':
      return new RuleViolation(`already exists: ${cause.detail ?? message}`, { cause: error });
    case '23001':
    case '23503':
    case '23514':
    case '23P01':
    case 'P0001':
      return new RuleViolation(cause.detail ? `${message}: ${cause.detail}` : message, { cause: error });
    case '42501': // insufficient privilege: a read-only role (store_reporting) asked to write
      return new NotAllowedError(`the database role may not do this: ${message}`, { cause: error });
    case '23502':
      return new ValidationError(message, { cause: error });
    default:
      if (cause.code?.startsWith('22')) return new ValidationError(message, { cause: error });
      return error;
  }
}
