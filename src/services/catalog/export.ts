/**
 * products:export: the catalog in the import format, streamed by PostgreSQL itself
 * (COPY … TO STDOUT), so memory stays flat whatever the catalog's size. One row per variant
 * and warehouse that holds it (a variant with no inventory: one row, stock 0, default
 * warehouse), which products:import reads back to the same catalog.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Client } from 'pg';
import type { ServiceContext } from '../context';
import { CATALOG_COLUMNS, type CatalogFormat } from './import-format';

const ROWS = `
  SELECT p.slug AS product_slug, p.name AS product_name, c.slug AS category_slug, p.description, p.image_url, p.is_active,
         v.sku, v.option_label, v.price_cents, coalesce(i.quantity_available, 0) AS stock, v.size, v.color, w.name AS warehouse,
         p.id AS product_id
  FROM products p
  JOIN categories c ON c.id = p.category_id
  JOIN product_variants v ON v.product_id = p.id
  LEFT JOIN inventory i ON i.variant_id = v.id
  LEFT JOIN warehouses w ON w.id = i.warehouse_id`;

function exportSql(format: CatalogFormat, activeOnly: boolean): string {
  const where = activeOnly ? 'WHERE p.is_active' : '';
  if (format === 'csv') {
    return `COPY (SELECT ${CATALOG_COLUMNS.join(', ')} FROM (${ROWS} ${where}) x ORDER BY product_slug, sku, warehouse NULLS FIRST)
            TO STDOUT WITH (FORMAT csv, HEADER true)`;
  }
  // One JSON object per product and line; quote and delimiter bytes JSON never contains raw,
  // so COPY writes the text as it is.
  return `COPY (
      SELECT json_build_object('slug', product_slug, 'name', product_name, 'category_slug', category_slug,
               'description', description, 'image_url', image_url, 'is_active', is_active,
               'variants', json_agg(json_build_object('sku', sku, 'option_label', option_label, 'price_cents', price_cents,
                 'stock', stock, 'size', size, 'color', color, 'warehouse', warehouse) ORDER BY sku, warehouse NULLS FIRST))
      FROM (${ROWS} ${where}) x
      GROUP BY product_id, product_slug, product_name, category_slug, description, image_url, is_active
      ORDER BY product_slug
    ) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
}

/** Writes the catalog to `out`, from one consistent snapshot. */
export async function exportCatalog(context: ServiceContext, options: { format: CatalogFormat; out: Writable; activeOnly?: boolean }): Promise<void> {
  const { to: copyTo } = require('pg-copy-streams') as typeof import('pg-copy-streams');
  const { sequelize } = context;
  await sequelize.transaction({ isolationLevel: 'REPEATABLE READ' as never }, async (transaction) => {
    const client = (transaction as unknown as { connection: Client }).connection;
    const stream = client.query(copyTo(exportSql(options.format, options.activeOnly ?? false)));
    if (options.format === 'csv') {
      await pipeline(stream, options.out, { end: false });
      return;
    }
    // JSON: wrap the one-object-per-line stream into an array.
    options.out.write('[');
    let first = true;
    let pending = '';
    const decoder = new StringDecoder('utf8'); // a character may be split across chunks
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        if (!options.out.write(`${first ? '\n' : ',\n'}${line}`)) await new Promise((resolve) => options.out.once('drain', resolve));
        first = false;
      }
    }
    if (pending) options.out.write(`${first ? '\n' : ',\n'}${pending}`);
    options.out.write('\n]\n');
  });
}
