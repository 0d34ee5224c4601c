/**
 * zod schemas for what people type (names, e-mails, RUTs, phones, passwords, ids, reasons).
 * validate(), PARSE_ONCE, isoDate and text() live in ./validate, which a command that needs only
 * those (the reports) loads without building these; they are exported here too.
 */
import { z } from 'zod';
import { parseRut } from './rut';
import { MIN_PASSWORD_LENGTH } from './password';

import { text } from './validate';

export { isoDate, PARSE_ONCE, text, validate } from './validate';


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

