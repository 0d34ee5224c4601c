import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { DOCUMENT_STATUSES } from '../../models/medicinal-document';
import { DEFAULT_LIST_LIMIT, listDocuments, MAX_LIST_LIMIT, type ListDocumentsResult } from '../../services/documents/list';

export default class DocsList extends StoreCommand {
  static summary = 'List medicinal documents, optionally by status or customer.';
  static description = `Pending documents are listed oldest first (the order they wait in); any other listing newest first. Dates are days in the store's time zone.

Exit codes: 3 invalid --limit, 4 no such user (--user), 6 not allowed.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --status pending',
    '<%= config.bin %> <%= command.id %> --user ana@example.cl',
    '<%= config.bin %> <%= command.id %> --status approved --csv > aprobados.csv',
  ];

  static flags = {
    status: Flags.option({ options: DOCUMENT_STATUSES, summary: 'Only documents with this status.' })(),
    user: Flags.string({ summary: "Only this customer's documents (e-mail or id)." }),
    limit: Flags.integer({ summary: `At most this many documents (1-${MAX_LIST_LIMIT}).`, default: DEFAULT_LIST_LIMIT }),
    csv: csvFlag,
  };

  async run(): Promise<ListDocumentsResult> {
    const { flags } = await this.parse(DocsList);
    const context = await this.authorized();
    const result = await listDocuments(context, { status: flags.status, user: flags.user, limit: flags.limit });
    this.printList(
      result.documents,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'userEmail', header: 'user' },
        { key: 'type', header: 'type' },
        { key: 'status', header: 'status' },
        { key: 'submittedOn', header: 'submitted' },
        { key: 'reviewerEmail', header: 'reviewed by' },
        { key: 'validUntil', header: 'valid until' },
      ],
      { csv: flags.csv, empty: 'No documents match.' },
    );
    return result;
  }
}
