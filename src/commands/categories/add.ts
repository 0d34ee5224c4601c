import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { addCategory, type AddedCategory } from '../../services/catalog/categories';

export default class CategoriesAdd extends StoreCommand {
  static summary = 'Add a category, at the root or under a parent.';
  static description = `The slug is made from the name when --slug is not given (accents folded: "Flores Índicas" → flores-indicas; -2, -3… if taken). A given slug must be lower-case letters and digits joined by dashes, and free.

A subcategory inherits the parent's medicinal status (products in a medicinal category are sold only to validated buyers) unless --medicinal or --no-medicinal says otherwise; a root category is not medicinal unless --medicinal.

Exit codes: 3 invalid name or slug, 4 no such parent, 5 slug already taken, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --name "Flores Índicas" --parent medicinal',
    '<%= config.bin %> <%= command.id %> --name Accesorios --slug accesorios',
    '<%= config.bin %> <%= command.id %> --name "Semillas CBD" --parent medicinal --no-medicinal',
  ];

  static flags = {
    name: Flags.string({ summary: 'Name shown to people.', required: true }),
    slug: Flags.string({ summary: 'URL-safe key (default: made from the name).' }),
    parent: Flags.string({ summary: 'Slug of the parent category (default: a root category).' }),
    medicinal: Flags.boolean({ summary: 'Medicinal (or with --no-medicinal, open) regardless of the parent.', allowNo: true }),
  };

  async run(): Promise<AddedCategory> {
    const { flags } = await this.parse(CategoriesAdd);
    const context = await this.authorized();
    const category = await addCategory(context, { name: flags.name, slug: flags.slug, parent: flags.parent, medicinal: flags.medicinal });
    const where = category.parentSlug ? `under ${category.parentSlug}` : 'at the root';
    const medicinal = category.isMedicinal ? `medicinal${category.medicinalInherited ? ' (inherited)' : ''}` : 'not medicinal';
    this.say(`Added category ${category.slug} (${category.name}) ${where}, ${medicinal}.`);
    return category;
  }
}
