/**
 * The catalog file format (SPEC.md): CSV with a header row, one row per variant (and
 * warehouse), or JSON, an array of products each with a `variants` array. Both are read as
 * streams and turned into the same flat rows, validated one by one with zod.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { SLUG_PATTERN } from '../../lib/slug';
import { httpsUrl } from '../../lib/validation';
import { CATEGORY_SLUG_MAX, MAX_PRICE_CENTS, MAX_SKU_LENGTH, MAX_STOCK, PRODUCT_SLUG_MAX, SKU_PATTERN, wholeNumberText } from './products-schemas';

export const CATALOG_COLUMNS = [
  'product_slug',
  'product_name',
  'category_slug',
  'description',
  'image_url',
  'is_active',
  'sku',
  'option_label',
  'price_cents',
  'stock',
  'size',
  'color',
  'warehouse',
] as const;
export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];
export type RawRow = Partial<Record<CatalogColumn, unknown>>;

export type CatalogFormat = 'csv' | 'json';

export interface RowError {
  /** CSV: the spreadsheet row (header = 1). JSON: the product's position (1-based). */
  row: number;
  column: string;
  value: string;
  reason: string;
}

const optionalText = (max: number) =>
  z.preprocess(
    (value) => (value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? undefined : value),
    z.string().trim().max(max, `must be at most ${max} characters`).optional(),
  );

const requiredText = (max: number) => z.string({ message: 'is required' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** A number cell: empty is "is required"; anything else follows the catalog's whole-number rule. */
const wholeNumberCell = (max: number, hint: string) =>
  z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string({ message: 'is required' }).trim().min(1, 'is required').pipe(wholeNumberText(max, hint)));

const flag = z.preprocess(
  (value) => (value === null || value === undefined || value === '' ? 'true' : typeof value === 'boolean' ? String(value) : String(value).trim().toLowerCase()),
  z.enum(['true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'si', 'sí'], { message: 'must be true or false' }).transform((v) => ['true', 't', '1', 'yes', 'si', 'sí'].includes(v)),
);

export const catalogRow = z.object({
  product_slug: requiredText(PRODUCT_SLUG_MAX).refine((v) => SLUG_PATTERN.test(v), 'must be lower-case words joined by dashes, like semilla-indica'),
  product_name: requiredText(200),
  category_slug: requiredText(CATEGORY_SLUG_MAX).refine((v) => SLUG_PATTERN.test(v), 'must be a category slug, like semillas'),
  description: optionalText(20_000),
  image_url: z.preprocess((value) => (value === '' || value === null ? undefined : value), httpsUrl.optional()),
  is_active: flag,
  sku: requiredText(MAX_SKU_LENGTH).refine((v) => SKU_PATTERN.test(v), 'must be letters, digits and . _ / - (starting with a letter or digit)'),
  option_label: requiredText(60),
  price_cents: wholeNumberCell(MAX_PRICE_CENTS, ' of cents, 0 or more'),
  stock: wholeNumberCell(MAX_STOCK, ' of units, 0 or more'),
  size: optionalText(30),
  color: optionalText(30),
  warehouse: optionalText(100),
});
export type CatalogRow = z.infer<typeof catalogRow>;

const clip = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** Validates one raw row; invalid UTF-8 (decoded as U+FFFD) is reported per column. */
export function checkRow(row: number, raw: RawRow): { ok: true; value: CatalogRow } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  for (const column of CATALOG_COLUMNS) {
    const value = raw[column];
    if (typeof value === 'string' && value.includes('\uFFFD')) errors.push({ row, column, value: clip(value), reason: 'is not valid UTF-8' });
    // eslint-disable-next-line no-control-regex -- control characters are what we refuse
    else if (typeof value === 'string' && /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value)) errors.push({ row, column, value: clip(value), reason: 'contains control characters' });
  }
  const parsed = catalogRow.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = String(issue.path[0] ?? '');
      if (errors.some((e) => e.column === column)) continue;
      errors.push({ row, column, value: clip(raw[column as CatalogColumn]), reason: issue.message });
    }
  }
  return errors.length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, value: parsed.data };
}

export interface SourceRow {
  row: number;
  raw: RawRow;
}

/** A problem found while reading, before any row could be checked; `fatal` stops reading. */
export interface SourceProblem {
  errors: RowError[];
  fatal?: boolean;
}

export type SourceItem = SourceRow | SourceProblem;

/** CSV rows as raw records; a header that is not exactly the catalog columns is an error. */
export async function* csvRows(source: Readable): AsyncGenerator<SourceItem> {
  const { parse } = require('csv-parse') as typeof import('csv-parse');
  const parser = source.pipe(
    parse({ bom: true, columns: false, relax_column_count: true, skip_empty_lines: true, encoding: 'utf8', max_record_size: 1_000_000 }),
  );
  let header: string[] | undefined;
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row++;
    if (!header) {
      header = record.map((name) => name.trim().toLowerCase());
      const missing = CATALOG_COLUMNS.filter((column) => !header!.includes(column));
      const unknown = header.filter((name) => !(CATALOG_COLUMNS as readonly string[]).includes(name));
      const problems: RowError[] = [
        ...missing.map((column) => ({ row: 1, column, value: '', reason: 'column is missing from the header' })),
        ...unknown.map((column) => ({ row: 1, column, value: column, reason: `is not a catalog column (expected ${CATALOG_COLUMNS.join(',')})` })),
      ];
      if (problems.length > 0) {
        yield { errors: problems, fatal: true };
        return;
      }
      continue;
    }
    if (record.length !== header.length) {
      yield { errors: [{ row, column: '(row)', value: `${record.length} fields`, reason: `has ${record.length} fields; the header has ${header.length}` }] };
      continue;
    }
    const raw: RawRow = {};
    header.forEach((name, index) => (raw[name as CatalogColumn] = record[index]));
    yield { row, raw };
  }
}

/** JSON: an array of products, each with `variants`; one flat row per variant. */
export async function* jsonRows(source: Readable): AsyncGenerator<SourceItem> {
  const { parser } = require('stream-json') as typeof import('stream-json');
  const { streamArray } = require('stream-json/streamers/StreamArray') as typeof import('stream-json/streamers/StreamArray');
  // pipe() does not pass errors on: a malformed file must reach the reader's loop as an error
  // (reported as an unreadable file), not as an unhandled 'error' event that kills the process.
  const tokens = parser();
  const products = streamArray();
  source.on('error', (error) => products.destroy(error));
  tokens.on('error', (error) => products.destroy(error));
  source.pipe(tokens).pipe(products);
  for await (const { key, value } of products as AsyncIterable<{ key: number; value: Record<string, unknown> }>) {
    const row = key + 1;
    const product = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
    const variants = Array.isArray(product.variants) && product.variants.length > 0 ? product.variants : [undefined];
    for (const variant of variants as Array<Record<string, unknown> | undefined>) {
      yield {
        row,
        raw: {
          product_slug: product.slug,
          product_name: product.name,
          category_slug: product.category_slug,
          description: product.description,
          image_url: product.image_url,
          is_active: product.is_active,
          sku: variant?.sku,
          option_label: variant?.option_label,
          price_cents: variant?.price_cents,
          stock: variant?.stock,
          size: variant?.size,
          color: variant?.color,
          warehouse: variant?.warehouse,
        },
      };
    }
  }
}
