/** reviews:list — reviews, newest first, of one product or all, visible, hidden or both. */
import { z } from 'zod';
import { validate } from '../../lib/validation';
import { findProduct } from '../catalog/lookup';
import type { ServiceContext } from '../context';
import { MAX_REVIEW_LIMIT, reviewRows, type ReviewRow } from './rows';

export const DEFAULT_REVIEW_LIMIT = 100;

const filters = z.object({
  product: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  visibility: z.enum(['visible', 'hidden', 'all']).default('all'),
  limit: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_REVIEW_LIMIT, `must be at most ${MAX_REVIEW_LIMIT}`).default(DEFAULT_REVIEW_LIMIT),
});

export type ReviewFilters = z.input<typeof filters>;

export async function listReviews(context: ServiceContext, raw: ReviewFilters): Promise<ReviewRow[]> {
  const input = validate(filters, raw);
  const productId = input.product === undefined ? undefined : (await findProduct(input.product)).id;
  const visible = input.visibility === 'all' ? undefined : input.visibility === 'visible';
  return reviewRows(context.sequelize, { productId, visible, limit: input.limit });
}
