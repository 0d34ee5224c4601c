import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { rejectDocument, type ReviewResult } from '../../services/documents/review';

export default class DocsReject extends StoreCommand {
  static summary = 'Reject a pending medicinal document, saying why.';
  static description = `The reason (--notes) is kept with the document for the customer. Only a pending document can be rejected; if another reviewer got there first, nothing changes and you are told who did.

Exit codes: 2 --notes missing, 3 invalid id or empty notes, 4 no such document, 5 already reviewed, 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> 12 --notes "La receta está vencida"'];

  static args = {
    id: Args.string({ required: true, description: 'The document id.' }),
  };

  static flags = {
    notes: Flags.string({ required: true, summary: 'Why it is rejected (shown to the customer).' }),
  };

  async run(): Promise<ReviewResult> {
    const { args, flags } = await this.parse(DocsReject);
    const context = await this.authorized();
    const result = await rejectDocument(context, { id: args.id, notes: flags.notes });
    const { document, eligibility } = result;
    this.say(`Rejected document ${document.id} (${document.type} of ${document.userEmail}): ${document.notes}`);
    this.note(`${document.userEmail}: ${eligibility.reason}`);
    return result;
  }
}
