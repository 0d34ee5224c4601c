/** stock:transfer — units leave one warehouse and arrive in another, in one transaction. */
import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { findWarehouse } from '../catalog/lookup';
import { addUnits, EMPTY, lockLevel, openShelf, removeUnits, variantStock, type Level, type Shelf } from './inventory';
import { positiveQuantity, reason, sku, warehouseReference } from './schemas';
import { retryingTransaction } from './transaction';

const schema = z
  .object({ sku, from: warehouseReference, to: warehouseReference, quantity: positiveQuantity, reason: reason.optional() })
  .refine((input) => input.from !== input.to, { path: ['to'], message: 'must be another warehouse than --from' });

export type TransferStockInput = z.input<typeof schema>;

export interface TransferSide {
  inventoryId: number;
  warehouse: { id: number; name: string };
  before: { available: number; reserved: number };
  after: { available: number; reserved: number };
}

export interface StockTransfer {
  sku: string;
  variantId: number;
  quantity: number;
  from: TransferSide;
  to: TransferSide;
  /** product_variants.stock afterwards (a transfer leaves it as it was). */
  variantStock: number;
  reason: string | null;
}

const side = (shelf: Shelf, before: Level, after: Level): TransferSide => ({
  inventoryId: after.id,
  warehouse: { id: shelf.warehouse.id, name: shelf.warehouse.name },
  before: { available: before.available, reserved: before.reserved },
  after: { available: after.available, reserved: after.reserved },
});

/**
 * Both inventory rows are locked in ascending warehouse id before either changes, so two
 * opposite transfers of one variant queue instead of deadlocking; each row then changes in
 * one guarded statement (the source never drops below its reserved units).
 */
export async function transferStock(context: ServiceContext, raw: TransferStockInput): Promise<StockTransfer> {
  const input = validate(schema, raw);
  const { sequelize } = context;
  return retryingTransaction(sequelize, async (transaction) => {
    const source = await openShelf(sequelize, transaction, input.sku, input.from);
    const target: Shelf = { ...source, warehouse: await findWarehouse(input.to, transaction) };
    if (source.warehouse.id === target.warehouse.id) {
      throw new ValidationError(`--to: must be another warehouse than --from (both are ${source.warehouse.name})`);
    }
    const locked = new Map<Shelf, Level>();
    for (const shelf of [source, target].sort((a, b) => a.warehouse.id - b.warehouse.id)) {
      locked.set(shelf, (await lockLevel(shelf)) ?? EMPTY);
    }
    const sourceAfter = await removeUnits(source, input.quantity);
    const targetAfter = await addUnits(target, input.quantity);
    const sourceBefore = locked.get(source)!;
    const targetBefore = locked.get(target)!;
    const from = side(source, sourceBefore, sourceAfter);
    const to = side(target, targetBefore, targetAfter);
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'stock.transfer',
      entity: 'inventory',
      entityId: from.inventoryId,
      before: { from: { inventory_id: from.inventoryId, quantity_available: from.before.available }, to: { inventory_id: targetBefore === EMPTY ? null : targetBefore.id, quantity_available: to.before.available } },
      after: { from: { inventory_id: from.inventoryId, quantity_available: from.after.available }, to: { inventory_id: to.inventoryId, quantity_available: to.after.available } },
      meta: { sku: source.sku, from: from.warehouse.name, to: to.warehouse.name, quantity: input.quantity, reason: input.reason ?? null },
    });
    return { sku: source.sku, variantId: source.variantId, quantity: input.quantity, from, to, variantStock: await variantStock(source), reason: input.reason ?? null };
  });
}
