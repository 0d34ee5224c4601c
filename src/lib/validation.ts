/**
 * zod schemas for what people type, and the one function that turns a zod failure into a
 * ValidationError naming the flag or field and the reason.
 */
import { z } from 'zod';
import { ValidationError } from './errors';
import { parseRut } from './rut';
import { MIN_PASSWORD_LENGTH } from './password';

/** Rejects control characters (other than tab) that would corrupt tables and logs. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const printable = (value: string) => !/[\u0000-\u0008\u000A-\u001F\u007F]/.test(value);

/**
 * Rejects text that was not valid UTF-8: Node decodes undecodable bytes (in argv or a file)
 * as U+FFFD, and a lone surrogate cannot be stored; either would be saved as garbage.
 */
const wellFormed = (value: string) => !value.includes('\uFFFD') && !/[\uD800-\uDFFF]/u.test(value);

export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(printable, 'must not contain control characters')
    .refine(wellFormed, 'must be valid UTF-8 text');

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be an e-mail address like ana@example.cl' }));

export const rut = z.string().transform((value, ctx) => {
  const result = parseRut(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  }
  return result.rut;
});

export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{5,28}$/, 'must be a phone number like +56 9 1234 5678');

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 does not). */
export const isoDate = z.string().trim().refine((value) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}, 'must be a real date written YYYY-MM-DD');

/** A duration written like 90m, 12h or 30d, in seconds. */
export const duration = z
  .string()
  .trim()
  .regex(/^[1-9][0-9]{0,5}[mhd]$/, 'must be a duration like 90m, 12h or 30d')
  .transform((value) => Number(value.slice(0, -1)) * { m: 60, h: 3600, d: 86_400 }[value.slice(-1) as 'm' | 'h' | 'd']);

export const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'must have at most 200 characters');

export const httpsUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be an https:// URL');

/** A positive database id, given as text (a flag or argument) or as a number. */
export const id = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number')
    .transform(Number)
    .refine(Number.isSafeInteger, 'is too large'),
);

/** Why a change was made, kept in the audit trail. */
export const reason = text(500);

/**
 * How input read once per process is parsed (flags, the environment, a saved login): without
 * zod's compiled fast path. zod compiles a parser (new Function) for an object schema the first
 * time it parses one, which costs a one-shot command ~0.7 ms a schema and never pays back; the
 * catalog import's rows, parsed 100,000 times, keep it.
 */
export const PARSE_ONCE = { jitless: true } as const;

/**
 * Parses input with a schema; on failure throws a ValidationError for the first problem,
 * named as the user knows it (`labels` maps field names to flags, e.g. rut → --rut).
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, labels: Record<string, string> = {}): z.infer<S> {
  const result = schema.safeParse(input, PARSE_ONCE);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue.path.join('.');
  const label = labels[key] ?? (key ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'input');
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new ValidationError(`${label}: ${message}`);
}
