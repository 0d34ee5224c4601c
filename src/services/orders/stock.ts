/**
 * Where an order's units come from. Set-based SQL over the order's lines, inside the caller's
 * transaction, with one lock order shared with every other stock movement
 * (src/services/stock/inventory.ts): the variant rows by ascending id, then their inventory
 * rows by ascending warehouse id. Two orders racing for the last unit queue on the variant
 * row; the second re-reads the shelf after the first commits and is refused if it is short.
 *
 * Variants are locked FOR NO KEY UPDATE, like findVariant: an order line's foreign key takes
 * KEY SHARE on its variant, which a FOR UPDATE would conflict with (and deadlock on).
 *
 * Which warehouse gives the units: the default warehouse first, then the others by ascending
 * id (WAREHOUSE_ORDER). Every unit held or taken is recorded in stock_allocations, so that a
 * release, a payment or a restock touches exactly the shelves the order used.
 */
import type { Sql } from '../../db/sql';
import { RuleViolation } from '../../lib/errors';

/** The order the shelves give units in (documented in the README). */
export const WAREHOUSE_ORDER = 'the default warehouse first, then the others by ascending id';

interface Shelf {
  inventoryId: number;
  warehouseId: number;
  variantId: number;
  free: number;
  available: number;
  reserved: number;
}

interface Need {
  orderItemId: number;
  variantId: number;
  sku: string;
  quantity: number;
}

export interface Allocation {
  orderItemId: number;
  warehouseId: number;
  inventoryId: number;
  quantity: number;
}

/** `db`: the caller's transaction (sqlOf(sequelize, transaction), or a plain connection inside sql.transaction). */
type Db = Sql;

/** Locks the variants of the order's lines by ascending id. */
async function lockVariants(db: Db, orderId: number): Promise<void> {
  await db.select(`SELECT v.id FROM product_variants v
     WHERE v.id IN (SELECT variant_id FROM order_items WHERE order_id = $1)
     ORDER BY v.id FOR NO KEY UPDATE OF v`,
    [orderId],
  );
}

/**
 * Locks the variants of the order's lines by ascending id and returns the lines, with what
 * each one still needs beyond the units already reserved for it: one statement for both.
 */
async function lockVariantsForLines(db: Db, orderId: number): Promise<Array<Need & { reserved: number }>> {
  return db.select<Need & { reserved: number }>(`SELECT i.id AS "orderItemId", i.variant_id AS "variantId", v.sku, i.quantity - r.reserved AS quantity, r.reserved
     FROM order_items i JOIN product_variants v ON v.id = i.variant_id
     CROSS JOIN LATERAL (SELECT coalesce(sum(a.quantity), 0)::int AS reserved FROM stock_allocations a WHERE a.order_item_id = i.id AND a.status = 'reserved') r
     WHERE i.order_id = $1
     ORDER BY v.id, i.id
     FOR NO KEY UPDATE OF v`,
    [orderId],
  );
}

/**
 * Locks the inventory rows of the order's variants by ascending warehouse id (the caller
 * holds the variants' locks) and returns them in giving order.
 */
async function lockInventory(db: Db, orderId: number): Promise<Shelf[]> {
  const shelves = await db.select<Shelf & { isDefault: boolean }>(`SELECT i.id AS "inventoryId", i.warehouse_id AS "warehouseId", i.variant_id AS "variantId",
            i.quantity_available - i.quantity_reserved AS free, i.quantity_available AS available, i.quantity_reserved AS reserved,
            w.is_default AS "isDefault"
     FROM inventory i JOIN warehouses w ON w.id = i.warehouse_id
     WHERE i.variant_id IN (SELECT variant_id FROM order_items WHERE order_id = $1)
     ORDER BY i.variant_id, i.warehouse_id
     FOR UPDATE OF i`,
    [orderId],
  );
  // Giving order: default warehouse first, then ascending id (locks were taken by id).
  return shelves.sort((a, b) => a.variantId - b.variantId || Number(b.isDefault) - Number(a.isDefault) || a.warehouseId - b.warehouseId);
}

