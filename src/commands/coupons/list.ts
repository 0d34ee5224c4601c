import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { listCoupons, type CouponList, type CouponRow } from '../../services/marketing/coupons';
import { couponUses, when } from '../../services/marketing/describe';

export default class CouponsList extends StoreCommand {
  static summary = 'List discount codes with their uses, dates and status.';
  static description = `Status, at this moment: valid (usable now), scheduled (not started), expired (past its end), exhausted (every use taken), disabled (switched off with coupons:disable). Dates are shown in the store time zone (America/Santiago by default); an end is exclusive: a coupon added with --ends 2026-12-31 shows 2027-01-01 00:00. --json and --csv give the instants in ISO form (UTC) and amounts in cents. Sorted by code.

Exit codes: 6 not allowed (staff and admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --active', '<%= config.bin %> <%= command.id %> --csv > cupones.csv'];

  static flags = {
    active: Flags.boolean({ summary: 'Only coupons usable now (status valid).' }),
    csv: csvFlag,
  };

  async run(): Promise<CouponList> {
    const { flags } = await this.parse(CouponsList);
    const context = await this.authorized();
    const list = await listCoupons(context, { active: flags.active });
    const zone = list.timeZone;
    this.printList<CouponRow>(
      list.coupons,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'code', header: 'code' },
        { key: 'type', header: 'type' },
        { key: 'percentValue', header: 'percent', align: 'right', format: (v) => (v === null ? '' : `${v as number}%`) },
        { key: 'valueCents', header: 'amount', align: 'right', format: (v) => (v === null ? '' : formatCents(v as number)) },
        { key: 'minOrderCents', header: 'min order', align: 'right', format: (v) => formatCents(v as number) },
        { key: 'startsAt', header: `starts (${zone})`, format: (v) => when(v as string | null, zone, '') },
        { key: 'endsAt', header: 'ends', format: (v) => when(v as string | null, zone, '') },
        { key: 'usedCount', header: 'used', align: 'right', format: (_v, row) => couponUses(row) },
        { key: 'usageLimit', header: 'limit', align: 'right', format: (v) => (v === null ? '' : String(v)) },
        { key: 'status', header: 'status' },
      ],
      { csv: flags.csv, empty: flags.active ? 'No coupon is usable now.' : 'No coupons yet: add one with `store coupons:add`.' },
    );
    return list;
  }
}
