/**
 * The logical diagram (docs/erd.md): a Mermaid erDiagram generated from the models, so it
 * can never drift from them (a test compares the committed file with a fresh rendering).
 */
import pg from 'pg';
import type { ModelStatic, Model } from 'sequelize';
import { Sequelize, type ModelCtor } from 'sequelize-typescript';

interface AttributeLike {
  field?: string;
  type: { key?: string; toSql?: () => string } | string;
  primaryKey?: boolean;
  allowNull?: boolean;
  references?: { model: string | { tableName: string }; key?: string } | string;
}

function sqlType(attribute: AttributeLike): string {
  const type = attribute.type;
  const key = typeof type === 'string' ? type : (type.key ?? 'UNKNOWN');
  // Mermaid attribute types are single words.
  return key.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function referencedTable(references: NonNullable<AttributeLike['references']>): string {
  if (typeof references === 'string') return references;
  return typeof references.model === 'string' ? references.model : references.model.tableName;
}

/** Registers the models on an instance that never connects, so their metadata can be read. */
export function describeModels(models: ReadonlyArray<ModelCtor>): ReadonlyArray<ModelStatic<Model>> {
  if (!models.every((model) => model.sequelize)) {
    new Sequelize({ dialect: 'postgres', dialectModule: pg, models: [...models], logging: false });
  }
  return models as unknown as ReadonlyArray<ModelStatic<Model>>;
}

export function renderErd(models: ReadonlyArray<ModelCtor>): string {
  const sorted = [...describeModels(models)].sort((a, b) => a.getTableName().toString().localeCompare(b.getTableName().toString()));
  const entities: string[] = [];
  const relations: string[] = [];
  for (const model of sorted) {
    const table = model.getTableName().toString();
    const attributes = Object.values(model.getAttributes()) as AttributeLike[];
    const primaryKeys = attributes.filter((a) => a.primaryKey);
    const lines = attributes.map((attribute) => {
      const markers = [attribute.primaryKey ? 'PK' : '', attribute.references ? 'FK' : ''].filter(Boolean).join(', ');
      const nullable = attribute.allowNull === false || attribute.primaryKey ? '' : ' "nullable"';
      return `    ${sqlType(attribute)} ${attribute.field}${markers ? ` ${markers}` : ''}${nullable}`;
    });
    entities.push(`  ${table} {\n${lines.join('\n')}\n  }`);
    for (const attribute of attributes) {
      if (!attribute.references) continue;
      const parent = referencedTable(attribute.references);
      // A foreign key that is the whole primary key is a 1:1 (subtype or profile).
      const oneToOne = primaryKeys.length === 1 && primaryKeys[0] === attribute;
      const parentSide = attribute.allowNull === false || attribute.primaryKey ? '||' : '|o';
      const childSide = oneToOne ? 'o|' : 'o{';
      relations.push(`  ${parent} ${parentSide}--${childSide} ${table} : "${attribute.field}"`);
    }
  }
  return [
    '# Logical data model',
    '',
    'Generated from the models in `src/models/` by `store db:erd` (or `npm run erd`); do not edit by hand.',
    'Every table of `migrations/sql/001_init.sql` with its columns, keys and relationships.',
    '',
    '```mermaid',
    'erDiagram',
    ...relations.sort(),
    ...entities,
    '```',
    '',
  ].join('\n');
}
