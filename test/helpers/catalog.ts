/**
 * A comparable picture of a database's schema, read from pg_catalog (no pg_dump in the
 * embedded bundle): tables and columns, constraints, indexes, triggers, functions, views,
 * comments and extensions. Two databases with equal snapshots have the same schema.
 */
import type { TestDatabase } from './database';

export interface CatalogSnapshot {
  columns: unknown[];
  constraints: unknown[];
  indexes: unknown[];
  triggers: unknown[];
  functions: unknown[];
  views: unknown[];
  comments: unknown[];
  extensions: unknown[];
}

export async function catalogSnapshot(db: TestDatabase, options: { excludeTables?: string[] } = {}): Promise<CatalogSnapshot> {
  const exclude = options.excludeTables ?? [];
  const columns = await db.query(
    `SELECT c.relname AS table, c.relkind AS kind, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity, a.attgenerated AS generated
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'm') AND NOT (c.relname = ANY($1))
     ORDER BY c.relname, a.attname`,
    [exclude],
  );
  const constraints = await db.query(
    `SELECT c.relname AS table, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS definition, k.condeferrable AS deferrable
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     WHERE NOT (c.relname = ANY($1))
     ORDER BY c.relname, k.conname`,
    [exclude],
  );
  const indexes = await db.query(
    `SELECT tablename AS table, indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = 'public' AND NOT (tablename = ANY($1)) ORDER BY tablename, indexname`,
    [exclude],
  );
  const triggers = await db.query(
    `SELECT c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition
     FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     WHERE NOT t.tgisinternal ORDER BY c.relname, t.tgname`,
  );
  const functions = await db.query(
    `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, pg_get_functiondef(p.oid) AS definition
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
     LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
     WHERE d.objid IS NULL ORDER BY p.proname, args`,
  );
  const views = await db.query(
    `SELECT c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid) AS definition
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     WHERE c.relkind IN ('v', 'm') ORDER BY c.relname`,
  );
  const comments = await db.query(
    `SELECT c.relname AS table, coalesce(a.attname, '') AS column, d.description
     FROM pg_description d
     JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
     ORDER BY 1, 2`,
  );
  const extensions = await db.query(`SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname`);
  return { columns, constraints, indexes, triggers, functions, views, comments, extensions };
}
