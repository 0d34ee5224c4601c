/**
 * reviews:hide and reviews:show: moderation sets is_visible, with an audit row. Asking for
 * what already is (hiding a hidden review) changes nothing and writes nothing.
 */
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors';
import { id, validate } from '../../lib/validation';
import { ProductReview } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { reviewRows, type ReviewRow } from './rows';

export interface ModerationResult extends ReviewRow {
  /** False when the review already was as asked: nothing was written. */
  changed: boolean;
}

const reviewId = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), id);

export async function moderateReview(context: ServiceContext, reference: string | number, visible: boolean): Promise<ModerationResult> {
  const reviewIdValue = validate(reviewId, reference, { '': 'ID' });
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const locked = await ProductReview.findByPk(reviewIdValue, { transaction, lock: transaction.LOCK.UPDATE });
    if (!locked) throw new NotFoundError(`no review ${reviewIdValue}`);
    const wasVisible = locked.isVisible;
    const changed = wasVisible !== visible;
    if (changed) await locked.update({ isVisible: visible }, { transaction });
    const [review] = await reviewRows(sequelize, { id: reviewIdValue }, transaction);
    if (changed) {
      await audit(sequelize, transaction, {
        actorId: actorId(context),
        action: visible ? 'reviews.show' : 'reviews.hide',
        entity: 'product_reviews',
        entityId: review.id,
        before: { is_visible: wasVisible },
        after: { is_visible: visible },
        meta: { product: review.productSlug, customer: review.customerEmail, rating: review.rating },
      });
    }
    return { ...review, changed };
  });
}
