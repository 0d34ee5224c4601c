import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { updateVariant, type UpdatedVariant } from '../../services/catalog/variants';

/** "Updated X: price $4.990 → $5.490, label." */
function describeVariantChange(variant: UpdatedVariant): string {
  if (variant.changed.length === 0) return `Nothing changed for variant ${variant.sku}.`;
  const parts = variant.changed.map((field) =>
    field === 'priceCents' && variant.previousPriceCents !== null ? `price ${formatCents(variant.previousPriceCents)} → ${formatCents(variant.priceCents)}` : field,
  );
  return `Updated variant ${variant.sku} of ${variant.product}: ${parts.join(', ')}.`;
}

export default class VariantsUpdate extends StoreCommand {
  static summary = 'Change a variant: price, label, size, colour, SKU, active.';
  static description = `Only the flags given change; an empty --size or --color clears it. A new price closes the current period of the price history and opens the next (both are kept), and the old and new prices are reported. A new SKU must be free. Stock is not changed here: use stock:set, stock:adjust or stock:transfer.

Exit codes: 3 invalid value or nothing to change, 4 no such variant, 5 SKU already taken, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> NL-AUTO-X1 --price 549000',
    '<%= config.bin %> <%= command.id %> NL-AUTO-X1 --label "x1 semilla" --sku NLA-X1',
    '<%= config.bin %> <%= command.id %> NL-AUTO-X1 --active',
  ];

  static args = { sku: Args.string({ description: 'SKU of the variant.', required: true }) };
  static flags = {
    price: Flags.string({ summary: 'New price in cents of a peso (499000 is $4.990).' }),
    label: Flags.string({ summary: 'New option label (1g, 5g, M…).' }),
    size: Flags.string({ summary: 'New size ("" clears it).' }),
    color: Flags.string({ summary: 'New colour ("" clears it).' }),
    sku: Flags.string({ summary: 'New SKU.' }),
    active: Flags.boolean({ summary: 'Reactivate (--active) or deactivate (--no-active) the variant.', allowNo: true }),
  };

  async run(): Promise<UpdatedVariant> {
    const { args, flags } = await this.parse(VariantsUpdate);
    const context = await this.authorized();
    const variant = await updateVariant(context, args.sku, {
      priceCents: flags.price,
      label: flags.label,
      size: flags.size,
      color: flags.color,
      sku: flags.sku,
      active: flags.active,
    });
    this.say(describeVariantChange(variant));
    return variant;
  }
}
