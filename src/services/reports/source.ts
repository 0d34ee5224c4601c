/**
 * Where a report reads from: the live views (always current) or their materialized copies
 * (fast on large data, as fresh as the last `store reports:refresh`). --live and --fast
 * choose; otherwise the copies are read when the report's main table holds more rows than
 * STORE_REPORTS_FAST_ROWS (PostgreSQL's estimate, pg_class.reltuples).
 */
import { z } from 'zod';
import type { Sql } from '../../db/sql';
import { readEnv } from '../../lib/env';
import { RuleViolation, UsageError } from '../../lib/errors';
import { CLOCK_COLUMNS, clockOf, storeClock, type ClockRow, type StoreClock } from './days';

export const REPORT_MODES = ['auto', 'fast', 'live'] as const;
export const reportMode = z.enum(REPORT_MODES).default('auto');
export type ReportMode = (typeof REPORT_MODES)[number];

export type ReportSource =
  | { kind: 'live' }
  | {
      kind: 'materialized';
      /** When the materialized views were computed (ISO 8601, UTC). */
      refreshed_at: string;
      /** The same instant in the store's time zone, YYYY-MM-DD HH:MM. */
      refreshed_local: string;
      age_seconds: number;
      time_zone: string;
    };

export interface SourceRequest {
  mode: ReportMode;
  /** The table whose size decides in auto mode. */
  sizeTable: 'orders' | 'product_variants' | 'medicinal_documents';
  /** Why the materialized copy cannot answer this request, if it cannot. */
  notMaterialized?: string;
}

/** The source a report reads; `--fast` on a request the copies cannot answer is a usage error. */
export async function chooseSource(sql: Sql, request: SourceRequest): Promise<ReportSource> {
  return (await readSource(sql, request)).source();
}

/**
 * The store's clock and the source, for the reports that need both: one statement when the
 * materialized views are considered (the freshness row carries the clock), so a report started
 * by cron makes one round trip fewer before its query. `source()` decides (and may refuse)
 * when called: a report checks its range against the clock first, so a bad range is still
 * reported before a refusal of the materialized views, as when these were two statements.
 */
export async function clockAndSource(sql: Sql, request: SourceRequest): Promise<{ clock: StoreClock; source: () => ReportSource }> {
  const { clock, source } = await readSource(sql, request);
  return { clock: clock ?? (await storeClock(sql)), source };
}

async function readSource(sql: Sql, request: SourceRequest): Promise<{ clock?: StoreClock; source: () => ReportSource }> {
  const live = (): ReportSource => ({ kind: 'live' });
  if (request.mode === 'live') return { source: live };
  if (request.notMaterialized) {
    if (request.mode === 'fast') throw new UsageError(`--fast: ${request.notMaterialized}; leave out --fast`);
    return { source: live };
  }
  const [row] = await sql.select<ClockRow & { refreshed_at: Date; refreshed_local: string; age_seconds: number; views_time_zone: string; rows: number }>(
    `SELECT ${CLOCK_COLUMNS}, f.refreshed_at, to_char(f.refreshed_at AT TIME ZONE f.time_zone, 'YYYY-MM-DD HH24:MI') AS refreshed_local,
            floor(extract(epoch FROM now() - f.refreshed_at))::int AS age_seconds, f.time_zone AS views_time_zone,
            greatest(coalesce((SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)), 0), 0)::bigint AS rows
     FROM mv_freshness f`,
    [request.sizeTable],
  );
  const source = (): ReportSource => {
    if (request.mode === 'auto' && row.rows <= readEnv().STORE_REPORTS_FAST_ROWS) return { kind: 'live' };
    if (row.views_time_zone !== row.time_zone) {
      if (request.mode === 'auto') return { kind: 'live' };
      throw new RuleViolation(
        `the materialized views count days in ${row.views_time_zone}, not ${row.time_zone}: run \`store reports:refresh\` with this time zone, or use --live`,
      );
    }
    return {
      kind: 'materialized',
      refreshed_at: new Date(row.refreshed_at).toISOString(),
      refreshed_local: row.refreshed_local,
      age_seconds: row.age_seconds,
      time_zone: row.views_time_zone,
    };
  };
  return { clock: clockOf(row), source };
}

/** The relation to read: the live view, or its materialized copy (mv_…). */
export function relation(source: ReportSource, view: `view_${string}`): string {
  return source.kind === 'materialized' ? view.replace(/^view_/, 'mv_') : view;
}
