import { Flags } from '@oclif/core';
import { csvFlag, reportMode, reportSourceFlags, StoreCommand } from '../../lib/base-command';
import { isTty } from '../../lib/render';
import { presentMedicinalStatus } from '../../presenters/report';
import { medicinalStatus, type MedicinalStatusReport } from '../../services/reports/medicinal-status';

export default class ReportsMedicinalStatus extends StoreCommand {
  static summary = "Customers by their latest medicinal document's status (view_medicinal_status).";
  static description = `Every customer with the status (pending, approved, rejected) and submission time of their latest medicinal document, newest first; "none" for customers without one. --status keeps one of those.

Exit codes: 3 an invalid --status, 6 not allowed (staff and admins).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --status pending',
    '<%= config.bin %> <%= command.id %> --status none --csv > sin-documentos.csv',
  ];

  static flags = {
    status: Flags.string({ summary: 'Only customers whose latest document is pending, approved or rejected, or who have none.' }),
    ...reportSourceFlags,
    csv: csvFlag,
  };

  async run(): Promise<MedicinalStatusReport> {
    const { flags } = await this.parse(ReportsMedicinalStatus);
    const context = await this.authorizedSql();
    const report = await medicinalStatus(context, { status: flags.status, mode: reportMode(flags) });
    this.printReport(() => presentMedicinalStatus(report, { csv: flags.csv, tty: isTty() }));
    return report;
  }
}
