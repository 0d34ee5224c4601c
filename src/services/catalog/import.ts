/**
 * products:import at database speed. One transaction:
 *   1. stream the file, validate each row with zod, and COPY the valid rows into a temporary
 *      staging table (memory stays flat: no row is kept);
 *   2. check what needs the whole file or the database (conflicting rows, duplicate SKUs,
 *      unknown categories and warehouses, SKUs of other products, stock under reservations);
 *   3. any problem: roll back and report every bad row; else plan and, unless a dry run,
 *      merge with set-based SQL (INSERT … ON CONFLICT … WHERE IS DISTINCT FROM), so an
 *      unchanged row is not even rewritten.
 * A killed import leaves the catalog exactly as before.
 */
import type { Readable } from 'node:stream';
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { Client } from 'pg';
import { ValidationError } from '../../lib/errors';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { checkRow, csvRows, jsonRows, type CatalogFormat, type CatalogRow, type RowError, type SourceItem } from './import-format';

/** Every bad row of a refused import, for the command to print (stderr or JSON). */
export class ImportRejected extends ValidationError {
  constructor(
    readonly rowErrors: RowError[],
    readonly totalErrors: number,
  ) {
    super(`the file has ${totalErrors} problem(s)${totalErrors > rowErrors.length ? ` (the first ${rowErrors.length} listed)` : ''}; nothing was imported`);
    this.details = rowErrors.map((e) => ({
      line: `row ${e.row}, ${e.column}${e.value ? ` (${JSON.stringify(e.value)})` : ''}: ${e.reason}`,
      json: { ...e },
    }));
  }
}

const MAX_REPORTED_ERRORS = 10_000;

export interface ImportOptions {
  source: Readable;
  format: CatalogFormat;
  /** Shown in the audit row. */
  sourceName: string;
  dryRun?: boolean;
  deactivateMissing?: boolean;
  onProgress?: (rows: number) => void;
}

export interface ImportPlan {
  products: { create: number; update: number; unchanged: number; deactivate: number };
  variants: { create: number; update: number; unchanged: number };
  priceChanges: { count: number; sample: Array<{ sku: string; from: number; to: number }> };
  stockChanges: number;
}

export interface ImportResult extends ImportPlan {
  rows: number;
  dryRun: boolean;
  changed: boolean;
  seconds: number;
}

