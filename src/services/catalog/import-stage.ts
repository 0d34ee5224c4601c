/**
 * First step of an import: stream the file, validate each row with zod, and COPY the valid
 * rows into a temporary staging table. Memory stays flat: no row outlives its COPY line,
 * and at most MAX_REPORTED_ERRORS problems are kept (the rest are only counted).
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { Client } from 'pg';
import { checkRow, csvRows, jsonRows, type CatalogFormat, type CatalogRow, type RowError, type SourceItem } from './import-format';

export const MAX_REPORTED_ERRORS = 10_000;

export const STAGING_TABLE = `CREATE TEMPORARY TABLE import_rows (
  row_no integer NOT NULL, product_slug text NOT NULL, product_name text NOT NULL, category_slug text NOT NULL,
  description text, image_url text, is_active boolean NOT NULL, sku text NOT NULL, option_label text NOT NULL,
  price_cents bigint NOT NULL, stock integer NOT NULL, size text, color text, warehouse text
) ON COMMIT DROP`;

export interface Staged {
  rows: number;
  errors: RowError[];
  totalErrors: number;
  /** The file could not be read to its end (not CSV/JSON); `errors` ends with why. */
  unreadable: boolean;
}

// COPY text format: backslash escapes, \N for NULL.
function copyField(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

function copyLine(row: number, r: CatalogRow): string {
  return `${row}\t${copyField(r.product_slug)}\t${copyField(r.product_name)}\t${copyField(r.category_slug)}\t${copyField(r.description)}\t${copyField(r.image_url)}\t${r.is_active}\t${copyField(r.sku)}\t${copyField(r.option_label)}\t${r.price_cents}\t${r.stock}\t${copyField(r.size)}\t${copyField(r.color)}\t${copyField(r.warehouse)}\n`;
}

// COPY lines are gathered into chunks of about this size: one stream write per chunk
// instead of one per row.
const CHUNK_BYTES = 64 * 1024;

/** The COPY itself failed (the database side), as opposed to reading the source. */
class CopyFailed extends Error {
  constructor(cause: unknown) {
    super('COPY into import_rows failed', { cause });
  }
}

/** Streams the source into import_rows (which must exist) through `client`. */
export async function stage(client: Client, source: Readable, format: CatalogFormat, onProgress?: (rows: number) => void): Promise<Staged> {
  const { from: copyFrom } = require('pg-copy-streams') as typeof import('pg-copy-streams');
  const copy = client.query(copyFrom('COPY import_rows FROM STDIN'));
  let copyError: unknown;
  const finished = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', (error) => {
      copyError ??= error;
      reject(error);
    });
  });
  // Awaited once the source is read; a COPY that fails while rows are still being parsed (the
  // server gone) must not be an unhandled rejection meanwhile, which would crash the process.
  finished.catch(() => undefined);
  const errors: RowError[] = [];
  let totalErrors = 0;
  let rows = 0;
  let chunk = '';
  const report = (found: RowError[]) => {
    totalErrors += found.length;
    for (const error of found) if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
  };
  const flush = async () => {
    // Rows stop flowing to the database once the import is known to fail. (once() also
    // rejects if the COPY fails while we wait.)
    try {
      if (copyError) throw copyError;
      if (totalErrors === 0 && chunk.length > 0 && !copy.write(chunk)) await once(copy, 'drain');
    } catch (error) {
      throw new CopyFailed(copyError ?? error);
    }
    chunk = '';
  };
  const items: AsyncGenerator<SourceItem> = format === 'csv' ? csvRows(source) : jsonRows(source);
  try {
    for await (const item of items) {
      if ('errors' in item) {
        report(item.errors);
        if (item.fatal) break;
        continue;
      }
      rows++;
      if (rows % 1000 === 0) onProgress?.(rows);
      const checked = checkRow(item.row, item.raw);
      if (!checked.ok) {
        report(checked.errors);
        continue;
      }
      if (totalErrors === 0) {
        chunk += copyLine(item.row, checked.value);
        if (chunk.length >= CHUNK_BYTES) await flush();
      }
    }
    await flush();
  } catch (error) {
    copy.destroy(error as Error);
    await finished.catch(() => undefined);
    // The database failing mid-COPY (a lost connection, a dead server) is not a bad file.
    if (error instanceof CopyFailed) throw error.cause;
    const lines = (error as { lines?: number }).lines;
    const reason = (error as Error).message.replace(/^Invalid (Record|Opening Quote|Closing Quote):\s*/i, '');
    errors.push({ row: lines ?? rows + 1, column: '(file)', value: '', reason: `is not readable ${format.toUpperCase()}: ${reason}` });
    return { rows, errors, totalErrors: totalErrors + 1, unreadable: true };
  }
  copy.end();
  await finished;
  onProgress?.(rows);
  return { rows, errors, totalErrors, unreadable: false };
}
