/** stock:adjust — units arrived (+N) or left (-N) outside an order: breakage, samples, a delivery. */
import { z } from 'zod';
import { validate } from '../../lib/validation';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { addUnits, openShelf, removeUnits, variantStock, type StockChange } from './inventory';
import { delta, reason, sku, warehouseReference } from './schemas';
import { retryingTransaction } from './transaction';

const schema = z.object({ sku, warehouse: warehouseReference.optional(), delta, reason });

export type AdjustStockInput = z.input<typeof schema>;

/**
 * One atomic statement changes the row, so concurrent adjustments never take the shelf
 * below what pending orders reserved (or below zero): of twelve "-1" on five units, five
 * succeed and seven are refused.
 */
export async function adjustStock(context: ServiceContext, raw: AdjustStockInput): Promise<StockChange> {
  const input = validate(schema, raw);
  const { sequelize } = context;
  return retryingTransaction(sequelize, async (transaction) => {
    const shelf = await openShelf(sequelize, transaction, input.sku, input.warehouse);
    const after = input.delta > 0 ? await addUnits(shelf, input.delta) : await removeUnits(shelf, -input.delta);
    const before = { available: after.available - input.delta, reserved: after.reserved };
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'stock.adjust',
      entity: 'inventory',
      entityId: after.id,
      before: { quantity_available: before.available },
      after: { quantity_available: after.available },
      meta: { sku: shelf.sku, warehouse: shelf.warehouse.name, delta: input.delta, reason: input.reason },
    });
    return {
      sku: shelf.sku,
      variantId: shelf.variantId,
      inventoryId: after.id,
      warehouse: { id: shelf.warehouse.id, name: shelf.warehouse.name },
      before,
      after: { available: after.available, reserved: after.reserved },
      change: input.delta,
      variantStock: await variantStock(shelf),
      reason: input.reason,
    };
  });
}
