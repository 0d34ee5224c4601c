import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { deactivateProduct, type UpdatedProduct } from '../../services/catalog/products';

export default class ProductsDeactivate extends StoreCommand {
  static summary = 'Deactivate a product: hidden from sale, its variants and history kept.';
  static description = `The product and its variants stay (orders, reports and price history still name them); \`store products:update SLUG --active\` puts it back on sale.

Exit codes: 4 no such product, 6 not allowed (admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> semilla-amnesia-haze-feminizada', '<%= config.bin %> <%= command.id %> semilla-amnesia-haze-feminizada --json'];

  static args = { slug: Args.string({ description: 'Slug of the product.', required: true }) };

  async run(): Promise<UpdatedProduct> {
    const { args } = await this.parse(ProductsDeactivate);
    const context = await this.authorized();
    const product = await deactivateProduct(context, args.slug);
    this.say(
      product.changed.length > 0
        ? `Deactivated product ${product.slug}: hidden from sale (reactivate with \`store products:update ${product.slug} --active\`).`
        : `Product ${product.slug} was already inactive: nothing changed.`,
    );
    return product;
  }
}
