import { StoreCommand } from '../../lib/base-command';
import { isTty } from '../../lib/render';
import { presentRefresh } from '../../presenters/report';
import { refreshReports, type RefreshResult } from '../../services/reports/refresh';

export default class ReportsRefresh extends StoreCommand {
  static summary = 'Recompute the materialized views the fast reports read, without blocking readers.';
  static description = `Refreshes every mv_… view CONCURRENTLY in one transaction: reports keep reading the previous data meanwhile, and all views then hold the same instant, which reports read with --fast (or on large data) show as "data as of". Prints how long each view took.

Needs a database login that owns the views (the one that ran db:migrate): the read-only store_reporting role is refused. Run it from cron before the morning reports.

Exit codes: 6 not allowed (staff and admins; or a database role that does not own the views).`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<RefreshResult> {
    await this.parse(ReportsRefresh);
    const context = await this.authorizedSql();
    const result = await refreshReports(context);
    this.printReport(() => presentRefresh(result, { tty: isTty() }));
    return result;
  }
}
