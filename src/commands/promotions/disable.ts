import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { disablePromotion, type DisabledPromotion } from '../../services/marketing/promotions';

export default class PromotionsDisable extends StoreCommand {
  static summary = 'Switch a promotion off before its end.';
  static description = `Orders priced from now on no longer get it; orders already created keep the discount they were priced with. Disabling a promotion that is already disabled changes nothing.

Exit codes: 3 an invalid id, 4 no such promotion, 6 not allowed (admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> 7', '<%= config.bin %> <%= command.id %> 7 --json'];

  static args = { id: Args.string({ description: 'The promotion id (see promotions:list).', required: true }) };

  async run(): Promise<DisabledPromotion> {
    const { args } = await this.parse(PromotionsDisable);
    const context = await this.authorized();
    const promotion = await disablePromotion(context, { id: args.id });
    this.say(
      promotion.changed ? `Disabled promotion ${promotion.id} "${promotion.name}": new orders no longer get it.` : `Promotion ${promotion.id} "${promotion.name}" was already disabled: nothing changed.`,
    );
    return promotion;
  }
}
