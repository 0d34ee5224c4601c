import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { deactivateVariant, type UpdatedVariant } from '../../services/catalog/variants';

export default class VariantsDeactivate extends StoreCommand {
  static summary = 'Deactivate a variant: no longer sold, its history kept.';
  static description = `The variant stays with its stock, price history and orders; \`store variants:update SKU --active\` sells it again.

Exit codes: 4 no such variant, 6 not allowed (admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> AH-FEM-X5'];

  static args = { sku: Args.string({ description: 'SKU of the variant.', required: true }) };

  async run(): Promise<UpdatedVariant> {
    const { args } = await this.parse(VariantsDeactivate);
    const context = await this.authorized();
    const variant = await deactivateVariant(context, args.sku);
    this.say(
      variant.changed.length > 0
        ? `Deactivated variant ${variant.sku} of ${variant.product} (reactivate with \`store variants:update ${variant.sku} --active\`).`
        : `Variant ${variant.sku} was already inactive: nothing changed.`,
    );
    return variant;
  }
}
