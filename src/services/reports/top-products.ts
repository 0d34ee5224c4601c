/**
 * reports:top-products — view_top_products (units and revenue per product over paid,
 * shipped or delivered orders; revenue is line totals before order discounts), best
 * revenue first. A date range (days the orders were paid, store time zone) reads
 * report_top_products(since, until), the same definition with a range; --category keeps the
 * products of that category and the categories below it.
 */
import { z } from 'zod';
import type { Sql } from '../../db/sql';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { isoDate, text, validate } from '../../lib/validate';
import type { SqlContext } from '../context';
import { clockAndSource, relation, reportMode, type ReportSource } from './source';

const input = z.object({
  limit: z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(10),
  since: isoDate.optional(),
  until: isoDate.optional(),
  category: text(120).optional(),
  mode: reportMode,
});

export interface TopProduct {
  product_id: number;
  product_name: string;
  units_sold: number;
  revenue_cents: number;
}

export interface TopProductsTotals {
  /** Every product sold in the range (and category), not only the rows listed. */
  products: number;
  units_sold: number;
  revenue_cents: number;
}

export interface TopProductsReport {
  report: 'top-products';
  parameters: { limit: number; since: string | null; until: string | null; category: string | null; time_zone: string };
  source: ReportSource;
  rows: TopProduct[];
  totals: TopProductsTotals;
}

/** Every product sold in the range and category, best revenue first. */
export async function rankProducts(sql: Sql, source: ReportSource, options: { since: string | null; until: string | null; categoryId: number | null }): Promise<TopProduct[]> {
  const ranged = options.since !== null || options.until !== null;
  const from = ranged ? 'report_top_products(CAST($2 AS date), CAST($3 AS date))' : relation(source, 'view_top_products');
  return sql.select<TopProduct>(
    `WITH RECURSIVE chosen AS (
       SELECT id FROM categories WHERE id = CAST($1 AS bigint)
       UNION SELECT c.id FROM categories c JOIN chosen ON c.parent_id = chosen.id
     )
     SELECT t.product_id, t.product_name, t.units_sold, t.revenue_cents
     FROM ${from} t
     WHERE CAST($1 AS bigint) IS NULL OR EXISTS (SELECT 1 FROM products p WHERE p.id = t.product_id AND p.category_id IN (SELECT id FROM chosen))
     ORDER BY t.revenue_cents DESC, t.units_sold DESC, t.product_id`,
    ranged ? [options.categoryId, options.since, options.until] : [options.categoryId],
  );
}

export async function topProducts(context: SqlContext, raw: z.input<typeof input>): Promise<TopProductsReport> {
  const flags = validate(input, raw);
  if (flags.since && flags.until && flags.since > flags.until) throw new ValidationError(`--until: ${flags.until} is before --since ${flags.since}`);
  let categoryId: number | null = null;
  if (flags.category) {
    const [row] = await context.sql.select<{ id: number }>('SELECT id FROM categories WHERE slug = $1', [flags.category.toLowerCase()]);
    if (!row) throw new NotFoundError(`no category ${JSON.stringify(flags.category)}`);
    categoryId = row.id;
  }
  const since = flags.since ?? null;
  const until = flags.until ?? null;
  const { clock, source: pickSource } = await clockAndSource(context.sql, {
    mode: flags.mode,
    sizeTable: 'orders',
    notMaterialized: since || until ? 'mv_top_products holds all-time totals, so a date range (--since, --until) is read live' : undefined,
  });
  const source = pickSource();
  const ranked = await rankProducts(context.sql, source, { since, until, categoryId });
  return {
    report: 'top-products',
    parameters: { limit: flags.limit, since, until, category: flags.category ?? null, time_zone: clock.timeZone },
    source,
    rows: ranked.slice(0, flags.limit),
    totals: {
      products: ranked.length,
      units_sold: ranked.reduce((sum, row) => sum + row.units_sold, 0),
      revenue_cents: ranked.reduce((sum, row) => sum + row.revenue_cents, 0),
    },
  };
}
