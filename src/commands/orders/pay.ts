import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { orderCard } from '../../presenters/order';
import { payOrder, type PayResult } from '../../services/orders/pay';

export default class OrdersPay extends StoreCommand {
  static summary = 'Record a payment; once the amount due is covered the order is paid and its stock taken.';
  static description = `Records an approved payment of --amount (default: everything still due). When the payments cover the amount due, in one transaction: medicinal eligibility and the coupon are checked again, the reserved units leave the shelves (lines without a reservation take free stock), the coupon's use is counted and the order becomes paid. If anything is refused nothing changes, except that the refused attempt is recorded (a rejected payment and an audit entry).

The same --provider and --ref again is a no-op that says so, so a retried webhook or script cannot pay twice.

Exit codes: 2 a required flag missing, 3 an invalid flag or an amount above what is due, 4 no such order, 5 refused (not pending, stock short, medicinal, coupon, reference of another order), 6 not allowed.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> 12 --provider webpay --ref 0123456789',
    '<%= config.bin %> <%= command.id %> 12 --provider test --json',
    '<%= config.bin %> <%= command.id %> 12 --provider flow --ref FL-99 --amount 500000',
  ];

  static args = { order: Args.string({ description: 'Order id.', required: true }) };

  static flags = {
    provider: Flags.string({ summary: 'webpay, flow, mp or test.', required: true }),
    ref: Flags.string({ summary: "The provider's transaction reference (makes a repeat a no-op)." }),
    amount: Flags.string({ summary: 'Amount paid in cents. [default: all that is still due]' }),
  };

  async run(): Promise<PayResult> {
    const { args, flags } = await this.parse(OrdersPay);
    const context = await this.authorizedSql();
    const result = await payOrder(context, { order: args.order, provider: flags.provider, ref: flags.ref, amount: flags.amount });
    if (result.outcome === 'already') {
      this.note(`${flags.provider} reference ${flags.ref} was already recorded for order ${result.order.id}: nothing changed.`);
    } else if (result.outcome === 'pending') {
      this.note(`Payment recorded; ${formatCents(result.stillDueCents)} still due on order ${result.order.id}.`);
    }
    this.say(orderCard(result.order));
    return result;
  }
}
