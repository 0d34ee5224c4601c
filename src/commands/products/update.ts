import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { updateProduct, type UpdatedProduct } from '../../services/catalog/products';

export default class ProductsUpdate extends StoreCommand {
  static summary = 'Change a product: name, slug, description, image, category, active.';
  static description = `Only the flags given change; an empty --description or --image-url clears it. A new slug must be free. --active puts a deactivated product back on sale (--no-active hides it, like products:deactivate). Variants change with variants:update, stock with stock:*.

Exit codes: 3 invalid value or nothing to change, 4 no such product or category, 5 slug already taken, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> semilla-indica --name "Semilla Índica Feminizada"',
    '<%= config.bin %> <%= command.id %> semilla-indica --category semillas-feminizadas --image-url https://cdn.tienda.cl/indica.jpg',
    '<%= config.bin %> <%= command.id %> semilla-indica --active',
  ];

  static args = { slug: Args.string({ description: 'Slug of the product.', required: true }) };
  static flags = {
    name: Flags.string({ summary: 'New name.' }),
    slug: Flags.string({ summary: 'New slug.' }),
    description: Flags.string({ summary: 'New description ("" clears it).' }),
    'image-url': Flags.string({ summary: 'New picture, an https:// URL ("" clears it).' }),
    category: Flags.string({ summary: 'Slug of the new category.' }),
    active: Flags.boolean({ summary: 'Reactivate (--active) or deactivate (--no-active) the product.', allowNo: true }),
  };

  async run(): Promise<UpdatedProduct> {
    const { args, flags } = await this.parse(ProductsUpdate);
    const context = await this.authorized();
    const product = await updateProduct(context, args.slug, {
      name: flags.name,
      slug: flags.slug,
      description: flags.description,
      imageUrl: flags['image-url'],
      category: flags.category,
      active: flags.active,
    });
    this.say(product.changed.length > 0 ? `Updated product ${product.slug}: ${product.changed.join(', ')}.` : `Nothing changed for product ${product.slug}.`);
    return product;
  }
}
