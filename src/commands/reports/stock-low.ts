import { Flags } from '@oclif/core';
import { csvFlag, reportMode, reportSourceFlags, StoreCommand } from '../../lib/base-command';
import { isTty } from '../../lib/render';
import { presentStockLow } from '../../presenters/report';
import { stockLow, type StockLowReport } from '../../services/reports/stock-low';

export default class ReportsStockLow extends StoreCommand {
  static summary = 'Variants running out of stock (view_stock_low).';
  static description = `Active variants of active products with fewer than --threshold units in stock (5 by default), fewest first. Stock is the sellable total over every warehouse (product_variants.stock).

Exit codes: 2 --fast with a threshold above 5, 3 an invalid --threshold, 6 not allowed (staff and admins).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --threshold 10',
    '<%= config.bin %> <%= command.id %> --csv > reponer.csv',
  ];

  static flags = {
    threshold: Flags.integer({ summary: 'List variants with fewer units than this.', default: 5 }),
    ...reportSourceFlags,
    csv: csvFlag,
  };

  async run(): Promise<StockLowReport> {
    const { flags } = await this.parse(ReportsStockLow);
    const context = await this.authorizedSql();
    const report = await stockLow(context, { threshold: flags.threshold, mode: reportMode(flags) });
    this.printReport(() => presentStockLow(report, { csv: flags.csv, tty: isTty() }));
    return report;
  }
}
