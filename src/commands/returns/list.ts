import { Flags } from '@oclif/core';
import { csvFlag, StoreCommand } from '../../lib/base-command';
import { RETURN_STATUSES } from '../../models/return';
import { DEFAULT_LIST_LIMIT, listReturns, MAX_LIST_LIMIT, type ListReturnsResult } from '../../services/orders/returns';

export default class ReturnsList extends StoreCommand {
  static summary = 'List returns, optionally by status or order.';
  static description = `Requested and approved returns (waiting for staff) are listed oldest first; any other listing newest first.

Exit codes: 2 an unknown --status, 3 an invalid --order or --limit, 4 no such order, 6 not allowed (staff and admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --status requested',
    '<%= config.bin %> <%= command.id %> --order 1042 --json',
    '<%= config.bin %> <%= command.id %> --status received --csv > devoluciones.csv',
  ];

  static flags = {
    status: Flags.option({ options: RETURN_STATUSES, summary: 'Only returns with this status.' })(),
    order: Flags.string({ summary: 'Only returns of this order (id).' }),
    limit: Flags.integer({ summary: `At most this many returns (1-${MAX_LIST_LIMIT}).`, default: DEFAULT_LIST_LIMIT }),
    csv: csvFlag,
  };

  async run(): Promise<ListReturnsResult> {
    const { flags } = await this.parse(ReturnsList);
    const context = await this.authorized();
    const result = await listReturns(context, { status: flags.status, orderId: flags.order, limit: flags.limit });
    this.printList(
      result.returns,
      [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'orderId', header: 'order', align: 'right' },
        { key: 'orderItemId', header: 'line', align: 'right' },
        { key: 'customerEmail', header: 'customer' },
        { key: 'sku', header: 'SKU' },
        { key: 'quantity', header: 'units', align: 'right' },
        { key: 'status', header: 'status' },
        { key: 'reason', header: 'reason' },
        { key: 'requestedAt', header: 'requested' },
      ],
      { csv: flags.csv, empty: 'No returns match.' },
    );
    return result;
  }
}
