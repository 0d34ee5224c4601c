/** TEMPORARY stub with the agreed interface; replaced by the refunds service (branch returns). */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { RuleViolation } from '../../lib/errors';

export interface RefundResult {
  refunds: Array<{ id: number; paymentId: number; amountCents: number }>;
  totalCents: number;
}

export async function refundOrderPayments(
  _sequelize: Sequelize,
  _transaction: Transaction,
  _input: { orderId: number; amountCents: number | 'all'; reason: string; actorId: number | null },
): Promise<RefundResult> {
  throw new RuleViolation('refunds are not supported yet');
}
