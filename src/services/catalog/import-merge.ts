/**
 * The set-based half of an import, after the file is in import_rows:
 *   resolve  one pass per entity groups the file into import_products (per slug),
 *            import_variants (per SKU) and import_stock (per SKU and warehouse), each row
 *            beside what the database holds, so checks, plan and merge read small tables
 *            instead of joining the file again;
 *   check    what needs the whole file or the database;
 *   plan     counts of what would change;
 *   merge    writes only what changed, each row once: a new variant's stock is written
 *            before the variant (the inventory FK is deferred), so the variant is created
 *            with its final stock rather than created and then rewritten by the stock sync.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { RowError } from './import-format';

export interface ImportPlan {
  products: { create: number; update: number; unchanged: number; deactivate: number };
  variants: { create: number; update: number; unchanged: number };
  priceChanges: { count: number; sample: Array<{ sku: string; from: number; to: number }> };
  stockChanges: number;
}

type Db = { sequelize: Sequelize; transaction: Transaction };

const select = <T extends object>({ sequelize, transaction }: Db, sql: string, replacements: Record<string, unknown> = {}) =>
  sequelize.query<T>(sql, { type: QueryTypes.SELECT, transaction, replacements });
const run = ({ sequelize, transaction }: Db, sql: string, replacements: Record<string, unknown> = {}) => sequelize.query(sql, { transaction, replacements });

/**
 * Builds the three resolution tables. `assignIds` gives every new variant its id now (the
 * merge needs it before the variant exists); a dry run does not, so it uses up no ids.
 * Rows of one product (or SKU) agree unless `disagree` (or `conflicting`) says otherwise;
 * min() then picks the common value without a sort.
 */
export async function resolve(db: Db, assignIds: boolean): Promise<void> {
  await run(
    db,
    `CREATE TEMPORARY TABLE import_products ON COMMIT DROP AS
     SELECT f.*, c.id AS category_id, p.id AS existing_id,
            p.id IS NOT NULL AND (p.category_id, p.name, p.description, p.image_url, p.is_active)
              IS DISTINCT FROM (c.id, f.name, f.description, f.image_url, f.is_active) AS changed
     FROM (SELECT product_slug AS slug, min(row_no) AS row_no, min(product_name) AS name, min(category_slug) AS category_slug,
                  min(description) AS description, min(image_url) AS image_url, bool_and(is_active) AS is_active,
                  min(product_name) <> max(product_name) OR min(category_slug) <> max(category_slug)
                    OR min(coalesce(description, '')) <> max(coalesce(description, '')) OR min(coalesce(image_url, '')) <> max(coalesce(image_url, ''))
                    OR bool_and(is_active) <> bool_or(is_active) AS disagree
           FROM import_rows GROUP BY product_slug) f
     LEFT JOIN categories c ON c.slug = f.category_slug
     LEFT JOIN products p ON p.slug = f.slug`,
  );
  const [{ sequence }] = await select<{ sequence: string }>(db, `SELECT pg_get_serial_sequence('product_variants', 'id') AS sequence`);
  await run(
    db,
    `CREATE TEMPORARY TABLE import_variants ON COMMIT DROP AS
     SELECT f.*, v.id AS existing_id, owner.slug AS owner_slug, v.price_cents AS old_price,
            v.id IS NOT NULL AND (v.option_label, v.price_cents, v.size, v.color) IS DISTINCT FROM (f.option_label, f.price_cents, f.size, f.color) AS changed,
            CASE WHEN v.id IS NOT NULL THEN v.id WHEN :assignIds THEN nextval(:sequence::regclass) END AS id
     FROM (SELECT sku, min(row_no) AS row_no, min(product_slug) AS product_slug, min(option_label) AS option_label, min(price_cents) AS price_cents,
                  min(size) AS size, min(color) AS color, sum(stock) AS stock,
                  min(product_slug) <> max(product_slug) OR min(option_label) <> max(option_label) OR min(price_cents) <> max(price_cents)
                    OR min(coalesce(size, '')) <> max(coalesce(size, '')) OR min(coalesce(color, '')) <> max(coalesce(color, '')) AS conflicting
           FROM import_rows GROUP BY sku) f
     LEFT JOIN product_variants v ON v.sku = f.sku
     LEFT JOIN products owner ON owner.id = v.product_id`,
    { assignIds, sequence },
  );
  await run(
    db,
    `CREATE TEMPORARY TABLE import_stock ON COMMIT DROP AS
     SELECT r.row_no, r.sku, r.warehouse, r.stock, w.id AS warehouse_id, w.name AS warehouse_name, v.id AS variant_id,
            i.id AS inventory_id, i.quantity_available AS old_available, i.quantity_reserved AS reserved
     FROM import_rows r
     JOIN import_variants v ON v.sku = r.sku
     LEFT JOIN warehouses w ON w.name = coalesce(r.warehouse, (SELECT name FROM warehouses WHERE is_default))
     LEFT JOIN inventory i ON i.variant_id = v.existing_id AND i.warehouse_id = w.id`,
  );
}

