import { Flags } from '@oclif/core';
import { csvFlag, reportMode, reportSourceFlags, StoreCommand } from '../../lib/base-command';
import { isTty } from '../../lib/render';
import { presentDaily } from '../../presenters/report';
import { dailyReport, type DailyReport } from '../../services/reports/daily';

export default class ReportsDaily extends StoreCommand {
  static summary = "The morning report for cron: yesterday's sales, top products, low stock, waiting documents.";
  static description = `One day's sales (yesterday in the store's time zone, or --date) with orders, refunds and net, and the change against the same weekday a week before; that day's top 5 products by revenue; variants with fewer than 5 units; medicinal documents pending for more than 48 hours; on a TTY, a sparkline of the 14 days of sales up to the day.

--json prints one document; --csv prints one line per value (section,id,name,metric,value). Neither has anything decorative.

Exit codes: 3 an invalid --date or one after today, 5 --fast on views refreshed in another time zone, 6 not allowed (staff and admins).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --date 2026-11-20',
    'STORE_TOKEN=stk_… <%= config.bin %> <%= command.id %> --json > /var/reports/diario-$(date +%F).json',
  ];

  static flags = {
    date: Flags.string({ summary: 'The day to report (YYYY-MM-DD, store time zone); default yesterday.' }),
    ...reportSourceFlags,
    csv: csvFlag,
  };

  async run(): Promise<DailyReport> {
    const { flags } = await this.parse(ReportsDaily);
    const context = await this.authorizedSql();
    const report = await dailyReport(context, { date: flags.date, mode: reportMode(flags) });
    this.printReport(() => presentDaily(report, { csv: flags.csv, tty: isTty() }));
    return report;
  }
}
