/**
 * reports:sales-by-day — view_sales_by_day beside view_refunds_by_day, per day of the store's
 * time zone. A sale is an order paid, shipped or delivered, counted on the day it was paid,
 * for its merchandise after discounts (no shipping). Refunds count on the day they were
 * given, on orders that still count as sales; net = sales − refunds.
 */
import { z } from 'zod';
import type { Sql } from '../../db/sql';
import { UsageError, ValidationError } from '../../lib/errors';
import { isoDate, validate } from '../../lib/validate';
import type { SqlContext } from '../context';
import { addDays } from './days';
import { clockAndSource, relation, reportMode, type ReportSource } from './source';

export const DEFAULT_DAYS = 30;

const input = z.object({
  since: isoDate.optional(),
  until: isoDate.optional(),
  days: z.number().int().min(1, 'must be at least 1').max(3660, 'must be at most 3660').optional(),
  mode: reportMode,
});

export interface SalesDay {
  fecha: string;
  orders_count: number;
  total_sales_cents: number;
  refunds_cents: number;
  net_sales_cents: number;
}

export type SalesTotals = Omit<SalesDay, 'fecha'>;

export interface SalesByDayReport {
  report: 'sales-by-day';
  parameters: { since: string; until: string; time_zone: string };
  source: ReportSource;
  rows: SalesDay[];
  totals: SalesTotals;
}

/** The days with sales or refunds between two days (both included), oldest first. */
export async function salesDays(sql: Sql, source: ReportSource, since: string, until: string): Promise<SalesDay[]> {
  const sales = relation(source, 'view_sales_by_day');
  const refunds = relation(source, 'view_refunds_by_day');
  const rows = await sql.select<SalesDay>(
    `SELECT coalesce(s.fecha, r.fecha)::text AS fecha,
            coalesce(s.orders_count, 0)::bigint AS orders_count,
            coalesce(s.total_sales_cents, 0)::bigint AS total_sales_cents,
            coalesce(r.refunds_cents, 0)::bigint AS refunds_cents,
            (coalesce(s.total_sales_cents, 0) - coalesce(r.refunds_cents, 0))::bigint AS net_sales_cents
     FROM (SELECT * FROM ${sales} WHERE fecha BETWEEN CAST($1 AS date) AND CAST($2 AS date)) s
     FULL JOIN (SELECT * FROM ${refunds} WHERE fecha BETWEEN CAST($1 AS date) AND CAST($2 AS date)) r ON r.fecha = s.fecha
     ORDER BY 1`,
    [since, until],
  );
  return rows;
}

export function salesTotals(rows: SalesDay[]): SalesTotals {
  const sum = (key: keyof SalesTotals) => rows.reduce((total, row) => total + row[key], 0);
  return { orders_count: sum('orders_count'), total_sales_cents: sum('total_sales_cents'), refunds_cents: sum('refunds_cents'), net_sales_cents: sum('net_sales_cents') };
}

/**
 * The range: --since and --until as given; --days N is N days from --since, or the N days
 * up to --until (default today); with neither, the last 30 days up to today.
 */
export async function salesByDay(context: SqlContext, raw: z.input<typeof input>): Promise<SalesByDayReport> {
  const flags = validate(input, raw);
  if (flags.days !== undefined && flags.since && flags.until) throw new UsageError('--days cannot be used with both --since and --until');
  const { clock, source: pickSource } = await clockAndSource(context.sql, { mode: flags.mode, sizeTable: 'orders' });
  const span = flags.days ?? DEFAULT_DAYS;
  let since: string;
  let until: string;
  if (flags.since) {
    since = flags.since;
    until = flags.until ?? (flags.days ? addDays(since, span - 1) : clock.today);
  } else {
    until = flags.until ?? clock.today;
    since = addDays(until, -(span - 1));
  }
  if (since > until) throw new ValidationError(`--until: ${until} is before --since ${since}`);
  const source = pickSource();
  const rows = await salesDays(context.sql, source, since, until);
  return { report: 'sales-by-day', parameters: { since, until, time_zone: clock.timeZone }, source, rows, totals: salesTotals(rows) };
}
