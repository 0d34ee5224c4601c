import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { colour } from '../../lib/render';
import { DEFAULT_REVIEW_LIMIT, listReviews } from '../../services/reviews/list';
import { MAX_REVIEW_LIMIT, type ReviewRow } from '../../services/reviews/rows';

export default class ReviewsList extends StoreCommand {
  static summary = 'List product reviews, newest first.';
  static description = `Visible and hidden reviews alike unless --visible or --hidden says otherwise; --product keeps one product's.

Exit codes: 2 --hidden with --visible, 3 an invalid --limit, 4 no such product, 6 not allowed (staff and admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --product semilla-northern-lights-auto --visible',
    '<%= config.bin %> <%= command.id %> --hidden --csv > ocultas.csv',
  ];

  static flags = {
    product: Flags.string({ summary: "Only this product's reviews (slug)." }),
    hidden: Flags.boolean({ summary: 'Only reviews moderation hid.', exclusive: ['visible'] }),
    visible: Flags.boolean({ summary: 'Only visible reviews.', exclusive: ['hidden'] }),
    limit: Flags.integer({ summary: `At most this many reviews (1-${MAX_REVIEW_LIMIT}).`, default: DEFAULT_REVIEW_LIMIT }),
    csv: csvFlag,
  };

  async run(): Promise<{ reviews: ReviewRow[] }> {
    const { flags } = await this.parse(ReviewsList);
    const context = await this.authorized();
    const reviews = await listReviews(context, {
      product: flags.product,
      visibility: flags.hidden ? 'hidden' : flags.visible ? 'visible' : 'all',
      limit: flags.limit,
    });
    const c = colour();
    this.printList(
      reviews,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'productSlug', header: 'product' },
        { key: 'customerEmail', header: 'customer' },
        { key: 'rating', header: 'rating', align: 'right' },
        { key: 'title', header: 'title' },
        { key: 'visible', header: 'visible', format: (value) => (value ? 'yes' : c.yellow('hidden')) },
        { key: 'createdAt', header: 'created' },
      ],
      { csv: flags.csv, empty: 'No reviews match.' },
    );
    return { reviews };
  }
}
