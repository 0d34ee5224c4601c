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
  const rows = await context.sql.select<{ user_id: number; email: string; last_doc_status: string | null; last_doc_date: Date | null }>(
    `SELECT user_id, email, last_doc_status, last_doc_date FROM ${relation(source, 'view_medicinal_status')}
     WHERE CAST($1 AS text) IS NULL OR coalesce(last_doc_status, 'none') = CAST($1 AS text)
     ORDER BY last_doc_date DESC NULLS LAST, user_id`,
    [flags.status ?? null],
  );
  const result = rows.map((r) => ({ ...r, last_doc_date: r.last_doc_date ? new Date(r.last_doc_date).toISOString() : null }));
  const count = (state: DocumentState) => result.filter((r) => (r.last_doc_status ?? 'none') === state).length;
  return {
    report: 'medicinal-status',
    parameters: { status: flags.status ?? null },
    source,
    rows: result,
    totals: { customers: result.length, pending: count('pending'), approved: count('approved'), rejected: count('rejected'), none: count('none') },
  };
}
