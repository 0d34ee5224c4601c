/**
 * The review queue: the oldest pending document, read afresh each time so that one another
 * reviewer has just handled is not offered again.
 */
import type { ServiceContext } from '../context';
import { documentRows } from './rows';
import { describeDocument, type DocumentDetail } from './show';

export async function nextPendingDocument(context: ServiceContext, options: { excludeIds?: number[] } = {}): Promise<DocumentDetail | undefined> {
  const [document] = await documentRows(context.sequelize, { status: 'pending', excludeIds: options.excludeIds, oldestFirst: true, limit: 1 });
  return document ? describeDocument(context.sequelize, document) : undefined;
}
