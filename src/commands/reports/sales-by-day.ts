import { Flags } from '@oclif/core';
import { csvFlag, reportMode, reportSourceFlags, StoreCommand } from '../../lib/base-command';
import { isTty } from '../../lib/render';
import { presentSalesByDay } from '../../presenters/report';
import { salesByDay, type SalesByDayReport } from '../../services/reports/sales-by-day';

export default class ReportsSalesByDay extends StoreCommand {
  static summary = 'Sales, refunds and net per day (view_sales_by_day).';
  static description = `A sale is an order paid, shipped or delivered (not pending, failed or cancelled, even if it was paid before being cancelled), counted on the day it was paid in the store's time zone (STORE_TIMEZONE, America/Santiago by default), for its merchandise after discounts, without shipping. Refunds count on the day they were given, on orders that still count as sales; net = sales - refunds. Only days with sales or refunds are listed.

The range: --since and --until (both included); --days N is N days from --since, or the N days up to --until (default today); with neither, the last 30 days.

Exit codes: 2 --days with both --since and --until, 3 an invalid date or --until before --since, 5 --fast on views refreshed in another time zone, 6 not allowed (staff and admins).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --since 2026-11-01 --until 2026-11-30',
    '<%= config.bin %> <%= command.id %> --days 7 --csv > ventas.csv',
    '<%= config.bin %> <%= command.id %> --since 2026-01-01 --fast --json',
  ];

  static flags = {
    since: Flags.string({ summary: 'First day (YYYY-MM-DD, store time zone).' }),
    until: Flags.string({ summary: 'Last day (YYYY-MM-DD); default today.', exclusive: ['days'] }),
    days: Flags.integer({ summary: 'Number of days (default 30).' }),
    ...reportSourceFlags,
    csv: csvFlag,
  };

  async run(): Promise<SalesByDayReport> {
    const { flags } = await this.parse(ReportsSalesByDay);
    const context = await this.authorizedSql();
    const report = await salesByDay(context, { since: flags.since, until: flags.until, days: flags.days, mode: reportMode(flags) });
    this.printReport(() => presentSalesByDay(report, { csv: flags.csv, tty: isTty() }));
    return report;
  }
}
