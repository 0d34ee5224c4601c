import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { addCoupon, type AddedCoupon } from '../../services/marketing/coupons';
import { couponDiscount, period } from '../../services/marketing/describe';
import { MOMENT_HELP } from '../../services/marketing/schemas';

export default class CouponsAdd extends StoreCommand {
  static summary = 'Add a discount code: a percent or a fixed amount off an order.';
  static description = `Codes are case-insensitive: they are stored upper-case (bienvenida10 becomes BIENVENIDA10) and customers may type them in any case. A code may hold letters, digits, - and _ (up to 40).

--type percent takes --percent (1-100) off the goods after promotions; --type fixed takes --amount, in cents of a peso (500000 = $5.000), never more than the goods cost. Shipping is never discounted. --min-order is compared with the order's list subtotal (before discounts, without shipping). A use is counted when an order with the coupon is paid, never past --usage-limit.

Dates: ${MOMENT_HELP}. The coupon applies from --starts (default: now) until --ends (default: no end); an --ends already past is refused.

Exit codes: 2 a required flag missing or an unknown --type, 3 an invalid code, number, date or flag combination, 5 the code exists already, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --code bienvenida10 --type percent --percent 10 --usage-limit 100',
    '<%= config.bin %> <%= command.id %> --code DESPACHO5000 --type fixed --amount 500000 --min-order 3000000 --starts 2026-12-01 --ends 2026-12-31',
    '<%= config.bin %> <%= command.id %> --code CYBER --type percent --percent 15 --starts 2026-11-30T09:00 --ends 2026-12-02T21:00 --json',
  ];

  static flags = {
    code: Flags.string({ summary: 'The code customers type (any case; stored upper-case).', required: true }),
    type: Flags.string({ summary: 'percent or fixed.', options: ['percent', 'fixed'], required: true }),
    percent: Flags.string({ summary: 'Percent off, 1-100 (--type percent).' }),
    amount: Flags.string({ summary: 'Cents of a peso off (--type fixed): 500000 = $5.000.' }),
    'min-order': Flags.string({ summary: 'Least list subtotal, in cents, an order needs for the coupon. [default: 0]' }),
    starts: Flags.string({ summary: 'First moment it applies: YYYY-MM-DD (store time) or an ISO date-time. [default: now]' }),
    ends: Flags.string({ summary: 'Last day it applies (through its end), or an exclusive ISO date-time. [default: no end]' }),
    'usage-limit': Flags.string({ summary: 'Paid orders that may use it. [default: no limit]' }),
  };

  async run(): Promise<AddedCoupon> {
    const { flags } = await this.parse(CouponsAdd);
    const context = await this.authorized();
    const coupon = await addCoupon(context, {
      code: flags.code,
      type: flags.type as 'percent' | 'fixed',
      percent: flags.percent,
      amount: flags.amount,
      minOrder: flags['min-order'],
      starts: flags.starts,
      ends: flags.ends,
      usageLimit: flags['usage-limit'],
    });
    const minimum = coupon.minOrderCents > 0 ? `, orders of ${formatCents(coupon.minOrderCents)} or more` : '';
    const uses = coupon.usageLimit === null ? 'no usage limit' : `up to ${coupon.usageLimit} uses`;
    this.say(`Added coupon ${coupon.code} (id ${coupon.id}): ${couponDiscount(coupon)}${minimum}, ${period(coupon.startsAt, coupon.endsAt, coupon.timeZone)}, ${uses}; ${coupon.status} now.`);
    return coupon;
  }
}
