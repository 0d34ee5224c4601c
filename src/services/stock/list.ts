/** stock:list — units per variant and warehouse: on the shelf, reserved, and sellable. */
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { validate } from '../../lib/validation';
import { findVariant, findWarehouse } from '../catalog/lookup';
import type { ServiceContext } from '../context';
import { quantity, sku, warehouseReference } from './schemas';

const filters = z.object({ below: quantity.optional(), sku: sku.optional(), warehouse: warehouseReference.optional() });

export type StockListFilters = z.input<typeof filters>;

export interface StockRow {
  sku: string;
  product: string;
  option: string;
  /** Null for a variant no warehouse holds yet. */
  warehouse: string | null;
  available: number;
  reserved: number;
  /** available - reserved: what orders can still take. */
  sellable: number;
}

/**
 * One row per inventory row. With --warehouse, every variant appears for that warehouse (0
 * where it has no row); without it, a variant no warehouse holds appears once, with no
 * warehouse. --below N keeps the rows whose sellable units are fewer than N.
 */
export async function listStock(context: ServiceContext, raw: StockListFilters): Promise<StockRow[]> {
  const input = validate(filters, raw);
  const variantId = input.sku === undefined ? null : (await findVariant(input.sku)).id;
  const warehouseId = input.warehouse === undefined ? null : (await findWarehouse(input.warehouse)).id;
  const rows = await context.sequelize.query<StockRow>(
    `SELECT * FROM (
       SELECT v.sku, p.name AS product, v.option_label AS option, w.name AS warehouse,
              coalesce(i.quantity_available, 0) AS available, coalesce(i.quantity_reserved, 0) AS reserved,
              coalesce(i.quantity_available - i.quantity_reserved, 0) AS sellable
       FROM product_variants v
       JOIN products p ON p.id = v.product_id
       LEFT JOIN inventory i ON i.variant_id = v.id AND (:warehouseId::bigint IS NULL OR i.warehouse_id = :warehouseId)
       LEFT JOIN warehouses w ON w.id = coalesce(i.warehouse_id, :warehouseId::bigint)
       WHERE (:variantId::bigint IS NULL OR v.id = :variantId)
     ) s
     WHERE (:below::integer IS NULL OR s.sellable < :below)
     ORDER BY s.sku, s.warehouse NULLS FIRST`,
    { replacements: { variantId, warehouseId, below: input.below ?? null }, type: QueryTypes.SELECT },
  );
  return rows;
}
