/**
 * Goods coming back: a customer asks to return units of an order line (requested), staff
 * approve or reject the request, and approved goods are received, back on the shelf with
 * --restock. Money is never refunded here: that is an explicit orders:refund.
 *
 * Statuses move requested → approved | rejected and approved → received, nothing else.
 * Each move locks the return row FOR UPDATE, checks its status and changes it with one
 * conditional UPDATE, so of two staff receiving the same return at once one wins and the
 * other is refused: the units go back to stock once.
 *
 * Lock order: the return row, then its order (FOR SHARE, so a cancellation waits), then the
 * order line (the returns_within_line trigger locks it), then the variant and inventory rows
 * (src/services/stock/inventory.ts).
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { id, reason, text, validate } from '../../lib/validation';
import { RETURN_STATUSES, type OrderStatus, type ReturnStatus } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { addUnits, openShelf, variantStock } from '../stock/inventory';
import { positiveQuantity, warehouseReference } from '../stock/schemas';
import { retryingTransaction } from '../stock/transaction';

/** Orders whose lines may be returned, and whose returns may be approved and received. */
export const RETURNABLE_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'delivered'];

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 10_000;

/** A return as people read it: with its order, customer and variant. */
export interface ReturnRow {
  id: number;
  orderId: number;
  orderItemId: number;
  orderStatus: OrderStatus;
  customerEmail: string;
  sku: string;
  product: string;
  option: string;
  /** Units this return covers. */
  quantity: number;
  /** Units the order line sold. */
  soldQuantity: number;
  reason: string;
  status: ReturnStatus;
  requestedAt: Date;
  updatedAt: Date;
}

/** Units put back on a shelf by returns:receive --restock. */
export interface Restock {
  sku: string;
  variantId: number;
  inventoryId: number;
  warehouse: { id: number; name: string };
  units: number;
  before: { available: number; reserved: number };
  after: { available: number; reserved: number };
  /** product_variants.stock afterwards: the sum over warehouses. */
  variantStock: number;
}

export interface ReturnChange {
  return: ReturnRow;
  from: ReturnStatus | null;
  to: ReturnStatus;
  /** returns:reject --notes: kept in the audit trail (returns have no notes column). */
  notes: string | null;
  /** Only for returns:receive --restock. */
  restock: Restock | null;
}

const SELECT = `
SELECT r.id, oi.order_id AS "orderId", r.order_item_id AS "orderItemId", o.status AS "orderStatus", u.email AS "customerEmail",
       v.sku, p.name AS product, v.option_label AS option, r.quantity, oi.quantity AS "soldQuantity", r.reason, r.status,
       r.created_at AS "requestedAt", r.updated_at AS "updatedAt"
FROM returns r
JOIN order_items oi ON oi.id = r.order_item_id
JOIN orders o ON o.id = oi.order_id
JOIN users u ON u.id = o.user_id
JOIN product_variants v ON v.id = oi.variant_id
JOIN products p ON p.id = oi.product_id`;

interface ReturnFilter {
  id?: number;
  status?: ReturnStatus;
  orderId?: number;
  /** Oldest first (a queue); newest first otherwise. */
  oldestFirst?: boolean;
  limit?: number;
}

/** The one query that reads returns, shared by the list and every change's result. */
export async function returnRows(sequelize: Sequelize, filter: ReturnFilter, transaction?: Transaction): Promise<ReturnRow[]> {
  const where: string[] = [];
  if (filter.id !== undefined) where.push('r.id = :id');
  if (filter.status !== undefined) where.push('r.status = :status');
  if (filter.orderId !== undefined) where.push('oi.order_id = :orderId');
  return sequelize.query<ReturnRow>(
    `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY r.id ${filter.oldestFirst ? 'ASC' : 'DESC'} ${filter.limit ? 'LIMIT :limit' : ''}`,
    { replacements: { ...filter }, type: QueryTypes.SELECT, transaction },
  );
}

async function returnRow(sequelize: Sequelize, returnId: number, transaction: Transaction): Promise<ReturnRow> {
  const [row] = await returnRows(sequelize, { id: returnId }, transaction);
  if (!row) throw new Error(`return ${returnId} vanished inside its own transaction`);
  return row;
}

const rowId = id;

/** The order of a line or a return, locked FOR SHARE: its status cannot change under us. */
async function lockOrder(sequelize: Sequelize, transaction: Transaction, orderId: number): Promise<OrderStatus> {
  const [order] = await sequelize.query<{ status: OrderStatus }>('SELECT status FROM orders WHERE id = :orderId FOR SHARE', {
    replacements: { orderId },
    type: QueryTypes.SELECT,
    transaction,
  });
  return order.status;
}

// --- returns:request ---------------------------------------------------------------------

const requestSchema = z.object({ orderItemId: rowId, quantity: positiveQuantity, reason });
export type RequestReturnInput = z.input<typeof requestSchema>;

