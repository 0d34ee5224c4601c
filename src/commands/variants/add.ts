import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { VARIANT_SPEC_FORMAT } from '../../services/catalog/products-schemas';
import { addVariant, type AddedVariant } from '../../services/catalog/variants';

export default class VariantsAdd extends StoreCommand {
  static summary = 'Add a variant to a product, with its price and initial stock.';
  static description = `--variant is ${VARIANT_SPEC_FORMAT}: PRICE_CENTS in cents of a peso (499000 is $4.990), STOCK the units put in the default warehouse (0 puts none), SKU optional (default: the product slug and the label upper-cased, made unique). A given SKU must be free.

Exit codes: 3 invalid --variant, --size or --color, 4 no such product, 5 SKU already taken or no default warehouse for the stock, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --product semilla-northern-lights-auto --variant x10:3499000:5',
    '<%= config.bin %> <%= command.id %> --product polera-logo --variant "M negra:1490000:12:POLERA-M-NEGRA" --size M --color negro',
  ];

  static flags = {
    product: Flags.string({ summary: 'Slug of the product.', required: true }),
    variant: Flags.string({ summary: `The variant, ${VARIANT_SPEC_FORMAT}.`, required: true }),
    size: Flags.string({ summary: 'Size (S, M, 40…).' }),
    color: Flags.string({ summary: 'Colour.' }),
  };

  async run(): Promise<AddedVariant> {
    const { flags } = await this.parse(VariantsAdd);
    const context = await this.authorized();
    const variant = await addVariant(context, { product: flags.product, variant: flags.variant, size: flags.size, color: flags.color });
    const stock = variant.warehouse ? `${variant.stock} in ${variant.warehouse}` : 'no stock yet';
    this.say(`Added variant ${variant.sku} (${variant.label}) to ${variant.product}: ${formatCents(variant.priceCents)}, ${stock}.`);
    return variant;
  }
}
