/**
 * products:import at database speed. One transaction:
 *   1. stream the file, validate each row with zod, and COPY the valid rows into a temporary
 *      staging table (import-stage.ts; memory stays flat: no row is kept);
 *   2. resolve the file against the database in one grouped pass per entity, check what
 *      needs the whole file or the database, and plan (import-merge.ts);
 *   3. any problem: roll back and report every bad row; else, unless a dry run, merge with
 *      set-based SQL that writes only what changed, each row once.
 * A killed import leaves the catalog exactly as before.
 */
import type { Readable } from 'node:stream';
import type { Transaction } from 'sequelize';
import type { Client } from 'pg';
import { ValidationError } from '../../lib/errors';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import type { CatalogFormat, RowError } from './import-format';
import { crossCheck, merge, plan, resolve, type ImportPlan } from './import-merge';
import { stage, STAGING_TABLE } from './import-stage';

export type { ImportPlan } from './import-merge';

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

export interface ImportOptions {
  source: Readable;
  format: CatalogFormat;
  /** Shown in the audit row. */
  sourceName: string;
  dryRun?: boolean;
  deactivateMissing?: boolean;
  onProgress?: (rows: number) => void;
}

export interface ImportResult extends ImportPlan {
  rows: number;
  dryRun: boolean;
  changed: boolean;
  seconds: number;
}

async function pgClient(transaction: Transaction): Promise<Client> {
  return (transaction as unknown as { connection: Client }).connection;
}

export async function importCatalog(context: ServiceContext, options: ImportOptions): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  const { sequelize } = context;
  const dryRun = options.dryRun ?? false;
  const deactivateMissing = options.deactivateMissing ?? false;
  return sequelize.transaction(async (transaction) => {
    const db = { sequelize, transaction };
    // One import at a time: two concurrent merges of overlapping files would interleave.
    await sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('store.catalog-import'))`, { transaction });
    // Grouping and joining 100,000s of rows: in memory rather than in temporary files.
    await sequelize.query(`SET LOCAL work_mem = '64MB'`, { transaction });
    await sequelize.query(STAGING_TABLE, { transaction });
    const staged = await stage(await pgClient(transaction), options.source, options.format, options.onProgress);
    if (staged.totalErrors > 0) throw new ImportRejected(staged.errors, staged.totalErrors);
    if (staged.rows === 0) throw new ImportRejected([{ row: 1, column: '(file)', value: '', reason: 'has no rows' }], 1);
    // Statistics on the grouping keys: without them the planner expects 200 SKUs and
    // resolves 100,000 by index lookups, one by one, instead of one hash join.
    await sequelize.query('ANALYZE import_rows (product_slug, sku)', { transaction });
    await resolve(db, !dryRun);
    const problems = await crossCheck(db);
    if (problems.length > 0) throw new ImportRejected(problems, problems.length);
    const result = await plan(db, deactivateMissing);
    const changed =
      result.products.create + result.products.update + result.products.deactivate + result.variants.create + result.variants.update + result.stockChanges > 0;
    if (!dryRun && changed) {
      await merge(db, deactivateMissing);
      await audit(sequelize, transaction, {
        actorId: context.actor?.id ?? null,
        action: 'products.import',
        entity: 'products',
        entityId: null,
        meta: { source: options.sourceName, rows: staged.rows, products: result.products, variants: result.variants, priceChanges: result.priceChanges.count, stockChanges: result.stockChanges },
      });
    }
    // A dry run wrote only temporary tables, which the commit drops.
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...result, rows: staged.rows, dryRun, changed, seconds };
  });
}