/** Locks the variants of the order's lines, then their inventory rows, in the shared order. */
async function lockShelves(db: Db, orderId: number): Promise<Shelf[]> {
  await lockVariants(db, orderId);
  return lockInventory(db, orderId);
}

/** What each line still needs beyond what is already reserved for it (none is, before it is reserved). */
async function needs(db: Db, orderId: number): Promise<Need[]> {
  return db.select<Need>(`SELECT i.id AS "orderItemId", i.variant_id AS "variantId", v.sku, i.quantity
     FROM order_items i JOIN product_variants v ON v.id = i.variant_id
     WHERE i.order_id = $1 ORDER BY i.variant_id, i.id`,
    [orderId],
  );
}

/**
 * Splits what the lines need over the shelves' free units (available minus reserved), or
 * refuses naming every short variant. Lines of the same variant share its shelves.
 */
function allocate(lines: Need[], shelves: Shelf[]): Allocation[] {
  const free = new Map(shelves.map((s) => [s.inventoryId, s.free]));
  const allocations: Allocation[] = [];
  const short = new Map<string, { asked: number; free: number; reserved: number }>();
  for (const line of lines) {
    let missing = line.quantity;
    for (const shelf of shelves.filter((s) => s.variantId === line.variantId)) {
      const units = Math.min(missing, free.get(shelf.inventoryId) ?? 0);
      if (units <= 0) continue;
      free.set(shelf.inventoryId, (free.get(shelf.inventoryId) ?? 0) - units);
      allocations.push({ orderItemId: line.orderItemId, warehouseId: shelf.warehouseId, inventoryId: shelf.inventoryId, quantity: units });
      missing -= units;
      if (missing === 0) break;
    }
    if (missing > 0) {
      const mine = shelves.filter((s) => s.variantId === line.variantId);
      const entry = short.get(line.sku) ?? { asked: 0, free: mine.reduce((sum, s) => sum + s.free, 0), reserved: mine.reduce((sum, s) => sum + s.reserved, 0) };
      entry.asked += line.quantity;
      short.set(line.sku, entry);
    }
  }
  if (short.size > 0) {
    const parts = [...short].map(([sku, s]) => `${sku}: ${s.asked} asked, ${s.free} free${s.reserved ? ` (${s.reserved} more reserved by pending orders)` : ''}`);
    throw new RuleViolation(`not enough stock for ${parts.join('; ')}`);
  }
  return allocations;
}

/**
 * Moves inventory by the given per-row amounts and records the allocations that go with it,
 * in one statement; the WHERE clause re-checks the shelf (the CHECKs would refuse anyway,
 * but with a worse message), and a shelf that no longer holds the units refuses the lot.
 */
async function moveInventory(
  db: Db,
  changes: Array<{ inventoryId: number; available: number; reserved: number }>,
  recorded: { allocations: Allocation[]; status: 'reserved' | 'taken' } = { allocations: [], status: 'taken' },
): Promise<void> {
  if (changes.length === 0 && recorded.allocations.length === 0) return;
  const merged = new Map<number, { available: number; reserved: number }>();
  for (const c of changes) {
    const m = merged.get(c.inventoryId) ?? { available: 0, reserved: 0 };
    merged.set(c.inventoryId, { available: m.available + c.available, reserved: m.reserved + c.reserved });
  }
  const rows = [...merged].map(([id, c]) => ({ id, available: c.available, reserved: c.reserved }));
  const [result] = await db.select<{ moved: number }>(`WITH moved AS (
       UPDATE inventory i SET quantity_available = i.quantity_available + c.available, quantity_reserved = i.quantity_reserved + c.reserved
       FROM jsonb_to_recordset(CAST($1 AS jsonb)) AS c(id bigint, available integer, reserved integer)
       WHERE i.id = c.id AND i.quantity_available + c.available >= i.quantity_reserved + c.reserved AND i.quantity_reserved + c.reserved >= 0
       RETURNING i.id
     ), recorded AS (
       INSERT INTO stock_allocations (order_item_id, warehouse_id, quantity, status)
       SELECT a.order_item_id, a.warehouse_id, a.quantity, CAST($2 AS text)
       FROM jsonb_to_recordset(CAST($3 AS jsonb)) AS a(order_item_id bigint, warehouse_id bigint, quantity integer)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM recorded)::int AS recorded`,
    [
      JSON.stringify(rows),
      recorded.status,
      JSON.stringify(recorded.allocations.map((a) => ({ order_item_id: a.orderItemId, warehouse_id: a.warehouseId, quantity: a.quantity }))),
    ],
  );
  if (result.moved !== rows.length) throw new RuleViolation('the stock changed while the order was being processed; try again');
}

