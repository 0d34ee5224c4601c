/**
 * Drift test: every sequelize-typescript model agrees with the live table built by the
 * migrations — columns, types, nullability, defaults, keys and foreign keys — with no
 * ignore list. sync() is never used; the SQL files are the schema.
 */
import { expect } from 'chai';
import { models } from '../../src/models';
import { describeModels } from '../../src/services/db/erd';
import { freshDatabase, type TestDatabase } from '../helpers/database';

interface ModelAttribute {
  field: string;
  type: { key: string; options?: { length?: number; precision?: number; scale?: number }; _length?: number; _precision?: number; _scale?: number };
  allowNull?: boolean;
  primaryKey?: boolean;
  autoIncrement?: boolean;
  defaultValue?: unknown;
  references?: { model: string | { tableName: string }; key: string };
  onUpdate?: string;
  onDelete?: string;
}

interface LiveColumn {
  column_name: string;
  data_type: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
}

const PG_TYPE: Record<string, string> = {
  BIGINT: 'bigint',
  INTEGER: 'integer',
  SMALLINT: 'smallint',
  STRING: 'character varying',
  CHAR: 'character',
  TEXT: 'text',
  BOOLEAN: 'boolean',
  DATE: 'timestamp with time zone',
  DATEONLY: 'date',
  DECIMAL: 'numeric',
  JSONB: 'jsonb',
};

const FK_ACTION: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** The model's default as the SQL text information_schema shows, for comparison. */
function modelDefault(attribute: ModelAttribute): string | null {
  const value = attribute.defaultValue;
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null && (value as { key?: string }).key === 'NOW') return 'now()';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value);
}

/** information_schema's default text without its cast: `'pending'::character varying` → `'pending'`. */
function liveDefault(column: LiveColumn): string | null {
  if (column.column_default === null) return null;
  const text = column.column_default.replace(/::[a-z ]+$/, '');
  if (/::jsonb$/.test(column.column_default)) return JSON.stringify(JSON.parse(text.replace(/^'|'$/g, '')));
  return text;
}

function tableOf(reference: ModelAttribute['references']): string | undefined {
  if (!reference) return undefined;
  return typeof reference.model === 'string' ? reference.model : reference.model.tableName;
}

describe('models agree with the live schema', () => {
  let db: TestDatabase;
  let foreignKeys: Array<{ table: string; column: string; ref_table: string; ref_column: string; on_update: string; on_delete: string }>;
  before(async () => {
    db = await freshDatabase();
    foreignKeys = await db.query(
      `SELECT c.relname AS table, a.attname AS column, rc.relname AS ref_table, ra.attname AS ref_column,
              k.confupdtype AS on_update, k.confdeltype AS on_delete
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class rc ON rc.oid = k.confrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
       WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace AND array_length(k.conkey, 1) = 1`,
    );
  });
  after(async () => db.close());

  it('there is exactly one model per table', async () => {
    const tables = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'SequelizeMeta' ORDER BY 1`,
    );
    const modelTables = describeModels(models).map((m) => m.getTableName().toString()).sort();
    expect(modelTables).to.deep.equal(tables.map((t) => t.name));
  });

  for (const model of describeModels(models)) {
    const table = model.getTableName().toString();
    it(`${model.name} matches table ${table}`, async () => {
      const live = await db.query<LiveColumn>(
        `SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default, is_identity, is_generated
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [table],
      );
      const attributes = Object.values(model.getAttributes()) as unknown as ModelAttribute[];
      expect(attributes.map((a) => a.field).sort(), 'columns').to.deep.equal(live.map((c) => c.column_name));

      const primaryKey = await db.query<{ column: string }>(
        `SELECT a.attname AS column FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attname`,
        [table],
      );
      expect(attributes.filter((a) => a.primaryKey).map((a) => a.field).sort(), 'primary key').to.deep.equal(primaryKey.map((p) => p.column));

      for (const column of live) {
        const attribute = attributes.find((a) => a.field === column.column_name)!;
        const where = `${table}.${column.column_name}`;
        const type = attribute.type;
        expect(PG_TYPE[type.key], `${where} type`).to.equal(column.data_type);
        if (type.key === 'STRING' || type.key === 'CHAR') expect(type.options?.length ?? type._length, `${where} length`).to.equal(column.character_maximum_length);
        if (type.key === 'DECIMAL') {
          expect([type.options?.precision ?? type._precision, type.options?.scale ?? type._scale], `${where} precision`).to.deep.equal([column.numeric_precision, column.numeric_scale]);
        }
        const allowNull = attribute.primaryKey ? false : attribute.allowNull ?? true;
        expect(allowNull, `${where} allowNull`).to.equal(column.is_nullable === 'YES');
        if (column.is_identity === 'YES') {
          expect(attribute.autoIncrement, `${where} identity`).to.equal(true);
        } else if (column.is_generated === 'ALWAYS') {
          expect(modelDefault(attribute), `${where} is generated: no model default`).to.equal(null);
        } else {
          expect(modelDefault(attribute), `${where} default`).to.equal(liveDefault(column));
        }
        const fk = foreignKeys.find((f) => f.table === table && f.column === column.column_name);
        expect(
          attribute.references ? { table: tableOf(attribute.references), column: attribute.references.key, onUpdate: attribute.onUpdate, onDelete: attribute.onDelete } : null,
          `${where} foreign key`,
        ).to.deep.equal(
          fk
            ? { table: fk.ref_table, column: fk.ref_column, onUpdate: FK_ACTION[fk.on_update], onDelete: FK_ACTION[fk.on_delete] }
            : null,
        );
      }
    });
  }
});
