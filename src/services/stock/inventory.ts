/**
 * The inventory statements every stock movement is made of. Each change of a row is ONE
 * statement whose WHERE clause carries the rule (never below what pending orders reserved,
 * never above MAX_UNITS), so two processes adjusting the same row at once cannot together
 * push it past a limit: the second waits for the first's row lock, re-reads the row and is
 * refused if the rule no longer holds. product_variants.stock follows by trigger.
 *
 * Lock order, for every stock movement: the variant row (findVariant with a transaction),
 * then its inventory rows by ascending warehouse id. Code that changes inventory elsewhere
 * should take locks in the same order, or deadlocks become possible.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { RuleViolation } from '../../lib/errors';
import type { Warehouse } from '../../models';
import { defaultWarehouse, findVariant, findWarehouse } from '../catalog/lookup';
import { MAX_UNITS } from './schemas';

/** One inventory row as the movements see it. */
export interface Level {
  id: number;
  available: number;
  reserved: number;
}

export interface Shelf {
  sequelize: Sequelize;
  transaction: Transaction;
  variantId: number;
  sku: string;
  warehouse: Warehouse;
}

/** What set and adjust return: the shelf before and after, and the variant's total. */
export interface StockChange {
  sku: string;
  variantId: number;
  inventoryId: number;
  warehouse: { id: number; name: string };
  before: { available: number; reserved: number };
  after: { available: number; reserved: number };
  /** after.available - before.available */
  change: number;
  /** product_variants.stock afterwards: the sum over warehouses. */
  variantStock: number;
  reason: string;
}

const RETURNING = 'RETURNING id, quantity_available AS available, quantity_reserved AS reserved';

/** The warehouse named, or the default one when none is. */
async function warehouseOrDefault(reference: string | undefined, transaction?: Transaction): Promise<Warehouse> {
  return reference === undefined ? defaultWarehouse(transaction) : findWarehouse(reference, transaction);
}

/**
 * The variant and warehouse of a movement, inside its transaction. The variant row is locked
 * first: every movement of one variant queues there, before any inventory row, because an
 * inventory INSERT takes the variant's row lock too (its stock trigger), and a transaction
 * that got that lock early could otherwise wait for an inventory row held by one waiting for
 * it.
 */
export async function openShelf(sequelize: Sequelize, transaction: Transaction, sku: string, warehouse: string | undefined): Promise<Shelf> {
  const variant = await findVariant(sku, transaction);
  return { sequelize, transaction, variantId: variant.id, sku: variant.sku, warehouse: await warehouseOrDefault(warehouse, transaction) };
}

export const EMPTY: Level = { id: 0, available: 0, reserved: 0 };

/** Locks the shelf's row for the rest of the transaction; an absent row reads as empty. */
export async function lockLevel(shelf: Shelf): Promise<Level | undefined> {
  const [row] = await shelf.sequelize.query<Level>(
    `SELECT id, quantity_available AS available, quantity_reserved AS reserved
     FROM inventory WHERE warehouse_id = :warehouseId AND variant_id = :variantId FOR UPDATE`,
    { replacements: { warehouseId: shelf.warehouse.id, variantId: shelf.variantId }, type: QueryTypes.SELECT, transaction: shelf.transaction },
  );
  return row;
}

/** The refusal for taking more than the shelf can give. */
export function shortage(shelf: Shelf, level: Level, asked: number): RuleViolation {
  return new RuleViolation(
    `not enough stock of ${shelf.sku} in ${shelf.warehouse.name}: ${level.available} available, ${level.reserved} reserved, asked to remove ${asked}`,
  );
}

function overfull(shelf: Shelf, level: Level, adding: number): RuleViolation {
  return new RuleViolation(`${shelf.sku} in ${shelf.warehouse.name} would hold ${level.available + adding} units, more than ${MAX_UNITS}`);
}

/**
 * Runs a statement that changes inventory. The stock trigger sums the variant's rows into an
 * integer; a sum past 2^31 - 1 is a refusal, not a crash.
 */
async function changing<T>(shelf: Shelf, statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    const code = (error as { original?: { code?: string } }).original?.code;
    if (code === '22003') throw new RuleViolation(`the stock of ${shelf.sku} over all warehouses would exceed 2147483647 units`, { cause: error });
    throw error;
  }
}

async function write(shelf: Shelf, sql: string, replacements: Record<string, unknown>): Promise<Level | undefined> {
  const [row] = await changing(shelf, () =>
    shelf.sequelize.query<Level>(sql, {
      replacements: { warehouseId: shelf.warehouse.id, variantId: shelf.variantId, max: MAX_UNITS, ...replacements },
      type: QueryTypes.SELECT,
      transaction: shelf.transaction,
    }),
  );
  return row;
}

/** Adds units (> 0), creating the row when the shelf had none. */
export async function addUnits(shelf: Shelf, units: number): Promise<Level> {
  const after = await write(
    shelf,
    `INSERT INTO inventory (warehouse_id, variant_id, quantity_available) VALUES (:warehouseId, :variantId, :units)
     ON CONFLICT (warehouse_id, variant_id) DO UPDATE SET quantity_available = inventory.quantity_available + EXCLUDED.quantity_available
     WHERE inventory.quantity_available::bigint + EXCLUDED.quantity_available <= :max
     ${RETURNING}`,
    { units },
  );
  if (!after) throw overfull(shelf, (await lockLevel(shelf)) ?? EMPTY, units);
  return after;
}

/** Removes units (> 0) unless fewer than the reserved units would stay. */
export async function removeUnits(shelf: Shelf, units: number): Promise<Level> {
  const after = await write(
    shelf,
    `UPDATE inventory SET quantity_available = quantity_available - :units
     WHERE warehouse_id = :warehouseId AND variant_id = :variantId AND quantity_available - :units >= quantity_reserved
     ${RETURNING}`,
    { units },
  );
  if (!after) throw shortage(shelf, (await lockLevel(shelf)) ?? EMPTY, units);
  return after;
}

/** Sets the count, unless it is below the reserved units; `before` is the locked row. */
export async function setUnits(shelf: Shelf, before: Level, quantity: number): Promise<Level> {
  const after = await write(
    shelf,
    `INSERT INTO inventory (warehouse_id, variant_id, quantity_available) VALUES (:warehouseId, :variantId, :quantity)
     ON CONFLICT (warehouse_id, variant_id) DO UPDATE SET quantity_available = EXCLUDED.quantity_available
     WHERE EXCLUDED.quantity_available >= inventory.quantity_reserved
     ${RETURNING}`,
    { quantity },
  );
  if (!after) throw shortage(shelf, before, before.available - quantity);
  return after;
}

/** product_variants.stock as the trigger left it in this transaction. */
export async function variantStock(shelf: Pick<Shelf, 'sequelize' | 'transaction' | 'variantId'>): Promise<number> {
  const [row] = await shelf.sequelize.query<{ stock: number }>('SELECT stock FROM product_variants WHERE id = :id', {
    replacements: { id: shelf.variantId },
    type: QueryTypes.SELECT,
    transaction: shelf.transaction,
  });
  return row.stock;
}
