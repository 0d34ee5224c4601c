/** Words for coupons and promotions, shared by the commands' tables and sentences. */
import { formatCents } from '../../lib/render';
import type { CouponRow } from './coupons';
import { localTime } from './schemas';

/** "10% off" or "$5.000 off". */
export function couponDiscount(row: Pick<CouponRow, 'type' | 'percentValue' | 'valueCents'>): string {
  return row.type === 'percent' ? `${row.percentValue}% off` : `${formatCents(row.valueCents ?? 0)} off`;
}

/** "3 of 100" or "3 (no limit)". */
export function couponUses(row: Pick<CouponRow, 'usedCount' | 'usageLimit'>): string {
  return row.usageLimit === null ? `${row.usedCount} (no limit)` : `${row.usedCount} of ${row.usageLimit}`;
}

/** A stored instant as store wall-clock time, or a word for none. */
export function when(instant: string | null, timeZone: string, none: string): string {
  return instant === null ? none : localTime(instant, timeZone);
}

/**
 * "from 2026-12-01 00:00 through 2026-12-31 (America/Santiago)": an end at midnight (what a
 * date-only --ends stores) is said as the last day it covers; any other end as "until" it.
 */
export function period(startsAt: string | null, endsAt: string | null, timeZone: string): string {
  if (startsAt === null && endsAt === null) return 'with no end date';
  const from = startsAt === null ? 'from now' : `from ${localTime(startsAt, timeZone)}`;
  let until = 'with no end date';
  if (endsAt !== null) {
    const end = localTime(endsAt, timeZone);
    until = end.endsWith(' 00:00') ? `through ${localTime(new Date(new Date(endsAt).getTime() - 1), timeZone).slice(0, 10)}` : `until ${end}`;
  }
  return `${from} ${until} (${timeZone})`;
}