/**
 * The returns_within_line trigger is the one check of "never more than sold": it counts the
 * line's requested, approved and received units with the line locked. Its refusal, reworded.
 */
function beyondSold(error: unknown, orderItemId: number, asked: number): unknown {
  const cause = (error as { original?: { constraint?: string; message?: string } }).original;
  if (cause?.constraint !== 'returns_within_line') return error;
  const match = /sold (\d+) units; returns would reach (\d+)/.exec(cause.message ?? '');
  if (!match) return new RuleViolation(cause.message ?? 'the order line does not have that many units left to return', { cause: error });
  const sold = Number(match[1]);
  const already = Number(match[2]) - asked;
  return new RuleViolation(
    `cannot return ${asked} units of order line ${orderItemId}: it sold ${sold} and ${already} ${already === 1 ? 'is' : 'are'} already requested, approved or received, so at most ${Math.max(0, sold - already)} more can be returned`,
    { cause: error },
  );
}

/** returns:request — a customer wants to give back units of a paid, shipped or delivered order line. */
export async function requestReturn(context: ServiceContext, raw: RequestReturnInput): Promise<ReturnChange> {
  const input = validate(requestSchema, raw, { orderItemId: 'ORDER_ITEM_ID' });
  const { sequelize } = context;
  return retryingTransaction(sequelize, async (transaction) => {
    const [line] = await sequelize.query<{ orderId: number }>('SELECT order_id AS "orderId" FROM order_items WHERE id = :id', {
      replacements: { id: input.orderItemId },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (!line) throw new NotFoundError(`no order line ${input.orderItemId}`);
    const orderStatus = await lockOrder(sequelize, transaction, line.orderId);
    if (!RETURNABLE_ORDER_STATUSES.includes(orderStatus)) {
      throw new RuleViolation(`order ${line.orderId} is ${orderStatus}: returns can be requested only for ${RETURNABLE_ORDER_STATUSES.join(', ')} orders`);
    }
    let created: { id: number };
    try {
      [created] = await sequelize.query<{ id: number }>(
        'INSERT INTO returns (order_item_id, quantity, reason) VALUES (:orderItemId, :quantity, :reason) RETURNING id',
        { replacements: input, type: QueryTypes.SELECT, transaction },
      );
    } catch (error) {
      throw beyondSold(error, input.orderItemId, input.quantity);
    }
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'returns.request',
      entity: 'returns',
      entityId: created.id,
      after: { status: 'requested', order_item_id: input.orderItemId, quantity: input.quantity },
      meta: { order_id: line.orderId, reason: input.reason },
    });
    return { return: await returnRow(sequelize, created.id, transaction), from: null, to: 'requested', notes: null, restock: null };
  });
}

// --- returns:approve, returns:reject, returns:receive --------------------------------------

/** The one status each move starts from. */
const MOVES = {
  approved: { from: 'requested', verb: 'approve', action: 'returns.approve' },
  rejected: { from: 'requested', verb: 'reject', action: 'returns.reject' },
  received: { from: 'approved', verb: 'receive', action: 'returns.receive' },
} as const;
type Move = keyof typeof MOVES;

interface Locked {
  status: ReturnStatus;
  quantity: number;
  orderItemId: number;
  orderId: number;
  sku: string;
}

async function lockReturn(sequelize: Sequelize, transaction: Transaction, returnId: number): Promise<Locked> {
  const [row] = await sequelize.query<Locked>(
    `SELECT r.status, r.quantity, r.order_item_id AS "orderItemId", oi.order_id AS "orderId", v.sku
     FROM returns r JOIN order_items oi ON oi.id = r.order_item_id JOIN product_variants v ON v.id = oi.variant_id
     WHERE r.id = :returnId FOR UPDATE OF r`,
    { replacements: { returnId }, type: QueryTypes.SELECT, transaction },
  );
  if (!row) throw new NotFoundError(`no return ${returnId}`);
  return row;
}

interface Change {
  returnId: number;
  to: Move;
  notes?: string;
  /** Only for received: put the units back, in this warehouse (undefined: the default one). */
  restock?: { warehouse: string | undefined };
}

