/**
 * What people type for coupons and promotions: whole numbers, cents, percents and moments.
 * Numbers come in as text so that "diez" or a 30-digit number is an invalid value (exit 3).
 *
 * Moments (--starts, --ends) are ISO dates or date-times:
 * - YYYY-MM-DD is a day in the store's time zone (store_timezone(), America/Santiago unless
 *   the database's store.timezone setting says otherwise): --starts begins at its first
 *   moment, --ends runs through its last (stored as the next midnight, an exclusive end);
 * - YYYY-MM-DDTHH:MM[:SS] (or a space for the T) is a wall-clock time in that zone;
 * - with Z or ±HH:MM at the end it is that exact instant.
 * The database turns them into instants (resolveMoments), so the zone rules are PostgreSQL's.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors';

/** How the date flags are described in help texts. */
export const MOMENT_HELP =
  'YYYY-MM-DD (a day in the store time zone, America/Santiago by default: --starts from its first moment, --ends through its last), YYYY-MM-DDTHH:MM in store time, or an ISO instant with Z or ±HH:MM';

export const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    z
      .string({ message: 'must be a whole number' })
      .trim()
      .regex(/^[0-9]+$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`),
  );

/** A percent off: 1 to 100. */
export const percent = wholeNumber(1, 100);

/** An amount in cents of a peso (499000 = $4.990). */
export const cents = (min: number) => wholeNumber(min, Number.MAX_SAFE_INTEGER);

export type Moment = { kind: 'day'; value: string } | { kind: 'local'; value: string } | { kind: 'instant'; value: string };

const MOMENT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const moment = z
  .string()
  .trim()
  .transform((value, ctx): Moment => {
    const match = MOMENT.exec(value);
    const [, y, mo, d, h, mi, s, zone] = match ?? [];
    const valid =
      match !== null &&
      realDay(Number(y), Number(mo), Number(d)) &&
      (h === undefined || (Number(h) < 24 && Number(mi) < 60 && Number(s ?? 0) < 60)) &&
      (zone === undefined || /^z$/i.test(zone) || Number(zone.slice(1, 3)) <= 14);
    if (!valid) {
      ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]' });
      return z.NEVER;
    }
    if (h === undefined) return { kind: 'day', value };
    return { kind: zone === undefined ? 'local' : 'instant', value: value.replace(' ', 'T').toUpperCase() };
  });

/** SQL for the instant a moment names; a day means its first moment (start) or the next midnight (end). */
function instantSql(name: string, value: Moment | undefined, end: boolean): string {
  if (value === undefined) return 'NULL::timestamptz';
  if (value.kind === 'instant') return `CAST(:${name} AS timestamptz)`;
  if (value.kind === 'local') return `(CAST(:${name} AS timestamp) AT TIME ZONE store_timezone())`;
  return end ? `((CAST(:${name} AS date) + 1)::timestamp AT TIME ZONE store_timezone())` : `(CAST(:${name} AS date)::timestamp AT TIME ZONE store_timezone())`;
}

export interface Period {
  startsAt: Date | null;
  endsAt: Date | null;
}

/**
 * The instants --starts and --ends name, checked: the end after the start, and not already
 * past (a coupon or promotion that could never apply is a mistake). Flags name the errors.
 */
export async function resolveMoments(sequelize: Sequelize, transaction: Transaction, starts: Moment | undefined, ends: Moment | undefined): Promise<Period> {
  const [row] = await sequelize.query<{ startsAt: Date | null; endsAt: Date | null; now: Date; timeZone: string }>(
    `SELECT ${instantSql('starts', starts, false)} AS "startsAt", ${instantSql('ends', ends, true)} AS "endsAt", now() AS now, store_timezone() AS "timeZone"`,
    { replacements: { starts: starts?.value ?? null, ends: ends?.value ?? null }, type: QueryTypes.SELECT, transaction },
  );
  if (row.startsAt && row.endsAt && row.endsAt <= row.startsAt) throw new ValidationError('--ends: must be after --starts');
  if (row.endsAt && row.endsAt <= row.now) {
    throw new ValidationError(`--ends: ${ends!.value} has already passed (it ends ${localTime(row.endsAt, row.timeZone)} ${row.timeZone})`);
  }
  return { startsAt: row.startsAt, endsAt: row.endsAt };
}

/** The store time zone, as the database says (store_timezone()). */
export async function storeTimeZone(sequelize: Sequelize, transaction?: Transaction): Promise<string> {
  const [row] = await sequelize.query<{ zone: string }>('SELECT store_timezone() AS zone', { type: QueryTypes.SELECT, transaction });
  return row.zone;
}

/** An instant as wall-clock time in a zone, YYYY-MM-DD HH:MM, for tables and messages. */
export function localTime(instant: Date | string, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    return new Date(instant).toISOString(); // a zone PostgreSQL knows and Node does not
  }
  const parts = format.formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
