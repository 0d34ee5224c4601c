/**
 * Medicinal documents, filtered by status and customer. Pending ones come oldest first (the
 * order they wait in); otherwise newest first.
 */
import { z } from 'zod';
import { validate } from '../../lib/validation';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../models';
import type { ServiceContext } from '../context';
import { findUser } from '../users/find';
import { documentRows, type DocumentRow } from './rows';

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 10_000;

export interface ListDocumentsInput {
  status?: DocumentStatus | string;
  /** The customer's e-mail or id. */
  user?: string;
  limit?: number;
}

export interface ListDocumentsResult {
  documents: DocumentRow[];
}

const schema = z.object({
  status: z.enum(DOCUMENT_STATUSES, { message: `must be one of ${DOCUMENT_STATUSES.join(', ')}` }).optional(),
  user: z.string().trim().min(1, 'must not be empty').optional(),
  limit: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LIST_LIMIT, `must be at most ${MAX_LIST_LIMIT}`)
    .default(DEFAULT_LIST_LIMIT),
});

export async function listDocuments(context: ServiceContext, input: ListDocumentsInput = {}): Promise<ListDocumentsResult> {
  const { status, user, limit } = validate(schema, input);
  const userId = user === undefined ? undefined : (await findUser(user)).id;
  const documents = await documentRows(context.sequelize, { status, userId, limit, oldestFirst: status === 'pending' });
  return { documents };
}
