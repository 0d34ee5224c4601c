import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { moderateReview, type ModerationResult } from '../../services/reviews/moderate';

export default class ReviewsShow extends StoreCommand {
  static summary = 'Make a hidden product review visible again (moderation).';
  static description = `Undoes \`store reviews:hide ID\`. Showing a visible review says so and changes nothing. (To read reviews, use \`store reviews:list\`.)

Exit codes: 2 ID missing, 3 the id is not a number, 4 no such review, 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> 12', '<%= config.bin %> <%= command.id %> 12 --json'];
  static args = { id: Args.string({ description: 'The review id.', required: true }) };

  async run(): Promise<ModerationResult> {
    const { args } = await this.parse(ReviewsShow);
    const context = await this.authorized();
    const review = await moderateReview(context, args.id, true);
    this.say(review.changed ? `Review ${review.id} of ${review.productSlug} by ${review.customerEmail} is visible again.` : `Review ${review.id} was already visible.`);
    return review;
  }
}
