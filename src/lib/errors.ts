/**
 * Typed errors, each with the exit code a script can rely on. Only the base command turns
 * them into output; services throw them.
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  invalidInput: 3,
  notFound: 4,
  ruleRefused: 5,
  notAllowed: 6,
  databaseUnavailable: 7,
  schemaNotReady: 8,
} as const;
export type ExitCodeName = keyof typeof ExitCode;

export abstract class StoreError extends Error {
  abstract readonly exitCode: number;
  /** Stable machine-readable name, printed in JSON error documents. */
  abstract readonly code: string;
  /** Itemised problems (e.g. every bad row of a file): printed line by line and in --json. */
  details?: Array<{ line: string; json: Record<string, unknown> }>;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends StoreError {
  readonly exitCode = ExitCode.usage;
  readonly code = 'usage';
}

export class ValidationError extends StoreError {
  readonly exitCode = ExitCode.invalidInput;
  readonly code = 'invalid_input';
}

export class NotFoundError extends StoreError {
  readonly exitCode = ExitCode.notFound;
  readonly code = 'not_found';
}

/** A business rule said no: stock, medicinal eligibility, coupon, status transition, conflict. */
export class RuleViolation extends StoreError {
  readonly exitCode = ExitCode.ruleRefused;
  readonly code = 'rule_refused';
}

export class NotAllowedError extends StoreError {
  readonly exitCode = ExitCode.notAllowed;
  readonly code = 'not_allowed';
}

export class DatabaseUnavailable extends StoreError {
  readonly exitCode = ExitCode.databaseUnavailable;
  readonly code = 'database_unavailable';
}

/** The database answers but its schema is not the one this tool expects. */
export class SchemaNotReady extends StoreError {
  readonly exitCode = ExitCode.schemaNotReady;
  readonly code = 'schema_not_ready';
}

export class UnexpectedError extends StoreError {
  readonly exitCode = ExitCode.unexpected;
  readonly code = 'unexpected';
}

/** The human sentence for each exit code, for help text and the README. */
export const exitCodeMeanings: Record<number, string> = {
  [ExitCode.ok]: 'success',
  [ExitCode.unexpected]: 'unexpected error (a bug: run with DEBUG=1 for the stack)',
  [ExitCode.usage]: 'usage: unknown command, flag or missing argument',
  [ExitCode.invalidInput]: 'invalid input: a value, file or environment variable is malformed',
  [ExitCode.notFound]: 'not found: the named row does not exist',
  [ExitCode.ruleRefused]: 'rule refused: stock, medicinal eligibility, coupon, status transition or a conflict',
  [ExitCode.notAllowed]: 'not allowed: your role may not run this command',
  [ExitCode.databaseUnavailable]: 'database unavailable: cannot reach or start PostgreSQL',
  [ExitCode.schemaNotReady]: 'schema not ready: run `store db:migrate`, or upgrade store',
};
