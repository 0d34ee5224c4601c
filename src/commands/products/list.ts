import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { colour, formatCents } from '../../lib/render';
import { DEFAULT_LOW_STOCK, listProducts, type ProductListRow } from '../../services/catalog/products-list';

/** `--low-stock` alone means the default threshold: oclif flags cannot take an optional value. */
function withLowStockDefault(argv: string[]): string[] {
  return argv.flatMap((arg, i) => {
    const next = argv[i + 1];
    const bare = arg === '--low-stock' && (next === undefined || (next.startsWith('-') && !/^-\d/.test(next)));
    return bare ? [arg, String(DEFAULT_LOW_STOCK)] : [arg];
  });
}

export default class ProductsList extends StoreCommand {
  static summary = 'List products with their variants count, lowest price and stock.';
  static description = `Active products by default (--inactive, --all). --category includes its subcategories; --medicinal and --no-medicinal go by the category; --low-stock [N] keeps products with an active variant below N units (default ${DEFAULT_LOW_STOCK}); --search finds text in the name, slug or a SKU.

Sorted by slug. Counts, prices and stock are of the active variants. Prices are shown as pesos in the table and as integer cents in --json and --csv.

Exit codes: 3 invalid --limit or --low-stock, 4 no such category, 6 not allowed.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --category semillas',
    '<%= config.bin %> <%= command.id %> --low-stock',
    '<%= config.bin %> <%= command.id %> --low-stock 10 --medicinal --csv > reponer.csv',
    '<%= config.bin %> <%= command.id %> --search indica --all --json',
  ];

  static flags = {
    category: Flags.string({ summary: 'Only this category and its subcategories (slug).' }),
    active: Flags.boolean({ summary: 'Only active products (the default).', exclusive: ['inactive', 'all'] }),
    inactive: Flags.boolean({ summary: 'Only deactivated products.', exclusive: ['active', 'all'] }),
    all: Flags.boolean({ summary: 'Active and deactivated products.', exclusive: ['active', 'inactive'] }),
    medicinal: Flags.boolean({ summary: 'Only products in medicinal categories (--no-medicinal: only open ones).', allowNo: true }),
    'low-stock': Flags.integer({ summary: `Only products with an active variant below N units [default N: ${DEFAULT_LOW_STOCK}].`, helpValue: 'N' }),
    search: Flags.string({ summary: 'Text in the name, slug or a SKU.' }),
    limit: Flags.integer({ summary: 'At most this many products.', default: 1000 }),
    csv: csvFlag,
  };

  async run(): Promise<{ products: ProductListRow[] }> {
    const { flags } = await this.parse(ProductsList, withLowStockDefault(this.argv));
    const context = await this.authorized();
    const products = await listProducts(context, {
      category: flags.category,
      status: flags.all ? 'all' : flags.inactive ? 'inactive' : 'active',
      medicinal: flags.medicinal,
      lowStock: flags['low-stock'],
      search: flags.search,
      limit: flags.limit,
    });
    const c = colour();
    this.printList(
      products,
      [
        { key: 'slug', header: 'slug' },
        { key: 'name', header: 'name' },
        { key: 'category', header: 'category', format: (value, row) => `${String(value)}${row.isMedicinal ? ` ${c.yellow('(medicinal)')}` : ''}` },
        { key: 'variants', header: 'variants', align: 'right' },
        { key: 'minPriceCents', header: 'from', align: 'right', format: (value) => (value === null ? '' : formatCents(Number(value))) },
        { key: 'totalStock', header: 'stock', align: 'right' },
        { key: 'isActive', header: 'active', format: (value) => (value ? 'yes' : c.dim('no')) },
      ],
      { csv: flags.csv, empty: 'No products match.' },
    );
    return { products };
  }
}
