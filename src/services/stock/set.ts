/** stock:set — a count: the shelf holds exactly this many units now. */
import { z } from 'zod';
import { validate } from '../../lib/validation';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { EMPTY, lockLevel, openShelf, setUnits, variantStock, type StockChange } from './inventory';
import { quantity, reason, sku, warehouseReference } from './schemas';
import { retryingTransaction } from './transaction';

const schema = z.object({ sku, warehouse: warehouseReference.optional(), quantity, reason });

export type SetStockInput = z.input<typeof schema>;

/**
 * Sets the units on the shelf (a deactivated variant can be counted too). Refused when the
 * count is below what pending orders reserved there. A count equal to the current one is
 * still recorded: it is a stock-take with its reason.
 */
export async function setStock(context: ServiceContext, raw: SetStockInput): Promise<StockChange> {
  const input = validate(schema, raw);
  const { sequelize } = context;
  return retryingTransaction(sequelize, async (transaction) => {
    const shelf = await openShelf(sequelize, transaction, input.sku, input.warehouse);
    const before = (await lockLevel(shelf)) ?? EMPTY;
    const after = await setUnits(shelf, before, input.quantity);
    const change: StockChange = {
      sku: shelf.sku,
      variantId: shelf.variantId,
      inventoryId: after.id,
      warehouse: { id: shelf.warehouse.id, name: shelf.warehouse.name },
      before: { available: before.available, reserved: before.reserved },
      after: { available: after.available, reserved: after.reserved },
      change: after.available - before.available,
      variantStock: await variantStock(shelf),
      reason: input.reason,
    };
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'stock.set',
      entity: 'inventory',
      entityId: after.id,
      before: { quantity_available: before.available },
      after: { quantity_available: after.available },
      meta: { sku: shelf.sku, warehouse: shelf.warehouse.name, reason: input.reason },
    });
    return change;
  });
}
