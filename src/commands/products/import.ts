import * as fs from 'node:fs';
import * as path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { UsageError, ValidationError } from '../../lib/errors';
import { fileProgress } from '../../lib/progress';
import { formatCents, renderTable } from '../../lib/render';
import type { CatalogFormat } from '../../services/catalog/import-format';
import { importCatalog, type ImportResult } from '../../services/catalog/import';

export default class ProductsImport extends StoreCommand {
  static summary = 'Import a catalog file (CSV or JSON): create and update products, variants and stock.';
  static description = `CSV: a header row and one row per variant (and warehouse):
  product_slug,product_name,category_slug,description,image_url,is_active,sku,option_label,price_cents,stock,size,color,warehouse
Product columns repeat on each of their rows and must agree; description, image_url, is_active, size, color and warehouse may be empty (warehouse empty = the default warehouse). stock is the quantity on hand in that warehouse. JSON: an array of products {slug, name, category_slug, description, image_url, is_active, variants: [{sku, option_label, price_cents, stock, size, color, warehouse}]}.

Products match on slug and variants on SKU: a re-import updates in place (a changed price writes price history) and an unchanged file changes nothing. Products absent from the file are left alone unless --deactivate-missing.

All or nothing: a file with any bad row writes nothing and every bad row is reported (row, column, value, reason) on stderr, or under "details" with --json. --dry-run checks the file and prints the plan without writing. The file is streamed into PostgreSQL with COPY and merged with set-based SQL, so memory stays flat and 100,000 rows take seconds.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> catalogo.csv',
    '<%= config.bin %> <%= command.id %> catalogo.csv --dry-run',
    'gunzip -c catalogo.csv.gz | <%= config.bin %> <%= command.id %> - --format csv --json',
    '<%= config.bin %> <%= command.id %> catalogo.json --deactivate-missing',
  ];
  static args = { file: Args.string({ description: 'Path of a .csv or .json file, or - for standard input.', required: true }) };
  static flags = {
    format: Flags.string({ summary: 'File format (default: from the file extension; required with -).', options: ['csv', 'json'] }),
    'dry-run': Flags.boolean({ summary: 'Check the file and print what would change, writing nothing.' }),
    'deactivate-missing': Flags.boolean({ summary: 'Deactivate active products that are not in the file.' }),
  };

  async run(): Promise<ImportResult> {
    const { args, flags } = await this.parse(ProductsImport);
    const fromStdin = args.file === '-';
    const extension = path.extname(args.file).slice(1).toLowerCase();
    const format = (flags.format ?? (fromStdin ? undefined : extension)) as CatalogFormat | undefined;
    if (!format) throw new UsageError('reading standard input needs --format csv or --format json');
    if (format !== 'csv' && format !== 'json') throw new ValidationError(`FILE: ${args.file} is neither .csv nor .json (or say --format)`);
    let totalBytes: number | undefined;
    if (!fromStdin) {
      const stat = fs.statSync(args.file, { throwIfNoEntry: false });
      if (!stat) throw new ValidationError(`FILE: no such file ${args.file}`);
      if (!stat.isFile()) throw new ValidationError(`FILE: ${args.file} is not a file`);
      totalBytes = stat.size;
    }
    const context = await this.authorized();
    const progress = fileProgress({ label: flags['dry-run'] ? 'checking' : 'importing', totalBytes, enabled: !this.jsonEnabled() });
    const source = progress.track(fromStdin ? process.stdin : fs.createReadStream(args.file));
    let result: ImportResult;
    try {
      result = await importCatalog(context, {
        source,
        format,
        sourceName: fromStdin ? '(stdin)' : path.resolve(args.file),
        dryRun: flags['dry-run'],
        deactivateMissing: flags['deactivate-missing'],
        onProgress: (rows) => progress.rows(rows),
      });
    } finally {
      progress.stop();
    }
    this.report(result);
    return result;
  }

  private report(result: ImportResult): void {
    const { products, variants } = result;
    const rate = result.seconds > 0 ? Math.round(result.rows / result.seconds) : result.rows;
    this.say(
      renderTable(
        [
          { what: 'products', create: products.create, update: products.update, unchanged: products.unchanged },
          { what: 'variants', create: variants.create, update: variants.update, unchanged: variants.unchanged },
        ],
        [
          { key: 'what', header: '' },
          { key: 'create', header: result.dryRun ? 'to create' : 'created', align: 'right' },
          { key: 'update', header: result.dryRun ? 'to update' : 'updated', align: 'right' },
          { key: 'unchanged', header: 'unchanged', align: 'right' },
        ],
      ),
    );
    if (result.priceChanges.count > 0) {
      const sample = result.priceChanges.sample.map((p) => `${p.sku} ${formatCents(p.from)} → ${formatCents(p.to)}`).join(', ');
      this.say(`${result.priceChanges.count} price change(s)${result.priceChanges.count > result.priceChanges.sample.length ? `, e.g. ${sample}` : `: ${sample}`}`);
    }
    if (result.stockChanges > 0) this.say(`${result.stockChanges} stock level(s) ${result.dryRun ? 'to set' : 'set'}`);
    if (products.deactivate > 0) this.say(`${products.deactivate} product(s) missing from the file ${result.dryRun ? 'to deactivate' : 'deactivated'}`);
    const verdict = result.dryRun ? 'Dry run: nothing was written.' : result.changed ? 'Imported.' : 'Nothing changed: the catalog already matches the file.';
    this.say(`${verdict} ${result.rows} rows in ${result.seconds.toFixed(2)} s (${rate} rows/s).`);
  }
}
