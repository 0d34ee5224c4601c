import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { approveDocument, DEFAULT_VALIDITY, MAX_VALIDITY, type ReviewResult } from '../../services/documents/review';

export default class DocsApprove extends StoreCommand {
  static summary = 'Approve a pending medicinal document.';
  static description = `The customer may then buy medicinal products until --valid-until (inclusive): by default ${DEFAULT_VALIDITY} from today, at most ${MAX_VALIDITY} ahead. Only a pending document can be approved; if another reviewer got there first, nothing changes and you are told who did.

Exit codes: 3 invalid id or date, 4 no such document, 5 already reviewed, 6 not allowed (staff and admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> 12',
    '<%= config.bin %> <%= command.id %> 12 --valid-until 2026-12-31 --notes "Receta del Dr. Soto, 3 meses"',
  ];

  static args = {
    id: Args.string({ required: true, description: 'The document id.' }),
  };

  static flags = {
    notes: Flags.string({ summary: 'A note kept with the document.' }),
    'valid-until': Flags.string({ summary: `Last day the approval counts, YYYY-MM-DD. [default: today + ${DEFAULT_VALIDITY}]` }),
  };

  async run(): Promise<ReviewResult> {
    const { args, flags } = await this.parse(DocsApprove);
    const context = await this.authorized();
    const result = await approveDocument(context, { id: args.id, notes: flags.notes, validUntil: flags['valid-until'] });
    const { document, eligibility } = result;
    this.say(`Approved document ${document.id} (${document.type} of ${document.userEmail}), valid until ${document.validUntil}.`);
    this.note(`${document.userEmail}: ${eligibility.reason}`);
    return result;
  }
}
