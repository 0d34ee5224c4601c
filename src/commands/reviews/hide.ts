import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { moderateReview, type ModerationResult } from '../../services/reviews/moderate';

export default class ReviewsHide extends StoreCommand {
  static summary = 'Hide a product review from the shop (moderation).';
  static description = `The review stays on record and \`store reviews:show ID\` makes it visible again. Hiding a hidden review says so and changes nothing.

Exit codes: 2 ID missing, 3 the id is not a number, 4 no such review, 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> 12', '<%= config.bin %> <%= command.id %> 12 --json'];
  static args = { id: Args.string({ description: 'The review id.', required: true }) };

  async run(): Promise<ModerationResult> {
    const { args } = await this.parse(ReviewsHide);
    const context = await this.authorized();
    const review = await moderateReview(context, args.id, false);
    this.say(review.changed ? `Hid review ${review.id} of ${review.productSlug} by ${review.customerEmail}.` : `Review ${review.id} was already hidden.`);
    return review;
  }
}