async function moveReturn(context: ServiceContext, change: Change): Promise<ReturnChange> {
  const { sequelize } = context;
  const move = MOVES[change.to];
  return retryingTransaction(sequelize, async (transaction) => {
    const locked = await lockReturn(sequelize, transaction, change.returnId);
    if (locked.status !== move.from) {
      throw new RuleViolation(`return ${change.returnId} is ${locked.status}, so it cannot become ${change.to}: only a ${move.from} return can be ${change.to}`);
    }
    // A cancelled order gave its stock back and its money is refunded by orders:cancel: its
    // returns can still be rejected, but not approved or received.
    if (change.to !== 'rejected') {
      const orderStatus = await lockOrder(sequelize, transaction, locked.orderId);
      if (!RETURNABLE_ORDER_STATUSES.includes(orderStatus)) {
        throw new RuleViolation(`order ${locked.orderId} is ${orderStatus}: its returns can only be rejected`);
      }
    }
    const [updated] = await sequelize.query<{ id: number }>('UPDATE returns SET status = :to WHERE id = :id AND status = :from RETURNING id', {
      replacements: { id: change.returnId, to: change.to, from: move.from },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (!updated) throw new RuleViolation(`return ${change.returnId} changed while it was being ${change.to}: try again`);

    const restock = change.restock ? await restockUnits(context, transaction, locked, change) : null;
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: move.action,
      entity: 'returns',
      entityId: change.returnId,
      before: { status: locked.status },
      after: { status: change.to },
      meta: {
        order_id: locked.orderId,
        order_item_id: locked.orderItemId,
        quantity: locked.quantity,
        ...(change.notes !== undefined ? { notes: change.notes } : {}),
        ...(change.to === 'received' ? { restocked: restock ? { warehouse: restock.warehouse.name, units: restock.units } : null } : {}),
      },
    });
    return { return: await returnRow(sequelize, change.returnId, transaction), from: locked.status, to: change.to, notes: change.notes ?? null, restock };
  });
}

/** The received units back on a shelf, through the inventory statements, audited as stock. */
async function restockUnits(context: ServiceContext, transaction: Transaction, locked: Locked, change: Change): Promise<Restock> {
  const { sequelize } = context;
  const shelf = await openShelf(sequelize, transaction, locked.sku, change.restock?.warehouse);
  const after = await addUnits(shelf, locked.quantity);
  const before = { available: after.available - locked.quantity, reserved: after.reserved };
  await audit(sequelize, transaction, {
    actorId: actorId(context),
    action: 'stock.restock',
    entity: 'inventory',
    entityId: after.id,
    before: { quantity_available: before.available },
    after: { quantity_available: after.available },
    meta: { sku: shelf.sku, warehouse: shelf.warehouse.name, delta: locked.quantity, return_id: change.returnId, order_id: locked.orderId },
  });
  return {
    sku: shelf.sku,
    variantId: shelf.variantId,
    inventoryId: after.id,
    warehouse: { id: shelf.warehouse.id, name: shelf.warehouse.name },
    units: locked.quantity,
    before,
    after: { available: after.available, reserved: after.reserved },
    variantStock: await variantStock(shelf),
  };
}

const LABELS = { returnId: 'ID' };
const approveSchema = z.object({ returnId: rowId });
const rejectSchema = z.object({ returnId: rowId, notes: text(2000).optional() });
const receiveSchema = z.object({ returnId: rowId, restock: z.boolean().default(false), warehouse: warehouseReference.optional() }).refine((input) => input.restock || input.warehouse === undefined, {
  path: ['warehouse'],
  message: 'only goes with --restock',
});

export async function approveReturn(context: ServiceContext, raw: z.input<typeof approveSchema>): Promise<ReturnChange> {
  const { returnId } = validate(approveSchema, raw, LABELS);
  return moveReturn(context, { returnId, to: 'approved' });
}

export async function rejectReturn(context: ServiceContext, raw: z.input<typeof rejectSchema>): Promise<ReturnChange> {
  const { returnId, notes } = validate(rejectSchema, raw, LABELS);
  return moveReturn(context, { returnId, to: 'rejected', notes });
}

/** returns:receive — the goods arrived; with restock they go back on a shelf, in the same transaction. */
export async function receiveReturn(context: ServiceContext, raw: z.input<typeof receiveSchema>): Promise<ReturnChange> {
  const { returnId, restock, warehouse } = validate(receiveSchema, raw, LABELS);
  return moveReturn(context, { returnId, to: 'received', restock: restock ? { warehouse } : undefined });
}

// --- returns:list ------------------------------------------------------------------------

const listSchema = z.object({
  status: z.enum(RETURN_STATUSES, { message: `must be one of ${RETURN_STATUSES.join(', ')}` }).optional(),
  orderId: rowId.optional(),
  limit: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LIST_LIMIT, `must be at most ${MAX_LIST_LIMIT}`)
    .default(DEFAULT_LIST_LIMIT),
});

export interface ListReturnsResult {
  returns: ReturnRow[];
}

/** Returns by status and order; requests waiting for staff oldest first, anything else newest first. */
export async function listReturns(context: ServiceContext, raw: z.input<typeof listSchema> = {}): Promise<ListReturnsResult> {
  const { status, orderId, limit } = validate(listSchema, raw, { orderId: '--order' });
  const { sequelize } = context;
  if (orderId !== undefined) {
    const [order] = await sequelize.query('SELECT 1 FROM orders WHERE id = :orderId', { replacements: { orderId }, type: QueryTypes.SELECT });
    if (!order) throw new NotFoundError(`no order ${orderId}`);
  }
  const waiting = status === 'requested' || status === 'approved';
  return { returns: await returnRows(sequelize, { status, orderId, limit, oldestFirst: waiting }) };
}
