import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect } from '../../src/db/connection';
import { migrateDown, migrateUp, migrationNames, schemaState } from '../../src/db/migrator';
import { MIGRATIONS_DIR, SQL_DIR } from '../../src/db/paths';
import { catalogSnapshot } from '../helpers/catalog';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { recordFigure } from '../helpers/reliability';

const TABLES = [
  'addresses', 'auth_tokens', 'categories', 'coupons', 'customers', 'inventory', 'medicinal_documents', 'order_items', 'orders',
  'payments', 'price_history', 'product_reviews', 'product_variants', 'products', 'promotion_categories', 'promotion_products',
  'promotions', 'refunds', 'returns', 'sellers', 'shipments', 'stock_allocations', 'system_logs', 'user_profiles', 'users', 'warehouses',
];

describe('migrations', () => {
  let migrated: TestDatabase;
  before(async () => {
    migrated = await freshDatabase();
  });
  after(async () => migrated.close());

  it('creates every table of both source documents and records every migration', async () => {
    const rows = await migrated.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'SequelizeMeta' ORDER BY 1`,
    );
    expect(rows.map((r) => r.name)).to.deep.equal(TABLES);
    const meta = await migrated.query<{ name: string }>('SELECT name FROM "SequelizeMeta" ORDER BY name');
    expect(meta.map((r) => r.name)).to.deep.equal(migrationNames());
  });

  it('has the five named indexes of seed 000 on the right columns', async () => {
    const rows = await migrated.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1) ORDER BY indexname`,
      [['idx_products_category_id', 'idx_variants_product_id', 'idx_order_items_order_id', 'idx_orders_user_id_status_created_at', 'idx_medicinal_documents_user_id_status_created_at']],
    );
    expect(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING btree /, '')])).to.deep.equal([
      ['idx_medicinal_documents_user_id_status_created_at', '(user_id, status, created_at)'],
      ['idx_order_items_order_id', '(order_id)'],
      ['idx_orders_user_id_status_created_at', '(user_id, status, created_at)'],
      ['idx_products_category_id', '(category_id)'],
      ['idx_variants_product_id', '(product_id)'],
    ]);
  });

  it('comments every table, every primary key and every foreign-key column', async () => {
    const missing = await migrated.query<{ what: string }>(
      `SELECT c.relname AS what FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       WHERE c.relkind = 'r' AND c.relname <> 'SequelizeMeta' AND obj_description(c.oid, 'pg_class') IS NULL
       UNION ALL
       SELECT c.relname || '.' || a.attname FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(k.conkey)
       WHERE k.contype IN ('p', 'f') AND c.relname <> 'SequelizeMeta' AND col_description(c.oid, a.attnum) IS NULL
       ORDER BY 1`,
    );
    expect(missing.map((r) => r.what)).to.deep.equal([]);
  });

  it('makes every foreign key ON UPDATE CASCADE ON DELETE RESTRICT, but order lines cascade with their order', async () => {
    const rows = await migrated.query<{ name: string; upd: string; del: string }>(
      `SELECT conname AS name, confupdtype AS upd, confdeltype AS del FROM pg_constraint
       WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conname`,
    );
    expect(rows.length).to.be.greaterThan(30);
    for (const row of rows) {
      expect(row.upd, row.name).to.equal('c');
      expect(row.del, row.name).to.equal(row.name === 'order_items_order_id_fkey' ? 'c' : 'r');
    }
  });

  it('creates the four views with their exact columns, and their materialized copies with unique indexes', async () => {
    const columns = async (name: string) =>
      (
        await migrated.query<{ attname: string }>(
          `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 ORDER BY attnum`,
          [name],
        )
      ).map((r) => r.attname);
    const expected: Record<string, string[]> = {
      view_sales_by_day: ['fecha', 'orders_count', 'total_sales_cents'],
      view_top_products: ['product_id', 'product_name', 'units_sold', 'revenue_cents'],
      view_stock_low: ['variant_id', 'product', 'option_label', 'stock'],
      view_medicinal_status: ['user_id', 'email', 'last_doc_status', 'last_doc_date'],
    };
    for (const [view, cols] of Object.entries(expected)) {
      expect(await columns(view), view).to.deep.equal(cols);
      expect(await columns(view.replace(/^view_/, 'mv_')), view).to.deep.equal(cols);
      const unique = await migrated.query(
        `SELECT 1 FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisunique`,
        [view.replace(/^view_/, 'mv_')],
      );
      expect(unique, `unique index on mv of ${view}`).to.have.length(1);
    }
    // CONCURRENTLY works only with such an index: prove it on each.
    for (const view of Object.keys(expected)) {
      await migrated.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view.replace(/^view_/, 'mv_')}`);
    }
  });

  it('migrate, undo all, migrate again leaves the same catalog', async () => {
    const db = await freshDatabase();
    try {
      const before = await catalogSnapshot(db);
      const sequelize = await connect(db.url);
      try {
        const reverted = await migrateDown(sequelize, 0);
        expect(reverted).to.deep.equal([...migrationNames()].reverse());
        const empty = await db.query(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname <> 'SequelizeMeta' AND relname NOT LIKE 'SequelizeMeta%'`);
        expect(empty).to.deep.equal([]);
        expect((await schemaState(sequelize)).applied).to.deep.equal([]);
        expect(await migrateUp(sequelize)).to.deep.equal(migrationNames());
      } finally {
        await sequelize.close();
      }
      expect(await catalogSnapshot(db)).to.deep.equal(before);
      const [{ version }] = await db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
      recordFigure({ section: 'migrations', name: 'migrate up, undo all, up again: same catalog', trials: 1, violations: 0, notes: `PostgreSQL ${version}` });
    } finally {
      await db.close();
    }
  });

  it('undoes one migration at a time, newest first', async () => {
    const db = await freshDatabase();
    const sequelize = await connect(db.url);
    try {
      const names = migrationNames();
      expect(await migrateDown(sequelize)).to.deep.equal([names[names.length - 1]]);
      expect((await schemaState(sequelize)).pending).to.deep.equal([names[names.length - 1]]);
      expect(await migrateUp(sequelize)).to.deep.equal([names[names.length - 1]]);
    } finally {
      await sequelize.close();
      await db.close();
    }
  });

  it('the SQL files applied directly, as psql -f would, give the same catalog as the migrations', async () => {
    const db = await freshDatabase({ empty: true });
    try {
      for (const name of migrationNames()) {
        const { sql } = require(path.join(MIGRATIONS_DIR, name)) as { sql: { up: string } };
        await db.query(fs.readFileSync(path.join(SQL_DIR, sql.up), 'utf8'));
      }
      const direct = await catalogSnapshot(db);
      const viaMigrations = await catalogSnapshot(migrated, { excludeTables: ['SequelizeMeta'] });
      expect(direct).to.deep.equal(viaMigrations);
    } finally {
      await db.close();
    }
  });

  it('two processes migrating at once apply each migration exactly once', async () => {
    const db = await freshDatabase({ empty: true });
    const [a, b] = [await connect(db.url), await connect(db.url)];
    try {
      const [ra, rb] = await Promise.all([migrateUp(a), migrateUp(b)]);
      expect([...ra, ...rb].sort()).to.include.members(migrationNames());
      const meta = await db.query<{ name: string }>('SELECT name FROM "SequelizeMeta" ORDER BY name');
      expect(meta.map((r) => r.name)).to.deep.equal(migrationNames());
    } finally {
      await a.close();
      await b.close();
      await db.close();
    }
  });
});
