import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { listOrders, type OrderListRow } from '../../services/orders/list';

export default class OrdersList extends StoreCommand {
  static summary = 'List orders by status, buyer and day.';
  static description = `Days are calendar days in the store's time zone (America/Santiago); --since and --until are both included.

Exit codes: 3 an invalid filter, 4 no such user, 6 not allowed.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --status pending',
    '<%= config.bin %> <%= command.id %> --user cliente@store.test --since 2026-11-01 --until 2026-11-30',
    '<%= config.bin %> <%= command.id %> --status paid --csv > pagados.csv',
  ];

  static flags = {
    status: Flags.string({ summary: 'pending, paid, failed, shipped, delivered or cancelled.' }),
    user: Flags.string({ summary: 'Only orders of this buyer (e-mail or id).' }),
    since: Flags.string({ summary: 'Created on or after this day (YYYY-MM-DD).' }),
    until: Flags.string({ summary: 'Created on or before this day (YYYY-MM-DD).' }),
    limit: Flags.integer({ summary: 'At most this many orders.', default: 1000 }),
    csv: csvFlag,
  };

  async run(): Promise<OrderListRow[]> {
    const { flags } = await this.parse(OrdersList);
    const context = await this.authorized();
    const rows = await listOrders(context, { status: flags.status, user: flags.user, since: flags.since, until: flags.until, limit: flags.limit });
    const money = (v: unknown) => (flags.csv ? String(v) : formatCents(Number(v)));
    this.printList(rows, [
      { key: 'id', header: 'id', align: 'right' },
      { key: 'createdAt', header: 'created' },
      { key: 'user', header: 'buyer' },
      { key: 'status', header: 'status' },
      { key: 'items', header: 'units', align: 'right' },
      { key: 'totalCents', header: 'total', align: 'right', format: money },
      { key: 'discountCents', header: 'discount', align: 'right', format: money },
      { key: 'shippingPriceCents', header: 'shipping', align: 'right', format: money },
      { key: 'amountDueCents', header: 'amount due', align: 'right', format: money },
    ], { csv: flags.csv, empty: 'No orders match.' });
    return rows;
  }
}
