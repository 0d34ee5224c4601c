import { csvFlag, StoreCommand } from '../../lib/base-command';
import { colour, isTty } from '../../lib/render';
import { listCategories, type CategoryRow } from '../../services/catalog/categories';

export default class CategoriesList extends StoreCommand {
  static summary = 'List the category tree.';
  static description = `On a terminal, an indented tree (medicinal categories marked). Piped, --csv or --json: one flat row per category, parents before their children, with the parent's slug and the depth (0 for a root) and the number of active products directly in it.`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --csv > categorias.csv', '<%= config.bin %> <%= command.id %> --json'];

  static flags = { csv: csvFlag };

  async run(): Promise<{ categories: CategoryRow[] }> {
    const { flags } = await this.parse(CategoriesList);
    const context = await this.authorized();
    const categories = await listCategories(context);
    if (!flags.csv && isTty() && categories.length > 0) {
      this.say(categoryTree(categories));
    } else {
      this.printList(
        categories,
        [
          { key: 'id', header: 'id', align: 'right' },
          { key: 'slug', header: 'slug' },
          { key: 'name', header: 'name' },
          { key: 'parentSlug', header: 'parent' },
          { key: 'depth', header: 'depth', align: 'right' },
          { key: 'isMedicinal', header: 'medicinal', format: (value) => (value ? 'yes' : 'no') },
          { key: 'products', header: 'products', align: 'right' },
        ],
        { csv: flags.csv, empty: 'No categories yet: add one with `store categories:add --name NAME`.' },
      );
    }
    return { categories };
  }
}

/** Rows arrive depth first, so indenting by depth draws the tree. */
function categoryTree(categories: CategoryRow[]): string {
  const c = colour();
  return categories
    .map((category) => {
      const marks = [category.isMedicinal ? c.yellow('medicinal') : '', category.products > 0 ? `${category.products} product(s)` : ''].filter(Boolean);
      return `${'  '.repeat(category.depth)}${category.name} ${c.dim(`(${category.slug})`)}${marks.length > 0 ? `  ${marks.join(', ')}` : ''}`;
    })
    .join('\n');
}