/** Every problem that needs the whole file or the database, in row order. */
export async function crossCheck(db: Db): Promise<RowError[]> {
  const errors: RowError[] = [];
  // The grouped details are computed only for the products and SKUs already known to be bad.
  const disagreements = await select<{ slug: string; rows: number[]; columns: string[] }>(
    db,
    `SELECT product_slug AS slug, (array_agg(row_no ORDER BY row_no))[1:20] AS rows,
            array_remove(ARRAY[
              CASE WHEN count(DISTINCT product_name) > 1 THEN 'product_name' END,
              CASE WHEN count(DISTINCT category_slug) > 1 THEN 'category_slug' END,
              CASE WHEN count(DISTINCT coalesce(description, '')) > 1 THEN 'description' END,
              CASE WHEN count(DISTINCT coalesce(image_url, '')) > 1 THEN 'image_url' END,
              CASE WHEN count(DISTINCT is_active) > 1 THEN 'is_active' END], NULL) AS columns
     FROM import_rows WHERE product_slug IN (SELECT slug FROM import_products WHERE disagree)
     GROUP BY product_slug ORDER BY min(row_no) LIMIT 1000`,
  );
  for (const d of disagreements) {
    errors.push({ row: d.rows[1] ?? d.rows[0], column: d.columns.join(','), value: d.slug, reason: `rows ${d.rows.join(', ')} of product ${d.slug} disagree on ${d.columns.join(', ')}` });
  }
  const variantConflicts = await select<{ sku: string; rows: number[]; columns: string[] }>(
    db,
    `SELECT sku, (array_agg(row_no ORDER BY row_no))[1:20] AS rows,
            array_remove(ARRAY[
              CASE WHEN count(DISTINCT product_slug) > 1 THEN 'product_slug' END,
              CASE WHEN count(DISTINCT option_label) > 1 THEN 'option_label' END,
              CASE WHEN count(DISTINCT price_cents) > 1 THEN 'price_cents' END,
              CASE WHEN count(DISTINCT coalesce(size, '')) > 1 THEN 'size' END,
              CASE WHEN count(DISTINCT coalesce(color, '')) > 1 THEN 'color' END], NULL) AS columns
     FROM import_rows WHERE sku IN (SELECT sku FROM import_variants WHERE conflicting)
     GROUP BY sku ORDER BY min(row_no) LIMIT 1000`,
  );
  for (const d of variantConflicts) {
    errors.push({ row: d.rows[1] ?? d.rows[0], column: d.columns.join(','), value: d.sku, reason: `rows ${d.rows.join(', ')} give SKU ${d.sku} different ${d.columns.join(', ')}` });
  }
  const duplicates = await select<{ sku: string; warehouse: string | null; rows: number[] }>(
    db,
    `WITH repeated AS (SELECT sku, warehouse FROM import_rows GROUP BY sku, warehouse HAVING count(*) > 1)
     SELECT r.sku, r.warehouse, (array_agg(r.row_no ORDER BY r.row_no))[1:20] AS rows
     FROM import_rows r JOIN repeated d ON d.sku = r.sku AND d.warehouse IS NOT DISTINCT FROM r.warehouse
     GROUP BY r.sku, r.warehouse ORDER BY min(r.row_no) LIMIT 1000`,
  );
  for (const d of duplicates) {
    errors.push({ row: d.rows[1], column: 'sku', value: d.sku, reason: `SKU ${d.sku} appears on rows ${d.rows.join(', ')}${d.warehouse ? ` for warehouse ${d.warehouse}` : ''}` });
  }
  const unknownCategories = await select<{ row: number; slug: string }>(
    db,
    `SELECT min(row_no) AS row, category_slug AS slug FROM import_products WHERE category_id IS NULL GROUP BY category_slug ORDER BY 1 LIMIT 1000`,
  );
  for (const u of unknownCategories) errors.push({ row: u.row, column: 'category_slug', value: u.slug, reason: `no category ${u.slug} (create it with store categories:add)` });
  const unknownWarehouses = await select<{ row: number; name: string }>(
    db,
    `SELECT min(row_no) AS row, warehouse AS name FROM import_stock WHERE warehouse IS NOT NULL AND warehouse_id IS NULL GROUP BY warehouse ORDER BY 1 LIMIT 1000`,
  );
  for (const u of unknownWarehouses) errors.push({ row: u.row, column: 'warehouse', value: u.name, reason: `no warehouse ${u.name} (create it with store warehouses:add)` });
  const [noDefault] = await select<{ row: number | null }>(db, `SELECT min(row_no) AS row FROM import_stock WHERE warehouse IS NULL AND warehouse_id IS NULL`);
  if (noDefault?.row) errors.push({ row: noDefault.row, column: 'warehouse', value: '', reason: 'is empty and there is no default warehouse (store warehouses:add --default)' });
  const stolen = await select<{ row: number; sku: string; owner: string }>(
    db,
    `SELECT row_no AS row, sku, owner_slug AS owner FROM import_variants WHERE owner_slug <> product_slug ORDER BY 1 LIMIT 1000`,
  );
  for (const s of stolen) errors.push({ row: s.row, column: 'sku', value: s.sku, reason: `SKU ${s.sku} belongs to product ${s.owner}` });
  const underReserved = await select<{ row: number; sku: string; warehouse: string; reserved: number; stock: number }>(
    db,
    `SELECT row_no AS row, sku, warehouse_name AS warehouse, reserved, stock FROM import_stock WHERE stock < reserved ORDER BY 1 LIMIT 1000`,
  );
  for (const u of underReserved) {
    errors.push({ row: u.row, column: 'stock', value: String(u.stock), reason: `${u.sku} has ${u.reserved} unit(s) reserved by pending orders in ${u.warehouse}` });
  }
  return errors.sort((a, b) => a.row - b.row);
}

