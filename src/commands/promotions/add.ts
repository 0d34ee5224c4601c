import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { period } from '../../services/marketing/describe';
import { addPromotion, type AddedPromotion } from '../../services/marketing/promotions';
import { MOMENT_HELP } from '../../services/marketing/schemas';

export default class PromotionsAdd extends StoreCommand {
  static summary = 'Add a percentage promotion on products, categories or whole orders, between two dates.';
  static description = `--applies-to product needs one or more --product SLUG; category needs one or more --category SLUG and also covers every category below them (a promotion on "medicinal" covers its subcategories); order needs neither and covers every line of every order. Promotions never stack: each order line gets the highest percent among the promotions running that apply to it (ties: the oldest promotion). Coupons apply after promotions; shipping is never discounted.

Dates: ${MOMENT_HELP}. The promotion runs from --starts until --ends; an --ends already past is refused.

Exit codes: 2 a required flag missing or an unknown --applies-to, 3 an invalid name, percent, date or flag combination, 4 no such product or category, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --name "Cyber Semillas" --applies-to category --category semillas --percent 20 --starts 2026-11-30 --ends 2026-12-02',
    '<%= config.bin %> <%= command.id %> --name "Medicinales -15%" --applies-to product --product aceite-cbd-full-spectrum --product flor-medicinal-indica --percent 15 --starts 2026-12-01 --ends 2026-12-31',
    '<%= config.bin %> <%= command.id %> --name "Navidad" --applies-to order --percent 5 --starts 2026-12-20T09:00 --ends 2026-12-25 --json',
  ];

  static flags = {
    name: Flags.string({ summary: 'Name shown on orders and lists (up to 120 characters).', required: true }),
    'applies-to': Flags.string({ summary: 'product, category or order.', options: ['product', 'category', 'order'], required: true }),
    percent: Flags.string({ summary: 'Percent off, 1-100.', required: true }),
    starts: Flags.string({ summary: 'First moment it applies: YYYY-MM-DD (store time) or an ISO date-time.', required: true }),
    ends: Flags.string({ summary: 'Last day it applies (through its end), or an exclusive ISO date-time.', required: true }),
    product: Flags.string({ summary: 'Slug of a product it applies to (repeatable; --applies-to product).', multiple: true }),
    category: Flags.string({ summary: 'Slug of a category it applies to, with its subcategories (repeatable; --applies-to category).', multiple: true }),
  };

  async run(): Promise<AddedPromotion> {
    const { flags } = await this.parse(PromotionsAdd);
    const context = await this.authorized();
    const promotion = await addPromotion(context, {
      name: flags.name,
      appliesTo: flags['applies-to'] as 'product' | 'category' | 'order',
      percent: flags.percent,
      starts: flags.starts,
      ends: flags.ends,
      products: flags.product,
      categories: flags.category,
    });
    const targets =
      promotion.appliesTo === 'order' ? 'every order' : promotion.appliesTo === 'product' ? `products ${promotion.products.join(', ')}` : `categories ${promotion.categories.join(', ')} and below`;
    this.say(`Added promotion ${promotion.id} "${promotion.name}": ${promotion.percentOff}% off ${targets}, ${period(promotion.startsAt, promotion.endsAt, promotion.timeZone)}; ${promotion.status} now.`);
    return promotion;
  }
}
