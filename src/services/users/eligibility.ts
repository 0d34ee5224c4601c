/**
 * Medicinal eligibility, the one definition (SQL function medicinal_eligible, migration 005):
 * users.validated_medicinal, or an approved document valid today or later.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { sqlOf, type Sql } from '../../db/sql';

export interface Eligibility {
  eligible: boolean;
  /** Why, in words a clerk can repeat to the customer. */
  reason: string;
  validatedByStaff: boolean;
  /** Last day of the best approved, still valid document, if any. */
  documentValidUntil: string | null;
}

export async function medicinalEligibility(sequelize: Sequelize, userId: number, transaction?: Transaction): Promise<Eligibility> {
  return eligibilityOf(sqlOf(sequelize, transaction), userId);
}

/** medicinalEligibility() over plain SQL (src/db/sql.ts). */
export async function eligibilityOf(sql: Sql, userId: number): Promise<Eligibility> {
  const [row] = await sql.select<{ eligible: boolean; validated: boolean; valid_until: string | null; pending: number }>(
    `SELECT medicinal_eligible(u.id) AS eligible, u.validated_medicinal AS validated,
            (SELECT max(valid_until)::text FROM medicinal_documents d WHERE d.user_id = u.id AND d.status = 'approved' AND d.valid_until >= store_today()) AS valid_until,
            (SELECT count(*)::int FROM medicinal_documents d WHERE d.user_id = u.id AND d.status = 'pending') AS pending
     FROM users u WHERE u.id = $1`,
    [userId],
  );
  if (!row) return { eligible: false, reason: 'no such user', validatedByStaff: false, documentValidUntil: null };
  const reason = row.validated
    ? 'validated by staff'
    : row.valid_until
      ? `approved document valid until ${row.valid_until}`
      : row.pending > 0
        ? `not eligible: ${row.pending} document(s) waiting for review`
        : 'not eligible: no approved, valid prescription or certificate (submit one with `store docs:submit`)';
  return { eligible: row.eligible, reason, validatedByStaff: row.validated, documentValidUntil: row.valid_until };
}
