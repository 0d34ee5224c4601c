/**
 * Warehouses: add one, list them with their units. Exactly one is the default (where stock
 * goes unless told otherwise): the first one ever, or the newest added with --default. The
 * partial unique index uq_warehouses_one_default is the guard; an advisory lock makes two
 * additions queue instead of failing on it.
 */
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { RuleViolation } from '../../lib/errors';
import { text, validate } from '../../lib/validation';
import { Warehouse } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';

const newWarehouse = z.object({ name: text(100), address: text(300).optional(), default: z.boolean().default(false) });

export type NewWarehouseInput = z.input<typeof newWarehouse>;

export interface WarehouseView {
  id: number;
  name: string;
  address: string | null;
  isDefault: boolean;
}

export interface AddedWarehouse extends WarehouseView {
  /** The warehouse that stopped being the default, if this one took its place. */
  replacedDefault: WarehouseView | null;
}

const view = (w: Warehouse): WarehouseView => ({ id: w.id, name: w.name, address: w.address, isDefault: w.isDefault });

export async function addWarehouse(context: ServiceContext, raw: NewWarehouseInput): Promise<AddedWarehouse> {
  const input = validate(newWarehouse, raw);
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    await sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('store.warehouses.default'))`, { transaction });
    const clash = await Warehouse.findOne({ where: { name: input.name }, transaction });
    if (clash) throw new RuleViolation(`a warehouse named ${JSON.stringify(input.name)} already exists (id ${clash.id})`);
    const previous = await Warehouse.findOne({ where: { isDefault: true }, transaction });
    const isDefault = input.default || previous === null;
    if (isDefault && previous) await previous.update({ isDefault: false }, { transaction });
    const warehouse = await Warehouse.create({ name: input.name, address: input.address ?? null, isDefault }, { transaction });
    const replacedDefault = isDefault && previous ? view(previous) : null;
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'warehouses.add',
      entity: 'warehouses',
      entityId: warehouse.id,
      after: view(warehouse),
      ...(replacedDefault ? { meta: { replacedDefault: { id: replacedDefault.id, name: replacedDefault.name } } } : {}),
    });
    return { ...view(warehouse), replacedDefault };
  });
}

export interface WarehouseRow extends WarehouseView {
  /** Variants with units on its shelves. */
  variants: number;
  available: number;
  reserved: number;
  sellable: number;
}

/** Every warehouse, the default first, with its unit totals. */
export async function listWarehouses(context: ServiceContext): Promise<WarehouseRow[]> {
  return context.sequelize.query<WarehouseRow>(
    `SELECT w.id, w.name, w.address, w.is_default AS "isDefault",
            count(i.id) FILTER (WHERE i.quantity_available > 0)::int AS variants,
            coalesce(sum(i.quantity_available), 0)::bigint AS available,
            coalesce(sum(i.quantity_reserved), 0)::bigint AS reserved,
            coalesce(sum(i.quantity_available - i.quantity_reserved), 0)::bigint AS sellable
     FROM warehouses w LEFT JOIN inventory i ON i.warehouse_id = w.id
     GROUP BY w.id
     ORDER BY w.is_default DESC, w.name, w.id`,
    { type: QueryTypes.SELECT },
  );
}
