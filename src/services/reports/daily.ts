/**
 * reports:daily — the morning cron report: one day's sales (yesterday by default) against
 * the same weekday a week before, that day's top 5 products, low stock, medicinal documents
 * pending for more than 48 hours, and the 14 days of sales up to the day.
 */
import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { isoDate, validate } from '../../lib/validate';
import type { SqlContext } from '../context';
import { addDays, daysBetween } from './days';
import { salesDays, type SalesDay } from './sales-by-day';
import { clockAndSource, reportMode, type ReportSource } from './source';
import { DEFAULT_THRESHOLD, lowStock, type LowStockRow } from './stock-low';
import { rankProducts, type TopProduct } from './top-products';

export const TOP_PRODUCTS = 5;
export const PENDING_HOURS = 48;
export const TREND_DAYS = 14;

const input = z.object({ date: isoDate.optional(), mode: reportMode });

export interface PendingDocument {
  document_id: number;
  user_id: number;
  email: string | null;
  doc_type: string;
  submitted_at: string;
  hours_waiting: number;
}

export interface DailyReport {
  report: 'daily';
  parameters: { date: string; compared_with: string; time_zone: string };
  source: ReportSource;
  sales: SalesDay;
  previous: SalesDay;
  /** The day's total sales minus those of the same weekday a week before. */
  change_cents: number;
  /** That change as a percentage of the week before (one decimal); null when it had no sales. */
  change_percent: number | null;
  top_products: TopProduct[];
  stock_low: LowStockRow[];
  pending_documents: PendingDocument[];
  /** Total sales of each of the 14 days up to the day, oldest first (0 on days without). */
  last_14_days: Array<{ fecha: string; total_sales_cents: number }>;
}

const noSales = (fecha: string): SalesDay => ({ fecha, orders_count: 0, total_sales_cents: 0, refunds_cents: 0, net_sales_cents: 0 });

export async function dailyReport(context: SqlContext, raw: z.input<typeof input>): Promise<DailyReport> {
  const flags = validate(input, raw);
  const { sql } = context;
  const { clock, source: pickSource } = await clockAndSource(sql, { mode: flags.mode, sizeTable: 'orders' });
  const date = flags.date ?? addDays(clock.today, -1);
  if (date > clock.today) throw new ValidationError(`--date: ${date} is after today (${clock.today}, ${clock.timeZone})`);
  const weekBefore = addDays(date, -7);
  const first = addDays(date, -(TREND_DAYS - 1));
  const source = pickSource();

  const days = new Map((await salesDays(sql, source, first, date)).map((day) => [day.fecha, day]));
  const sales = days.get(date) ?? noSales(date);
  const previous = days.get(weekBefore) ?? noSales(weekBefore);
  const change = sales.total_sales_cents - previous.total_sales_cents;

  // One day of orders through the paid_at index: cheap at any size, so always live.
  const top = (await rankProducts(sql, { kind: 'live' }, { since: date, until: date, categoryId: null })).slice(0, TOP_PRODUCTS);
  const stock = await lowStock(sql, source, DEFAULT_THRESHOLD);
  const pending = await sql.select<{ document_id: number; user_id: number; email: string | null; doc_type: string; submitted_at: Date; hours_waiting: number }>(
    `SELECT d.id AS document_id, d.user_id, s.email, d.doc_type, d.created_at AS submitted_at,
            floor(extract(epoch FROM now() - d.created_at) / 3600)::int AS hours_waiting
     FROM medicinal_documents d LEFT JOIN view_medicinal_status s ON s.user_id = d.user_id
     WHERE d.status = 'pending' AND d.created_at < now() - make_interval(hours => CAST($1 AS integer))
     ORDER BY d.created_at, d.id`,
    [PENDING_HOURS],
  );

  return {
    report: 'daily',
    parameters: { date, compared_with: weekBefore, time_zone: clock.timeZone },
    source,
    sales,
    previous,
    change_cents: change,
    change_percent: previous.total_sales_cents > 0 ? Math.round((change / previous.total_sales_cents) * 1000) / 10 : null,
    top_products: top,
    stock_low: stock,
    pending_documents: pending.map((p) => ({ ...p, submitted_at: new Date(p.submitted_at).toISOString() })),
    last_14_days: daysBetween(first, date).map((fecha) => ({ fecha, total_sales_cents: days.get(fecha)?.total_sales_cents ?? 0 })),
  };
}
