/**
 * reports:refresh — recompute every materialized view with REFRESH … CONCURRENTLY (readers
 * keep reading the old rows meanwhile; only another refresh waits), all in one
 * REPEATABLE READ transaction so they hold one instant, recorded in mv_freshness.
 * Needs the views' owner: the read-only reporting role is refused (exit 6).
 */
import { NotAllowedError } from '../../lib/errors';
import type { SqlContext } from '../context';

export const MATERIALIZED_VIEWS = ['mv_sales_by_day', 'mv_refunds_by_day', 'mv_top_products', 'mv_stock_low', 'mv_medicinal_status', 'mv_freshness'] as const;

export interface RefreshResult {
  refreshed_at: string;
  time_zone: string;
  views: Array<{ view: string; milliseconds: number }>;
  total_milliseconds: number;
}

/** Two refreshes at once: the later one's snapshot predates the earlier one's rows, so it starts again. */
const ATTEMPTS = 3;
const sqlState = (error: unknown) => {
  const e = error as { original?: { code?: string }; parent?: { code?: string }; code?: string };
  return e.original?.code ?? e.parent?.code ?? e.code;
};

export async function refreshReports(context: SqlContext): Promise<RefreshResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await refreshOnce(context);
    } catch (error) {
      if (sqlState(error) === '42501') {
        throw new NotAllowedError('reports:refresh needs the database role that owns the materialized views (the one that ran db:migrate), not a read-only one', { cause: error });
      }
      if (attempt >= ATTEMPTS || sqlState(error) !== '40001') throw error;
    }
  }
}

async function refreshOnce(context: SqlContext): Promise<RefreshResult> {
  const started = process.hrtime.bigint();
  const elapsed = (since: bigint) => Math.round(Number(process.hrtime.bigint() - since) / 1e5) / 10;
  return context.sql.transaction(async (sql) => {
    const views: RefreshResult['views'] = [];
    for (const view of MATERIALIZED_VIEWS) {
      const start = process.hrtime.bigint();
      await sql.select(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
      views.push({ view, milliseconds: elapsed(start) });
    }
    const [row] = await sql.select<{ refreshed_at: Date; time_zone: string }>('SELECT refreshed_at, time_zone FROM mv_freshness');
    return { refreshed_at: new Date(row.refreshed_at).toISOString(), time_zone: row.time_zone, views, total_milliseconds: elapsed(started) };
  }, { isolation: 'repeatable read' });
}
