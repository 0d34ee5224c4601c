/** Days in the store's time zone (store_timezone()): today as the database sees it, and day arithmetic. */
import type { Sql } from '../../db/sql';

export interface StoreClock {
  /** Today in the store's time zone, YYYY-MM-DD. */
  today: string;
  timeZone: string;
}

/** The clock's columns, for a statement that reads it beside other things (clockOf reads them back). */
export const CLOCK_COLUMNS = 'store_today()::text AS today, store_timezone() AS time_zone';
export type ClockRow = { today: string; time_zone: string };
export const clockOf = (row: ClockRow): StoreClock => ({ today: row.today, timeZone: row.time_zone });

export async function storeClock(sql: Sql): Promise<StoreClock> {
  const [row] = await sql.select<ClockRow>(`SELECT ${CLOCK_COLUMNS}`);
  return clockOf(row);
}

/** A YYYY-MM-DD day moved by n days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** The days from `since` to `until`, both included. */
export function daysBetween(since: string, until: string): string[] {
  const days: string[] = [];
  for (let day = since; day <= until; day = addDays(day, 1)) days.push(day);
  return days;
}
