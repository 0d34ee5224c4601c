import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { when } from '../../services/marketing/describe';
import { listPromotions, type PromotionList, type PromotionRow } from '../../services/marketing/promotions';

export default class PromotionsList extends StoreCommand {
  static summary = 'List promotions with what they apply to, their dates and status.';
  static description = `Status, at this moment: active (applying now), scheduled (not started), expired (past its end), disabled (switched off with promotions:disable). Dates are shown in the store time zone (America/Santiago by default); an end is exclusive: a promotion added with --ends 2026-12-31 shows 2027-01-01 00:00. --json and --csv give the instants in ISO form (UTC). Oldest first.

Exit codes: 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --active', '<%= config.bin %> <%= command.id %> --json'];

  static flags = {
    active: Flags.boolean({ summary: 'Only promotions applying now (status active).' }),
    csv: csvFlag,
  };

  async run(): Promise<PromotionList> {
    const { flags } = await this.parse(PromotionsList);
    const context = await this.authorized();
    const list = await listPromotions(context, { active: flags.active });
    const zone = list.timeZone;
    const slugs = (v: unknown) => (v as string[]).join(' ');
    this.printList<PromotionRow>(
      list.promotions,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'name', header: 'name' },
        { key: 'appliesTo', header: 'applies to' },
        { key: 'percentOff', header: 'percent', align: 'right', format: (v) => `${v as number}%` },
        { key: 'products', header: 'products', format: slugs },
        { key: 'categories', header: 'categories', format: slugs },
        { key: 'startsAt', header: `starts (${zone})`, format: (v) => when(v as string, zone, '') },
        { key: 'endsAt', header: 'ends', format: (v) => when(v as string, zone, '') },
        { key: 'status', header: 'status' },
      ],
      { csv: flags.csv, empty: flags.active ? 'No promotion is running now.' : 'No promotions yet: add one with `store promotions:add`.' },
    );
    return list;
  }
}
