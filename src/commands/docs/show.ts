import { Args } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { renderKeyValue } from '../../lib/render';
import { formatRut } from '../../lib/rut';
import { showDocument, type DocumentDetail } from '../../services/documents/show';

/** A document beside its customer, as show prints it and the review queue offers it. */
export function documentCard({ document, user, eligibility }: DocumentDetail): string {
  const review =
    document.status === 'pending'
      ? `pending since ${document.submittedOn}`
      : `${document.status} by ${document.reviewerEmail ?? '?'} on ${document.reviewedOn}${document.validUntil ? `, valid until ${document.validUntil}` : ''}`;
  const pairs: Array<[string, string]> = [
    ['document', `${document.id} (${document.type}), submitted ${document.submittedOn}`],
    ['status', review],
    ['file', document.fileUrl],
  ];
  if (document.fileSha256) pairs.push(['sha256', document.fileSha256]);
  if (document.notes) pairs.push(['notes', document.notes]);
  pairs.push(
    ['customer', `${user.name} <${user.email}>${user.isActive ? '' : ' (deactivated)'}`],
    ['RUT', formatRut(user.rut)],
    ['eligible', `${eligibility.eligible ? 'yes' : 'no'}: ${eligibility.reason}`],
  );
  return renderKeyValue(pairs);
}

export default class DocsShow extends StoreCommand {
  static summary = 'Show a medicinal document, its customer and whether they may buy medicinal products.';
  static description = `Prints the document (file, status, reviewer, validity, notes), its customer (name, e-mail, RUT) and the customer's medicinal eligibility today.

Exit codes: 3 the id is not a number, 4 no such document, 6 not allowed.`;
  static examples = ['<%= config.bin %> <%= command.id %> 12', '<%= config.bin %> <%= command.id %> 12 --json'];

  static args = {
    id: Args.string({ required: true, description: 'The document id.' }),
  };

  async run(): Promise<DocumentDetail> {
    const { args } = await this.parse(DocsShow);
    const context = await this.authorized();
    const detail = await showDocument(context, { id: args.id });
    this.say(documentCard(detail));
    return detail;
  }
}
