import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { NotFoundError, RuleViolation, UsageError, ValidationError } from '../../lib/errors';
import { prompt, type Choice } from '../../lib/prompt';
import { isoDate } from '../../lib/validation';
import type { ServiceContext } from '../../services/context';
import { nextPendingDocument } from '../../services/documents/queue';
import { approveDocument, DEFAULT_VALIDITY, defaultValidUntil, rejectDocument } from '../../services/documents/review';
import { documentCard } from './show';

export interface ReviewSummary {
  approved: number[];
  rejected: number[];
  /** Skipped by the reviewer, or handled by someone else meanwhile. */
  skipped: number[];
}

type Action = 'approve' | 'reject' | 'skip' | 'quit';

const ACTIONS: Array<Choice<Action>> = [
  { value: 'approve', name: 'Approve', description: `The customer may buy medicinal products until the day you give (default today + ${DEFAULT_VALIDITY}).` },
  { value: 'reject', name: 'Reject', description: 'You give the reason, which the customer will see.' },
  { value: 'skip', name: 'Skip', description: 'Leave it pending and go to the next one.' },
  { value: 'quit', name: 'Quit', description: 'Stop here and print the summary.' },
];

/** Ctrl-C in a prompt: stop reviewing, keep what was done. */
function isPromptClosed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

export default class DocsReview extends StoreCommand {
  static summary = 'Review pending medicinal documents one by one (interactive).';
  static description = `Offers each pending document, oldest first, beside its customer (name, e-mail, RUT) and their eligibility, and asks what to do: approve (asks the last valid day, default today + ${DEFAULT_VALIDITY}), reject (asks the reason), skip, or quit. Ends with a summary of what you did. A document another reviewer handles meanwhile is not offered, or is skipped with a note.

Needs a terminal: scripts use docs:approve and docs:reject.

Exit codes: 2 not on a terminal, 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --limit 10'];

  static flags = {
    limit: Flags.integer({ min: 1, summary: 'Offer at most this many documents.' }),
  };

  async run(): Promise<ReviewSummary> {
    const { flags } = await this.parse(DocsReview);
    const context = await this.authorized();
    if (!prompt.interactive()) throw new UsageError('docs:review is interactive: use docs:approve or docs:reject in scripts');
    const summary: ReviewSummary = { approved: [], rejected: [], skipped: [] };
    const offered: number[] = [];
    try {
      while (flags.limit === undefined || offered.length < flags.limit) {
        const detail = await nextPendingDocument(context, { excludeIds: offered });
        if (!detail) {
          this.tell(offered.length === 0 ? 'No documents are waiting for review.' : 'No more documents are waiting for review.');
          break;
        }
        const { id } = detail.document;
        offered.push(id);
        this.tell(`\n${documentCard(detail)}`);
        const action = await prompt.select(`Document ${id}:`, ACTIONS);
        if (action === 'quit') break;
        if (action === 'skip') {
          summary.skipped.push(id);
          continue;
        }
        try {
          if (action === 'approve') {
            await this.approve(context, id);
            summary.approved.push(id);
          } else {
            await this.reject(context, id);
            summary.rejected.push(id);
          }
        } catch (error) {
          // Another reviewer won the race (or the document is gone): nothing changed here.
          if (!(error instanceof RuleViolation || error instanceof NotFoundError)) throw error;
          this.tell(`${error.message}; skipped.`);
          summary.skipped.push(id);
        }
      }
    } catch (error) {
      if (!isPromptClosed(error)) throw error;
    }
    this.say(`Reviewed: ${summary.approved.length} approved, ${summary.rejected.length} rejected, ${summary.skipped.length} skipped`);
    return summary;
  }

  private async approve(context: ServiceContext, id: number): Promise<void> {
    const suggested = await defaultValidUntil(context);
    for (;;) {
      const validUntil = await prompt.input('Valid until (YYYY-MM-DD):', {
        default: suggested,
        validate: (value) => isoDate.safeParse(value).success || 'must be a real date written YYYY-MM-DD',
      });
      try {
        const { document, eligibility } = await approveDocument(context, { id, validUntil });
        this.tell(`Approved document ${id}, valid until ${document.validUntil}. ${document.userEmail}: ${eligibility.reason}`);
        return;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.tell(error.message.replace(/^--valid-until: /, 'The day '));
      }
    }
  }

  private async reject(context: ServiceContext, id: number): Promise<void> {
    for (;;) {
      const notes = await prompt.input('Reason (the customer will see it):', {
        validate: (value) => value.trim().length > 0 || 'a reason is required',
      });
      try {
        const { document } = await rejectDocument(context, { id, notes });
        this.tell(`Rejected document ${id} of ${document.userEmail}.`);
        return;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.tell(error.message.replace(/^--notes: /, 'The reason '));
      }
    }
  }

  /** Beside the prompts on stderr, even under --json: the reviewer needs it to decide. */
  private tell(message: string): void {
    process.stderr.write(`${message}\n`);
  }
}