// COPY text format: backslash escapes, \N for NULL.
function copyField(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function copyLine(row: number, r: CatalogRow): string {
  return (
    [row, r.product_slug, r.product_name, r.category_slug, r.description, r.image_url, r.is_active, r.sku, r.option_label, r.price_cents, r.stock, r.size, r.color, r.warehouse]
      .map(copyField)
      .join('\t') + '\n'
  );
}

const STAGING = `CREATE TEMPORARY TABLE import_rows (
  row_no integer NOT NULL, product_slug text NOT NULL, product_name text NOT NULL, category_slug text NOT NULL,
  description text, image_url text, is_active boolean NOT NULL, sku text NOT NULL, option_label text NOT NULL,
  price_cents bigint NOT NULL, stock integer NOT NULL, size text, color text, warehouse text
) ON COMMIT DROP`;

async function pgClient(transaction: Transaction): Promise<Client> {
  return (transaction as unknown as { connection: Client }).connection;
}

/** Streams the file into the staging table; returns the row count and the row errors. */
async function stage(client: Client, options: ImportOptions): Promise<{ rows: number; errors: RowError[]; totalErrors: number }> {
  const { from: copyFrom } = require('pg-copy-streams') as typeof import('pg-copy-streams');
  const copy = client.query(copyFrom('COPY import_rows FROM STDIN'));
  const finished = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  const errors: RowError[] = [];
  let totalErrors = 0;
  let rows = 0;
  const report = (found: RowError[]) => {
    totalErrors += found.length;
    for (const error of found) if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
  };
  const items: AsyncGenerator<SourceItem> = options.format === 'csv' ? csvRows(options.source) : jsonRows(options.source);
  try {
    for await (const item of items) {
      if ('errors' in item) {
        report(item.errors);
        if (item.fatal) break;
        continue;
      }
      rows++;
      if (rows % 1000 === 0) options.onProgress?.(rows);
      const checked = checkRow(item.row, item.raw);
      if (!checked.ok) {
        report(checked.errors);
        continue;
      }
      // Rows stop flowing to the database once the import is known to fail.
      if (totalErrors === 0 && !copy.write(copyLine(item.row, checked.value))) {
        await new Promise((resolve) => copy.once('drain', resolve));
      }
    }
  } catch (error) {
    copy.destroy(error as Error);
    await finished.catch(() => undefined);
    const lines = (error as { lines?: number }).lines;
    const reason = (error as Error).message.replace(/^Invalid (Record|Opening Quote|Closing Quote):\s*/i, '');
    throw new ImportRejected([...errors, { row: lines ?? rows + 1, column: '(file)', value: '', reason: `is not readable ${options.format.toUpperCase()}: ${reason}` }], totalErrors + 1);
  }
  copy.end();
  await finished;
  options.onProgress?.(rows);
  return { rows, errors, totalErrors };
}

/** Problems that need the whole file or the database. */
async function crossCheck(sequelize: Sequelize, transaction: Transaction): Promise<RowError[]> {
  const query = <T extends object>(sql: string) => sequelize.query<T>(sql, { type: QueryTypes.SELECT, transaction });
  const errors: RowError[] = [];
  const disagreements = await query<{ slug: string; rows: number[]; columns: string[] }>(`
    SELECT product_slug AS slug, (array_agg(row_no ORDER BY row_no))[1:20] AS rows,
           array_remove(ARRAY[
             CASE WHEN count(DISTINCT product_name) > 1 THEN 'product_name' END,
             CASE WHEN count(DISTINCT category_slug) > 1 THEN 'category_slug' END,
             CASE WHEN count(DISTINCT coalesce(description, '')) > 1 THEN 'description' END,
             CASE WHEN count(DISTINCT coalesce(image_url, '')) > 1 THEN 'image_url' END,
             CASE WHEN count(DISTINCT is_active) > 1 THEN 'is_active' END], NULL) AS columns
    FROM import_rows GROUP BY product_slug
    HAVING count(DISTINCT (product_name, category_slug, coalesce(description, ''), coalesce(image_url, ''), is_active)) > 1
    ORDER BY min(row_no) LIMIT 1000`);
  for (const d of disagreements) {
    errors.push({ row: d.rows[1] ?? d.rows[0], column: d.columns.join(','), value: d.slug, reason: `rows ${d.rows.join(', ')} of product ${d.slug} disagree on ${d.columns.join(', ')}` });
  }
  const variantConflicts = await query<{ sku: string; rows: number[]; columns: string[] }>(`
    SELECT sku, (array_agg(row_no ORDER BY row_no))[1:20] AS rows,
           array_remove(ARRAY[
             CASE WHEN count(DISTINCT product_slug) > 1 THEN 'product_slug' END,
             CASE WHEN count(DISTINCT option_label) > 1 THEN 'option_label' END,
             CASE WHEN count(DISTINCT price_cents) > 1 THEN 'price_cents' END,
             CASE WHEN count(DISTINCT coalesce(size, '')) > 1 THEN 'size' END,
             CASE WHEN count(DISTINCT coalesce(color, '')) > 1 THEN 'color' END], NULL) AS columns
    FROM import_rows GROUP BY sku
    HAVING count(DISTINCT (product_slug, option_label, price_cents, coalesce(size, ''), coalesce(color, ''))) > 1
    ORDER BY min(row_no) LIMIT 1000`);
  for (const d of variantConflicts) {
    errors.push({ row: d.rows[1] ?? d.rows[0], column: d.columns.join(','), value: d.sku, reason: `rows ${d.rows.join(', ')} give SKU ${d.sku} different ${d.columns.join(', ')}` });
  }
  const duplicates = await query<{ sku: string; warehouse: string | null; rows: number[] }>(`
    SELECT sku, warehouse, (array_agg(row_no ORDER BY row_no))[1:20] AS rows FROM import_rows
    GROUP BY sku, warehouse HAVING count(*) > 1 ORDER BY min(row_no) LIMIT 1000`);
  for (const d of duplicates) {
    errors.push({ row: d.rows[1], column: 'sku', value: d.sku, reason: `SKU ${d.sku} appears on rows ${d.rows.join(', ')}${d.warehouse ? ` for warehouse ${d.warehouse}` : ''}` });
  }
  const unknownCategories = await query<{ row: number; slug: string }>(`
    SELECT min(r.row_no) AS row, r.category_slug AS slug FROM import_rows r
    WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.slug = r.category_slug)
    GROUP BY r.category_slug ORDER BY 1 LIMIT 1000`);
  for (const u of unknownCategories) errors.push({ row: u.row, column: 'category_slug', value: u.slug, reason: `no category ${u.slug} (create it with store categories:add)` });
  const unknownWarehouses = await query<{ row: number; name: string }>(`
    SELECT min(r.row_no) AS row, r.warehouse AS name FROM import_rows r
    WHERE r.warehouse IS NOT NULL AND NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.name = r.warehouse)
    GROUP BY r.warehouse ORDER BY 1 LIMIT 1000`);
  for (const u of unknownWarehouses) errors.push({ row: u.row, column: 'warehouse', value: u.name, reason: `no warehouse ${u.name} (create it with store warehouses:add)` });
  const [noDefault] = await query<{ row: number | null }>(`
    SELECT min(row_no) AS row FROM import_rows WHERE warehouse IS NULL AND NOT EXISTS (SELECT 1 FROM warehouses WHERE is_default)`);
  if (noDefault?.row) errors.push({ row: noDefault.row, column: 'warehouse', value: '', reason: 'is empty and there is no default warehouse (store warehouses:add --default)' });
  const stolen = await query<{ row: number; sku: string; owner: string }>(`
    SELECT min(r.row_no) AS row, r.sku, p.slug AS owner FROM import_rows r
    JOIN product_variants v ON v.sku = r.sku JOIN products p ON p.id = v.product_id
    WHERE p.slug <> r.product_slug GROUP BY r.sku, p.slug ORDER BY 1 LIMIT 1000`);
  for (const s of stolen) errors.push({ row: s.row, column: 'sku', value: s.sku, reason: `SKU ${s.sku} belongs to product ${s.owner}` });
  const underReserved = await query<{ row: number; sku: string; warehouse: string; reserved: number; stock: number }>(`
    SELECT r.row_no AS row, r.sku, w.name AS warehouse, i.quantity_reserved AS reserved, r.stock
    FROM import_rows r
    JOIN warehouses w ON w.name = r.warehouse OR (r.warehouse IS NULL AND w.is_default)
    JOIN product_variants v ON v.sku = r.sku
    JOIN inventory i ON i.variant_id = v.id AND i.warehouse_id = w.id
    WHERE r.stock < i.quantity_reserved ORDER BY 1 LIMIT 1000`);
  for (const u of underReserved) {
    errors.push({ row: u.row, column: 'stock', value: String(u.stock), reason: `${u.sku} has ${u.reserved} unit(s) reserved by pending orders in ${u.warehouse}` });
  }
  return errors.sort((a, b) => a.row - b.row);
}

// Rows resolved against the database: which product, variant and inventory row each names.
const RESOLVED = `
  WITH resolved AS (
    SELECT r.*, c.id AS category_id, p.id AS product_id, v.id AS variant_id, w.id AS warehouse_id
    FROM import_rows r
    JOIN categories c ON c.slug = r.category_slug
    JOIN warehouses w ON w.name = r.warehouse OR (r.warehouse IS NULL AND w.is_default)
    LEFT JOIN products p ON p.slug = r.product_slug
    LEFT JOIN product_variants v ON v.sku = r.sku
  )`;

async function plan(sequelize: Sequelize, transaction: Transaction, deactivateMissing: boolean): Promise<ImportPlan> {
  const [counts] = await sequelize.query<Record<string, number>>(
    `${RESOLVED},
     file_products AS (
       SELECT DISTINCT ON (r.product_slug) r.*, p.category_id AS old_category, p.name AS old_name, p.description AS old_description,
              p.image_url AS old_image, p.is_active AS old_active, p.id IS NULL AS is_new
       FROM resolved r LEFT JOIN products p ON p.id = r.product_id ORDER BY r.product_slug, r.row_no
     ),
     file_variants AS (
       SELECT DISTINCT ON (r.sku) r.*, v.id IS NULL AS is_new, v.option_label AS old_label, v.price_cents AS old_price, v.size AS old_size, v.color AS old_color
       FROM resolved r LEFT JOIN product_variants v ON v.id = r.variant_id ORDER BY r.sku, r.row_no
     )
     SELECT
       (SELECT count(*) FROM file_products WHERE is_new)::int AS products_create,
       (SELECT count(*) FROM file_products WHERE NOT is_new AND (category_id, product_name, description, image_url, is_active)
          IS DISTINCT FROM (old_category, old_name, old_description, old_image, old_active))::int AS products_update,
       (SELECT count(*) FROM file_products)::int AS products_total,
       (SELECT count(*) FROM file_variants WHERE is_new)::int AS variants_create,
       (SELECT count(*) FROM file_variants WHERE NOT is_new AND (option_label, price_cents, size, color)
          IS DISTINCT FROM (old_label, old_price, old_size, old_color))::int AS variants_update,
       (SELECT count(*) FROM file_variants)::int AS variants_total,
       (SELECT count(*) FROM file_variants WHERE NOT is_new AND price_cents <> old_price)::int AS price_changes,
       (SELECT count(*) FROM resolved r LEFT JOIN inventory i ON i.variant_id = r.variant_id AND i.warehouse_id = r.warehouse_id
          WHERE (i.id IS NULL AND r.stock > 0) OR i.quantity_available IS DISTINCT FROM r.stock AND i.id IS NOT NULL)::int AS stock_changes,
       (CASE WHEN :deactivateMissing THEN (SELECT count(*) FROM products p WHERE p.is_active
          AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.product_slug = p.slug)) ELSE 0 END)::int AS products_deactivate`,
    { type: QueryTypes.SELECT, transaction, replacements: { deactivateMissing } },
  );
  const sample = await sequelize.query<{ sku: string; from: number; to: number }>(
    `SELECT DISTINCT ON (r.sku) r.sku, v.price_cents AS "from", r.price_cents AS "to"
     FROM import_rows r JOIN product_variants v ON v.sku = r.sku WHERE v.price_cents <> r.price_cents ORDER BY r.sku, r.row_no LIMIT 20`,
    { type: QueryTypes.SELECT, transaction },
  );
  return {
    products: {
      create: counts.products_create,
      update: counts.products_update,
      unchanged: counts.products_total - counts.products_create - counts.products_update,
      deactivate: counts.products_deactivate,
    },
    variants: { create: counts.variants_create, update: counts.variants_update, unchanged: counts.variants_total - counts.variants_create - counts.variants_update },
    priceChanges: { count: counts.price_changes, sample },
    stockChanges: counts.stock_changes,
  };
}

async function merge(sequelize: Sequelize, transaction: Transaction, deactivateMissing: boolean): Promise<void> {
  const run = (sql: string) => sequelize.query(sql, { transaction });
  await run(`
    INSERT INTO products (category_id, slug, name, description, image_url, is_active)
    SELECT DISTINCT ON (r.product_slug) c.id, r.product_slug, r.product_name, r.description, r.image_url, r.is_active
    FROM import_rows r JOIN categories c ON c.slug = r.category_slug ORDER BY r.product_slug, r.row_no
    ON CONFLICT (slug) DO UPDATE SET category_id = EXCLUDED.category_id, name = EXCLUDED.name, description = EXCLUDED.description,
      image_url = EXCLUDED.image_url, is_active = EXCLUDED.is_active
    WHERE (products.category_id, products.name, products.description, products.image_url, products.is_active)
      IS DISTINCT FROM (EXCLUDED.category_id, EXCLUDED.name, EXCLUDED.description, EXCLUDED.image_url, EXCLUDED.is_active)`);
  // Fresh statistics after each bulk step: with the old ones the planner thinks the tables
  // just filled are tiny and picks nested loops that take minutes on 100,000 rows.
  await run('ANALYZE products');
  await run(`
    INSERT INTO product_variants (product_id, sku, option_label, price_cents, size, color)
    SELECT DISTINCT ON (r.sku) p.id, r.sku, r.option_label, r.price_cents, r.size, r.color
    FROM import_rows r JOIN products p ON p.slug = r.product_slug ORDER BY r.sku, r.row_no
    ON CONFLICT (sku) DO UPDATE SET option_label = EXCLUDED.option_label, price_cents = EXCLUDED.price_cents,
      size = EXCLUDED.size, color = EXCLUDED.color
    WHERE (product_variants.option_label, product_variants.price_cents, product_variants.size, product_variants.color)
      IS DISTINCT FROM (EXCLUDED.option_label, EXCLUDED.price_cents, EXCLUDED.size, EXCLUDED.color)`);
  await run('ANALYZE product_variants, inventory');
  await run(`
    INSERT INTO inventory (warehouse_id, variant_id, quantity_available)
    SELECT w.id, v.id, r.stock
    FROM import_rows r
    JOIN product_variants v ON v.sku = r.sku
    JOIN warehouses w ON w.name = r.warehouse OR (r.warehouse IS NULL AND w.is_default)
    WHERE r.stock > 0 OR EXISTS (SELECT 1 FROM inventory i WHERE i.variant_id = v.id AND i.warehouse_id = w.id)
    ON CONFLICT (warehouse_id, variant_id) DO UPDATE SET quantity_available = EXCLUDED.quantity_available
    WHERE inventory.quantity_available IS DISTINCT FROM EXCLUDED.quantity_available`);
  if (deactivateMissing) {
    await run(`UPDATE products p SET is_active = false WHERE p.is_active AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.product_slug = p.slug)`);
  }
}

export async function importCatalog(context: ServiceContext, options: ImportOptions): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  const { sequelize } = context;
  const dryRun = options.dryRun ?? false;
  const deactivateMissing = options.deactivateMissing ?? false;
  return sequelize.transaction(async (transaction) => {
    // One import at a time: two concurrent merges of overlapping files would interleave.
    await sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('store.catalog-import'))`, { transaction });
    await sequelize.query(STAGING, { transaction });
    const staged = await stage(await pgClient(transaction), options);
    if (staged.totalErrors > 0) throw new ImportRejected(staged.errors, staged.totalErrors);
    if (staged.rows === 0) throw new ImportRejected([{ row: 1, column: '(file)', value: '', reason: 'has no rows' }], 1);
    await sequelize.query('ANALYZE import_rows', { transaction });
    const problems = await crossCheck(sequelize, transaction);
    if (problems.length > 0) throw new ImportRejected(problems, problems.length);
    const result = await plan(sequelize, transaction, deactivateMissing);
    const changed =
      result.products.create + result.products.update + result.products.deactivate + result.variants.create + result.variants.update + result.stockChanges > 0;
    if (!dryRun && changed) {
      await merge(sequelize, transaction, deactivateMissing);
      await audit(sequelize, transaction, {
        actorId: context.actor?.id ?? null,
        action: 'products.import',
        entity: 'products',
        entityId: null,
        meta: { source: options.sourceName, rows: staged.rows, products: result.products, variants: result.variants, priceChanges: result.priceChanges.count, stockChanges: result.stockChanges },
      });
    }
    // A dry run wrote only the temporary staging table, which the commit drops.
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...result, rows: staged.rows, dryRun, changed, seconds };
  });
}
