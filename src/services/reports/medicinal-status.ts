/**
 * reports:medicinal-status — view_medicinal_status: every customer with the status and
 * submission time of their latest medicinal document; `none` when they have none.
 */
import { z } from 'zod';
import { validate } from '../../lib/validate';
import type { SqlContext } from '../context';
import { chooseSource, relation, reportMode, type ReportSource } from './source';

export const DOCUMENT_STATES = ['pending', 'approved', 'rejected', 'none'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

const input = z.object({
  status: z.string().trim().toLowerCase().pipe(z.enum(DOCUMENT_STATES, { message: `must be one of ${DOCUMENT_STATES.join(', ')}` })).optional(),
  mode: reportMode,
});

export interface MedicinalStatusRow {
  user_id: number;
  email: string;
  /** pending, approved or rejected; null when the customer has no document. */
  last_doc_status: string | null;
  /** When that document was submitted (ISO 8601); null when none. */
  last_doc_date: string | null;
}

export interface MedicinalStatusReport {
  report: 'medicinal-status';
  parameters: { status: DocumentState | null };
  source: ReportSource;
  rows: MedicinalStatusRow[];
  totals: Record<'customers' | DocumentState, number>;
}

export async function medicinalStatus(context: SqlContext, raw: z.input<typeof input>): Promise<MedicinalStatusReport> {
  const flags = validate(input, raw);
  const source = await chooseSource(context.sql, { mode: flags.mode, sizeTable: 'medicinal_documents' });
  // The date as ISO 8601 text from the server, as Date#toISOString writes it (UTC, milliseconds
  // truncated): parsing 20,000 timestamps into Dates and back cost a one-shot process ~75 ms.
  // Outside years 1-9999 (infinity, BC: only a hand-written row can hold one, created_at is the
  // server's now()), PostgreSQL's own text, so a document never shows without its date.
  const result = await context.sql.select<MedicinalStatusRow>(
    `SELECT m.user_id, m.email, m.last_doc_status,
            CASE WHEN m.last_doc_date >= '0001-01-01 00:00:00Z' AND m.last_doc_date < '10000-01-01 00:00:00Z'
                 THEN to_char(m.last_doc_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                 ELSE m.last_doc_date::text END AS last_doc_date
     FROM ${relation(source, 'view_medicinal_status')} m
     WHERE CAST($1 AS text) IS NULL OR coalesce(m.last_doc_status, 'none') = CAST($1 AS text)
     ORDER BY m.last_doc_date DESC NULLS LAST, m.user_id`,
    [flags.status ?? null],
  );
  const count = (state: DocumentState) => result.filter((r) => (r.last_doc_status ?? 'none') === state).length;
  return {
    report: 'medicinal-status',
    parameters: { status: flags.status ?? null },
    source,
    rows: result,
    totals: { customers: result.length, pending: count('pending'), approved: count('approved'), rejected: count('rejected'), none: count('none') },
  };
}
