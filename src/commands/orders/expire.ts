import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { formatCents } from '../../lib/render';
import { expireOrders, type ExpireResult } from '../../services/orders/cancel';

export default class OrdersExpire extends StoreCommand {
  static summary = 'Cancel pending orders older than a given age and free their stock (for cron).';
  static description = `Each stale order is cancelled in a transaction of its own and its reservations released; an order another process is working on at that moment is left for the next run. Prints what it cancelled; nothing when there was nothing to do.

Exit codes: 2 --older-than missing, 3 an invalid duration, 6 not allowed.`;
  static examples = ['<%= config.bin %> <%= command.id %> --older-than 30m', 'STORE_TOKEN=… <%= config.bin %> <%= command.id %> --older-than 2h --json'];

  static flags = {
    'older-than': Flags.string({ summary: 'Age, like 30m, 2h or 1d (at least 1m).', required: true }),
  };

  async run(): Promise<ExpireResult> {
    const { flags } = await this.parse(OrdersExpire);
    const context = await this.authorized();
    const result = await expireOrders(context, { olderThan: flags['older-than'] });
    this.printList(result.cancelled, [
      { key: 'id', header: 'order', align: 'right' },
      { key: 'createdAt', header: 'created' },
      { key: 'amountDueCents', header: 'amount due', align: 'right', format: (v) => formatCents(Number(v)) },
      { key: 'releasedUnits', header: 'units freed', align: 'right' },
    ], { empty: `No pending orders older than ${flags['older-than']}.` });
    return result;
  }
}
