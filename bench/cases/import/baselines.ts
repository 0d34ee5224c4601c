/**
 * What `store products:import` is measured against: COPY of the same file into a bare table
 * (the limit of the driver and the server) and the naive ORM way (bulkCreate in batches).
 */
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { connect } from '../../../src/db/connection';
import { timed } from '../../lib/measure';

/** COPY of the file, as it is, into a table with the file's columns and nothing else. */
export async function copyIntoBareTable(client: Client, file: string): Promise<{ seconds: number; rows: number }> {
  const { from: copyFrom } = require('pg-copy-streams') as typeof import('pg-copy-streams');
  await client.query(`CREATE TABLE bare_catalog (
    product_slug text, product_name text, category_slug text, description text, image_url text, is_active boolean,
    sku text, option_label text, price_cents bigint, stock integer, size text, color text, warehouse text)`);
  const { seconds } = await timed(() => pipeline(fs.createReadStream(file), client.query(copyFrom('COPY bare_catalog FROM STDIN (FORMAT csv, HEADER true)'))));
  const [{ rows }] = (await client.query<{ rows: number }>('SELECT count(*)::int AS rows FROM bare_catalog')).rows;
  await client.query('DROP TABLE bare_catalog');
  return { seconds, rows };
}

const BATCH = 1_000;

/**
 * The naive ORM import: read the CSV, and per 1,000 rows bulkCreate the new products, then
 * the variants, then the stock, in one transaction. No validation beyond the database's,
 * no update of existing rows: an empty catalog only. The connection is opened (models
 * loaded) before the clock starts.
 */
export async function bulkCreateImport(url: string, file: string): Promise<{ seconds: number }> {
  const sequelize = await connect(url, { withModels: true });
  const { Category, InventoryLevel, Product, ProductVariant, Warehouse } = require('../../../src/models') as typeof import('../../../src/models');
  const { parse } = require('csv-parse') as typeof import('csv-parse');
  try {
    const categories = new Map((await Category.findAll()).map((c) => [c.slug, c.id]));
    const warehouses = await Warehouse.findAll();
    const defaultWarehouse = warehouses.find((w) => w.isDefault)!.id;
    const warehouseIds = new Map(warehouses.map((w) => [w.name, w.id]));
    return await timed(() =>
      sequelize.transaction(async (transaction) => {
        const productIds = new Map<string, number>();
        let batch: Record<string, string>[] = [];
        const flush = async () => {
          const newProducts = new Map<string, Record<string, string>>();
          for (const row of batch) if (!productIds.has(row.product_slug) && !newProducts.has(row.product_slug)) newProducts.set(row.product_slug, row);
          const created = await Product.bulkCreate(
            [...newProducts.values()].map((row) => ({
              categoryId: categories.get(row.category_slug)!,
              slug: row.product_slug,
              name: row.product_name,
              description: row.description || null,
              imageUrl: row.image_url || null,
              isActive: row.is_active === 'true',
            })),
            { transaction },
          );
          for (const product of created) productIds.set(product.slug, product.id);
          const variants = await ProductVariant.bulkCreate(
            batch.map((row) => ({
              productId: productIds.get(row.product_slug)!,
              sku: row.sku,
              optionLabel: row.option_label,
              priceCents: Number(row.price_cents),
              size: row.size || null,
              color: row.color || null,
            })),
            { transaction },
          );
          const stocked = batch.map((row, i) => ({ row, variant: variants[i] })).filter(({ row }) => Number(row.stock) > 0);
          await InventoryLevel.bulkCreate(
            stocked.map(({ row, variant }) => ({
              warehouseId: row.warehouse ? warehouseIds.get(row.warehouse)! : defaultWarehouse,
              variantId: variant.id,
              quantityAvailable: Number(row.stock),
            })),
            { transaction },
          );
          batch = [];
        };
        for await (const row of fs.createReadStream(file).pipe(parse({ columns: true })) as AsyncIterable<Record<string, string>>) {
          batch.push(row);
          if (batch.length === BATCH) await flush();
        }
        if (batch.length > 0) await flush();
      }),
    );
  } finally {
    await sequelize.close();
  }
}
