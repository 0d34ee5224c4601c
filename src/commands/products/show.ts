import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { colour, formatCents, renderKeyValue, renderTable } from '../../lib/render';
import { showProduct, type ProductDetail } from '../../services/catalog/products-show';

export default class ProductsShow extends StoreCommand {
  static summary = 'Show a product: category, variants with price and stock per warehouse, promotions, rating.';
  static description = `The category is shown with its path from the root. Promotions are those active now that name the product, its category or a category above it, or apply to whole orders. The rating is the average of visible reviews.

Exit codes: 4 no such product, 6 not allowed.`;
  static examples = ['<%= config.bin %> <%= command.id %> semilla-northern-lights-auto', '<%= config.bin %> <%= command.id %> flor-medicinal-indica --json'];

  static args = { slug: Args.string({ description: 'Slug of the product.', required: true }) };

  async run(): Promise<ProductDetail> {
    const { args } = await this.parse(ProductsShow);
    const context = await this.authorized();
    const product = await showProduct(context, args.slug);
    const c = colour();
    this.say(
      renderKeyValue([
        ['product', `${product.name} (${product.slug})`],
        ['status', product.isActive ? 'active' : c.yellow('deactivated: hidden from sale')],
        ['category', `${product.categoryPath.map((step) => step.name).join(' › ')} (${product.category})${product.isMedicinal ? ` ${c.yellow('medicinal')}` : ''}`],
        ['description', product.description ?? ''],
        ['image', product.imageUrl ?? ''],
        ['rating', product.rating.reviews > 0 ? `${product.rating.average} / 5 from ${product.rating.reviews} review(s)` : 'no reviews'],
      ]),
    );
    this.say('\nVariants');
    this.say(
      renderTable(product.variants, [
        { key: 'sku', header: 'SKU' },
        { key: 'label', header: 'option' },
        { key: 'size', header: 'size' },
        { key: 'color', header: 'color' },
        { key: 'priceCents', header: 'price', align: 'right', format: (value) => formatCents(Number(value)) },
        { key: 'stock', header: 'stock', align: 'right' },
        { key: 'inventory', header: 'warehouses', format: (_value, row) => row.inventory.map((i) => `${i.warehouse}: ${i.available}${i.reserved > 0 ? ` (${i.reserved} reserved)` : ''}`).join(', ') },
        { key: 'isActive', header: 'active', format: (value) => (value ? 'yes' : c.dim('no')) },
      ]),
    );
    if (product.promotions.length > 0) {
      this.say('\nPromotions now');
      this.say(
        renderTable(product.promotions, [
          { key: 'name', header: 'promotion' },
          { key: 'percentOff', header: '% off', align: 'right' },
          { key: 'appliesTo', header: 'applies to' },
          { key: 'endsAt', header: 'until', format: (value) => String(value).slice(0, 10) },
        ]),
      );
    }
    return product;
  }
}
