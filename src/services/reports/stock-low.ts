/**
 * reports:stock-low — view_stock_low: active variants of active products with fewer than
 * --threshold units (5 by default, as the view says). Another threshold reads
 * report_stock_low(threshold), the same definition; the materialized copy answers
 * thresholds up to 5.
 */
import { z } from 'zod';
import type { Sql } from '../../db/sql';
import { validate } from '../../lib/validate';
import type { SqlContext } from '../context';
import { chooseSource, relation, reportMode, type ReportSource } from './source';

export const DEFAULT_THRESHOLD = 5;

const input = z.object({
  threshold: z.number().int().min(1, 'must be at least 1').max(2_000_000_000, 'must be at most 2000000000').default(DEFAULT_THRESHOLD),
  mode: reportMode,
});

export interface LowStockRow {
  variant_id: number;
  product: string;
  option_label: string;
  stock: number;
}

export interface StockLowReport {
  report: 'stock-low';
  parameters: { threshold: number };
  source: ReportSource;
  rows: LowStockRow[];
  totals: { variants: number; stock: number };
}

/** Low-stock variants, fewest units first. */
export async function lowStock(sql: Sql, source: ReportSource, threshold: number): Promise<LowStockRow[]> {
  const from = source.kind === 'live' && threshold !== DEFAULT_THRESHOLD ? 'report_stock_low(CAST($1 AS integer))' : relation(source, 'view_stock_low');
  return sql.select<LowStockRow>(
    `SELECT variant_id, product, option_label, stock FROM ${from} WHERE stock < CAST($1 AS integer) ORDER BY stock, product, option_label, variant_id`,
    [threshold],
  );
}

export async function stockLow(context: SqlContext, raw: z.input<typeof input>): Promise<StockLowReport> {
  const flags = validate(input, raw);
  const source = await chooseSource(context.sql, {
    mode: flags.mode,
    sizeTable: 'product_variants',
    notMaterialized: flags.threshold > DEFAULT_THRESHOLD ? `mv_stock_low holds only variants under ${DEFAULT_THRESHOLD} units, so --threshold ${flags.threshold} is read live` : undefined,
  });
  const rows = await lowStock(context.sql, source, flags.threshold);
  return { report: 'stock-low', parameters: { threshold: flags.threshold }, source, rows, totals: { variants: rows.length, stock: rows.reduce((sum, row) => sum + row.stock, 0) } };
}
