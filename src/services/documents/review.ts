/**
 * Approve or reject a pending document. One conditional UPDATE decides: of two reviewers
 * racing on the same document, the first to commit wins and the other is told who did it.
 * An approval counts until valid_until: six months from today unless told otherwise.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { NotAllowedError, NotFoundError, RuleViolation, ValidationError } from '../../lib/errors';
import { isoDate, text, validate } from '../../lib/validation';
import type { Actor } from '../auth/session';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { medicinalEligibility, type Eligibility } from '../users/eligibility';
import { documentId, documentRow, type DocumentRow } from './rows';

/** How long an approval counts when --valid-until is not given (README, docs:approve --help). */
export const DEFAULT_VALIDITY = '6 months';
export const MAX_VALIDITY = '2 years';
// "Today" is the database's store_today(), the day medicinal_eligible() compares with.
const DEFAULT_VALID_UNTIL = `(store_today() + interval '${DEFAULT_VALIDITY}')::date`;
const LATEST_VALID_UNTIL = `(store_today() + interval '${MAX_VALIDITY}')::date`;

export interface ApproveDocumentInput {
  id: string | number;
  notes?: string;
  /** YYYY-MM-DD, today up to two years ahead; default today + 6 months. */
  validUntil?: string;
}

export interface RejectDocumentInput {
  id: string | number;
  /** Why, for the customer: required. */
  notes: string;
}

export interface ReviewResult {
  document: DocumentRow;
  /** The customer's eligibility after this review. */
  eligibility: Eligibility;
}

type Decision = 'approved' | 'rejected';

const LABELS = { id: 'ID' };
const approveSchema = z.object({ id: documentId, notes: text(2000).optional(), validUntil: isoDate.optional() });
const rejectSchema = z.object({ id: documentId, notes: text(2000) });

export async function approveDocument(context: ServiceContext, input: ApproveDocumentInput): Promise<ReviewResult> {
  const { id, notes, validUntil } = validate(approveSchema, input, LABELS);
  return reviewDocument(context, { id, decision: 'approved', notes, validUntil });
}

export async function rejectDocument(context: ServiceContext, input: RejectDocumentInput): Promise<ReviewResult> {
  const { id, notes } = validate(rejectSchema, input, LABELS);
  return reviewDocument(context, { id, decision: 'rejected', notes });
}

/** The valid-until an approval gets by default today, YYYY-MM-DD (for prompts and help). */
export async function defaultValidUntil(context: ServiceContext): Promise<string> {
  const [row] = await context.sequelize.query<{ day: string }>(`SELECT ${DEFAULT_VALID_UNTIL}::text AS day`, { type: QueryTypes.SELECT });
  return row.day;
}

interface Review {
  id: number;
  decision: Decision;
  notes?: string;
  validUntil?: string;
}

interface Reviewed {
  userId: number;
  status: Decision;
  reviewedBy: number;
  validUntil: string | null;
  notes: string | null;
  notesBefore: string | null;
}

async function reviewDocument(context: ServiceContext, review: Review): Promise<ReviewResult> {
  const reviewer = assertReviewer(context.actor);
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    if (review.validUntil !== undefined) await assertValidUntilInRange(sequelize, review.validUntil, transaction);
    // The CTE locks the row while it is still pending; a reviewer who waited on that lock
    // re-reads it after the winner commits, finds it no longer pending and updates nothing.
    const [row] = await sequelize.query<Reviewed>(
      `WITH target AS (
         SELECT id, notes FROM medicinal_documents WHERE id = :id AND status = 'pending' FOR UPDATE
       )
       UPDATE medicinal_documents d
       SET status = :status,
           reviewed_by = :reviewer,
           notes = coalesce(:notes, target.notes),
           valid_until = CASE WHEN :status = 'approved' THEN coalesce(CAST(:validUntil AS date), ${DEFAULT_VALID_UNTIL}) END
       FROM target
       WHERE d.id = target.id AND d.status = 'pending'
       RETURNING d.user_id AS "userId", d.status, d.reviewed_by AS "reviewedBy", d.valid_until::text AS "validUntil",
                 d.notes, target.notes AS "notesBefore"`,
      {
        replacements: { id: review.id, status: review.decision, reviewer: reviewer.id, notes: review.notes ?? null, validUntil: review.validUntil ?? null },
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    if (!row) throw await notReviewable(sequelize, review.id, transaction);

    await audit(sequelize, transaction, {
      actorId: reviewer.id,
      action: review.decision === 'approved' ? 'documents.approve' : 'documents.reject',
      entity: 'medicinal_documents',
      entityId: review.id,
      before: { status: 'pending', reviewed_by: null, valid_until: null, notes: row.notesBefore },
      after: { status: row.status, reviewed_by: row.reviewedBy, valid_until: row.validUntil, notes: row.notes },
      meta: { user_id: row.userId },
    });
    const document = await documentRow(sequelize, review.id, transaction);
    if (!document) throw new Error(`document ${review.id} vanished while it was reviewed`);
    return { document, eligibility: await medicinalEligibility(sequelize, row.userId, transaction) };
  });
}

/** Only staff and admins review (the permission table and a trigger say so too). */
function assertReviewer(actor: Actor | undefined): Actor {
  if (!actor) throw new NotAllowedError('reviewing medicinal documents needs a login: run `store auth:login` or set STORE_TOKEN');
  if (actor.role !== 'staff' && actor.role !== 'admin') {
    throw new NotAllowedError(`only staff or admins review medicinal documents (${actor.email} is a ${actor.role})`);
  }
  return actor;
}

async function assertValidUntilInRange(sequelize: Sequelize, validUntil: string, transaction: Transaction): Promise<void> {
  const [range] = await sequelize.query<{ today: string; latest: string; tooEarly: boolean; tooLate: boolean }>(
    `SELECT store_today()::text AS today, ${LATEST_VALID_UNTIL}::text AS latest,
            CAST(:day AS date) < store_today() AS "tooEarly", CAST(:day AS date) > ${LATEST_VALID_UNTIL} AS "tooLate"`,
    { replacements: { day: validUntil }, type: QueryTypes.SELECT, transaction },
  );
  if (range.tooEarly) throw new ValidationError(`--valid-until: must be today (${range.today}) or later`);
  if (range.tooLate) throw new ValidationError(`--valid-until: must be at most ${MAX_VALIDITY} ahead (${range.latest} at the latest)`);
}

/** Why the UPDATE touched nothing: no such document, or someone reviewed it first. */
async function notReviewable(sequelize: Sequelize, id: number, transaction: Transaction): Promise<Error> {
  const current = await documentRow(sequelize, id, transaction);
  if (!current) return new NotFoundError(`no medicinal document ${id}`);
  if (current.status === 'pending') return new RuleViolation(`document ${id} is being reviewed by someone else: try again`);
  return new RuleViolation(`document ${id} was already reviewed: ${current.status} by ${current.reviewerEmail ?? 'an unknown reviewer'} on ${current.reviewedOn}`);
}