export async function plan(db: Db, deactivateMissing: boolean): Promise<ImportPlan> {
  const [counts] = await select<Record<string, number>>(
    db,
    `SELECT p.*, v.*, s.*,
            (CASE WHEN :deactivateMissing THEN (SELECT count(*) FROM products x WHERE x.is_active
               AND NOT EXISTS (SELECT 1 FROM import_products f WHERE f.slug = x.slug)) ELSE 0 END)::int AS products_deactivate
     FROM (SELECT count(*) FILTER (WHERE existing_id IS NULL)::int AS products_create, count(*) FILTER (WHERE changed)::int AS products_update,
                  count(*)::int AS products_total FROM import_products) p,
          (SELECT count(*) FILTER (WHERE existing_id IS NULL)::int AS variants_create, count(*) FILTER (WHERE changed)::int AS variants_update,
                  count(*)::int AS variants_total, count(*) FILTER (WHERE price_cents <> old_price)::int AS price_changes FROM import_variants) v,
          (SELECT count(*) FILTER (WHERE (inventory_id IS NULL AND stock > 0) OR (inventory_id IS NOT NULL AND old_available IS DISTINCT FROM stock))::int AS stock_changes
           FROM import_stock) s`,
    { deactivateMissing },
  );
  const sample = await select<{ sku: string; from: number; to: number }>(
    db,
    `SELECT sku, old_price AS "from", price_cents AS "to" FROM import_variants WHERE price_cents <> old_price ORDER BY sku LIMIT 20`,
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

/**
 * Writes the plan. Order matters: products first (variants name them); existing variants
 * next (a price change closes and opens price_history periods); then inventory, with the
 * FK to variants deferred for the new ones; then the new variants with their stock, which
 * their statement-level trigger checks against that inventory; then the FK is checked.
 */
export async function merge(db: Db, deactivateMissing: boolean): Promise<void> {
  await run(
    db,
    `INSERT INTO products (category_id, slug, name, description, image_url, is_active)
     SELECT category_id, slug, name, description, image_url, is_active FROM import_products WHERE existing_id IS NULL`,
  );
  await run(
    db,
    `UPDATE products p SET category_id = f.category_id, name = f.name, description = f.description, image_url = f.image_url, is_active = f.is_active
     FROM import_products f WHERE p.id = f.existing_id AND f.changed`,
  );
  await run(
    db,
    `UPDATE product_variants v SET option_label = f.option_label, price_cents = f.price_cents, size = f.size, color = f.color
     FROM import_variants f WHERE v.id = f.existing_id AND f.changed`,
  );
  await run(db, 'SET CONSTRAINTS inventory_variant_id_fkey DEFERRED');
  await run(
    db,
    `INSERT INTO inventory (warehouse_id, variant_id, quantity_available)
     SELECT warehouse_id, variant_id, stock FROM import_stock WHERE inventory_id IS NULL AND stock > 0`,
  );
  await run(
    db,
    `UPDATE inventory i SET quantity_available = s.stock
     FROM import_stock s WHERE i.id = s.inventory_id AND i.quantity_available IS DISTINCT FROM s.stock`,
  );
  await run(
    db,
    `INSERT INTO product_variants (id, product_id, sku, option_label, price_cents, size, color, stock)
     SELECT f.id, p.id, f.sku, f.option_label, f.price_cents, f.size, f.color, f.stock
     FROM import_variants f JOIN products p ON p.slug = f.product_slug WHERE f.existing_id IS NULL`,
  );
  await run(db, 'SET CONSTRAINTS inventory_variant_id_fkey IMMEDIATE');
  if (deactivateMissing) {
    await run(db, `UPDATE products p SET is_active = false WHERE p.is_active AND NOT EXISTS (SELECT 1 FROM import_products f WHERE f.slug = p.slug)`);
  }
}