/** orders:create — holds every line's units for the pending order, or refuses. */
export async function reserveStock(db: Db, orderId: number): Promise<Allocation[]> {
  const shelves = await lockShelves(db, orderId);
  const allocations = allocate(await needs(db, orderId), shelves);
  await moveInventory(
    db,
    allocations.map((a) => ({ inventoryId: a.inventoryId, available: 0, reserved: a.quantity })),
    { allocations, status: 'reserved' },
  );
  return allocations;
}

/**
 * Moves the order's allocations from one status to the next, returning the inventory row and
 * units of each one moved (the caller holds the shelves' locks).
 */
async function moveAllocations(db: Db, orderId: number, from: 'reserved' | 'taken', to: 'taken' | 'released' | 'restocked'): Promise<Array<{ inventoryId: number; quantity: number }>> {
  return db.select<{ inventoryId: number; quantity: number }>(`UPDATE stock_allocations a SET status = CAST($3 AS text)
     FROM order_items i, inventory inv
     WHERE a.order_item_id = i.id AND i.order_id = $1 AND a.status = CAST($2 AS text)
       AND inv.warehouse_id = a.warehouse_id AND inv.variant_id = i.variant_id
     RETURNING inv.id AS "inventoryId", a.quantity`,
    [orderId, from, to],
  );
}

const units = (moved: Array<{ quantity: number }>) => moved.reduce((sum, m) => sum + m.quantity, 0);

/**
 * Paying: the reserved units leave the shelves (available and reserved both fall), and any
 * units a line has no reservation for (an order written by another channel, like the seeded
 * one) are taken from free stock; refused, changing nothing, if that is short. Three
 * statements when nothing was reserved (lines with the variants' locks, the shelves, the
 * move with its allocations), one more to move the reservations when there are some.
 */
export async function takeStock(db: Db, orderId: number): Promise<void> {
  const lines = await lockVariantsForLines(db, orderId);
  const shelves = await lockInventory(db, orderId);
  const extra = allocate(
    lines.filter((line) => line.quantity > 0),
    shelves,
  );
  const reserved = lines.some((line) => line.reserved > 0) ? await moveAllocations(db, orderId, 'reserved', 'taken') : [];
  await moveInventory(
    db,
    [
      ...reserved.map((r) => ({ inventoryId: r.inventoryId, available: -r.quantity, reserved: -r.quantity })),
      ...extra.map((a) => ({ inventoryId: a.inventoryId, available: -a.quantity, reserved: 0 })),
    ],
    { allocations: extra, status: 'taken' },
  );
}

/** Cancelling or failing a pending order: its reservations are let go. */
export async function releaseStock(db: Db, orderId: number): Promise<number> {
  await lockShelves(db, orderId);
  const released = await moveAllocations(db, orderId, 'reserved', 'released');
  await moveInventory(db, released.map((r) => ({ inventoryId: r.inventoryId, available: 0, reserved: -r.quantity })));
  return units(released);
}

/** Cancelling a paid order: the units taken go back to the shelves they came from. */
export async function restockOrder(db: Db, orderId: number): Promise<number> {
  await lockShelves(db, orderId);
  const taken = await moveAllocations(db, orderId, 'taken', 'restocked');
  await moveInventory(db, taken.map((r) => ({ inventoryId: r.inventoryId, available: r.quantity, reserved: 0 })));
  return units(taken);
}
