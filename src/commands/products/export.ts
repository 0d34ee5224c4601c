import * as fs from 'node:fs';
import * as path from 'node:path';
import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { ValidationError } from '../../lib/errors';
import { cannotWrite } from '../../lib/files';
import { exportCatalog } from '../../services/catalog/export';
import type { CatalogFormat } from '../../services/catalog/import-format';

export default class ProductsExport extends StoreCommand {
  static summary = 'Export the catalog in the import format (CSV or JSON), streamed.';
  static description = 'Writes what products:import reads: importing the export into an empty catalog (with the same categories and warehouses) reproduces it. To stdout by default; --output writes a file (atomically: a partial file never replaces a good one).';
  static examples = [
    '<%= config.bin %> <%= command.id %> > catalogo.csv',
    '<%= config.bin %> <%= command.id %> --format json --output catalogo.json',
    '<%= config.bin %> <%= command.id %> --active-only | gzip > activos.csv.gz',
  ];
  static flags = {
    format: Flags.string({ summary: 'csv or json (default: from --output, else csv).', options: ['csv', 'json'] }),
    output: Flags.string({ char: 'o', summary: 'Write to this file instead of stdout.' }),
    'active-only': Flags.boolean({ summary: 'Only active products.' }),
  };
  // The output is the data itself, so --json does not apply.
  static enableJsonFlag = false;

  async run(): Promise<void> {
    const { flags } = await this.parse(ProductsExport);
    const fromName = flags.output ? path.extname(flags.output).slice(1).toLowerCase() : undefined;
    const format = (flags.format ?? (fromName === 'json' ? 'json' : 'csv')) as CatalogFormat;
    if (flags.output && fromName && !['csv', 'json'].includes(fromName) && !flags.format) {
      throw new ValidationError(`--output: ${flags.output} is neither .csv nor .json (or say --format)`);
    }
    const context = await this.authorized();
    if (!flags.output) {
      await exportCatalog(context, { format, out: process.stdout, activeOnly: flags['active-only'] });
      return;
    }
    const target = path.resolve(flags.output);
    const scratch = `${target}.${process.pid}.partial`;
    let fd: number;
    try {
      fd = fs.openSync(scratch, 'w', 0o644);
    } catch (error) {
      throw cannotWrite('--output', flags.output, error);
    }
    const out = fs.createWriteStream('', { fd });
    try {
      await exportCatalog(context, { format, out, activeOnly: flags['active-only'] });
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      try {
        fs.renameSync(scratch, target);
      } catch (error) {
        throw cannotWrite('--output', flags.output, error);
      }
    } catch (error) {
      out.destroy();
      fs.rmSync(scratch, { force: true });
      throw error;
    }
    this.note(`Wrote ${flags.output}.`);
  }
}
