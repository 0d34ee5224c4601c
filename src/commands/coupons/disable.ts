import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { disableCoupon, type DisabledCoupon } from '../../services/marketing/coupons';

export default class CouponsDisable extends StoreCommand {
  static summary = 'Switch a discount code off for good.';
  static description = `The coupon stays (orders keep naming it) but can no longer be used: new orders with it are refused, and so is the payment of a pending order that carries it. Its uses so far are kept. Disabling a coupon that is already disabled changes nothing. The code is case-insensitive.

Exit codes: 3 a malformed code, 4 no such coupon, 6 not allowed (admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> BIENVENIDA10', '<%= config.bin %> <%= command.id %> bienvenida10 --json'];

  static args = { code: Args.string({ description: 'The coupon code (any case).', required: true }) };

  async run(): Promise<DisabledCoupon> {
    const { args } = await this.parse(CouponsDisable);
    const context = await this.authorized();
    const coupon = await disableCoupon(context, { code: args.code });
    this.say(
      coupon.changed
        ? `Disabled coupon ${coupon.code}: it can no longer be used (${coupon.usedCount} uses were counted).`
        : `Coupon ${coupon.code} was already disabled: nothing changed.`,
    );
    return coupon;
  }
}
