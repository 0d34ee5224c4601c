import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { listLogs, type LogRow } from '../../services/logs/list';

export default class LogsList extends StoreCommand {
  static summary = 'Read the audit trail: who changed what, and when.';
  static description = 'Newest first. Each row has the actor, the action, the table and row changed, and the before/after of the change (never a password or token).';
  static examples = [
    '<%= config.bin %> <%= command.id %> --since 2026-11-01',
    '<%= config.bin %> <%= command.id %> --entity medicinal_documents --entity-id 3 --json',
    '<%= config.bin %> <%= command.id %> --actor admin@store.test --csv > audit.csv',
  ];
  static flags = {
    entity: Flags.string({ summary: 'Only changes to this table (users, medicinal_documents…).' }),
    'entity-id': Flags.integer({ summary: 'Only changes to this row (with --entity).' }),
    actor: Flags.string({ summary: 'Only changes by this user (e-mail or id).' }),
    action: Flags.string({ summary: 'Only this action (users.add, documents.approve…).' }),
    since: Flags.string({ summary: 'From this day on (YYYY-MM-DD, store time zone).' }),
    limit: Flags.integer({ summary: 'At most this many rows.', default: 100 }),
    csv: csvFlag,
  };

  async run(): Promise<{ logs: LogRow[] }> {
    const { flags } = await this.parse(LogsList);
    const context = await this.authorized();
    const logs = await listLogs(context, { entity: flags.entity, entityId: flags['entity-id'], actor: flags.actor, action: flags.action, since: flags.since, limit: flags.limit });
    this.printList(
      logs.map((log) => ({ ...log, meta: JSON.stringify(log.meta) })),
      [
        { key: 'createdAt', header: 'when' },
        { key: 'actor', header: 'actor', format: (v) => String(v ?? '(system)') },
        { key: 'action', header: 'action' },
        { key: 'entity', header: 'entity' },
        { key: 'entityId', header: 'id', align: 'right' },
        { key: 'meta', header: 'change' },
      ],
      { csv: flags.csv, empty: 'No audit rows match.' },
    );
    return { logs };
  }
}
