import { Flags } from '@oclif/core';
import { csvFlag, reportMode, reportSourceFlags, StoreCommand } from '../../lib/base-command';
import { isTty } from '../../lib/render';
import { presentTopProducts } from '../../presenters/report';
import { topProducts, type TopProductsReport } from '../../services/reports/top-products';

export default class ReportsTopProducts extends StoreCommand {
  static summary = 'Best-selling products by revenue (view_top_products).';
  static description = `Units sold and revenue per product over orders paid, shipped or delivered; revenue is the lines' list totals, before order discounts. Best revenue first, then units. --since and --until (both included) are days the orders were paid, in the store's time zone; without them, all time. --category keeps products of that category and every category below it. The totals row counts every product sold, not only those listed.

A date range is always read live (the materialized copy holds all-time totals).

Exit codes: 2 --fast with --since/--until, 3 an invalid date or --limit, 4 no such category, 6 not allowed (staff and admins).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --limit 20 --since 2026-11-01 --until 2026-11-30',
    '<%= config.bin %> <%= command.id %> --category medicinal --csv > top-medicinal.csv',
  ];

  static flags = {
    limit: Flags.integer({ summary: 'How many products to list (default 10).', default: 10 }),
    since: Flags.string({ summary: 'Orders paid on or after this day (YYYY-MM-DD, store time zone).' }),
    until: Flags.string({ summary: 'Orders paid on or before this day (YYYY-MM-DD, store time zone).' }),
    category: Flags.string({ summary: 'Only products of this category (slug) and its subcategories.' }),
    ...reportSourceFlags,
    csv: csvFlag,
  };

  async run(): Promise<TopProductsReport> {
    const { flags } = await this.parse(ReportsTopProducts);
    const context = await this.authorizedSql();
    const report = await topProducts(context, { limit: flags.limit, since: flags.since, until: flags.until, category: flags.category, mode: reportMode(flags) });
    this.printReport(() => presentTopProducts(report, { csv: flags.csv, tty: isTty() }));
    return report;
  }
}
