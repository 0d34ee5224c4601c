/**
 * The one function that turns a zod failure into a ValidationError naming the flag or field and
 * the reason, how input read once is parsed, and the date and text schemas the reports share.
 * Apart from ./validation so that a command that needs only these does not build every schema
 * of what people type (zod's first e-mail and transform schemas cost a report ~2–3 ms).
 */
import { z } from 'zod';
import { ValidationError } from './errors';

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 does not). */
export const isoDate = z.string().trim().refine((value) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}, 'must be a real date written YYYY-MM-DD');

/** Rejects control characters (other than tab) that would corrupt tables and logs. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const printable = (value: string) => !/[\u0000-\u0008\u000A-\u001F\u007F]/.test(value);

/**
 * Rejects text that was not valid UTF-8: Node decodes undecodable bytes (in argv or a file)
 * as U+FFFD, and a lone surrogate cannot be stored; either would be saved as garbage.
 */
const wellFormed = (value: string) => !value.includes('\uFFFD') && !/[\uD800-\uDFFF]/u.test(value);

/** Text people type: trimmed, not empty, at most `max` characters, printable, valid UTF-8. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(printable, 'must not contain control characters')
    .refine(wellFormed, 'must be valid UTF-8 text');

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
