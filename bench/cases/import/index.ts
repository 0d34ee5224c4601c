/**
 * `store products:import` against COPY of the same file (the bar: at least half its rows per
 * second, validation and upsert included), against the naive bulkCreate, re-importing, with
 * 10% of prices changed, and its peak memory at two sizes (1M rows only in the full run).
 * Every import's catalog is checked: a wrong count fails the benchmark.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { hashPassword } from '../../../src/lib/password';
import { newToken, tokenId } from '../../../src/services/auth/tokens';
import type { BenchCase, BenchOptions } from '../../lib/case';
import type { BenchDatabase } from '../../lib/database';
import { median, rssMethod, runStore, type StoreRun } from '../../lib/measure';
import type { BenchRow } from '../../lib/report';
import { bulkCreateImport, copyIntoBareTable } from './baselines';
import { OTHER_WAREHOUSE, VARIANTS_PER_PRODUCT, writeCatalogFile, type CatalogFileFacts } from './catalog-file';

const TEMPLATE = 'catalog';

/** Categories and warehouses the file names, and an admin to import as. Returns the admin's token. */
async function prepareTemplate(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO categories (slug, name, is_medicinal) VALUES ('semillas', 'Semillas', false), ('medicinal', 'Medicinal', true)`);
    await client.query(`INSERT INTO warehouses (name, is_default) VALUES ('Bodega Central', true), ($1, false)`, [OTHER_WAREHOUSE]);
    const {
      rows: [admin],
    } = await client.query<{ id: string }>(
      `INSERT INTO users (name, email, rut, password_hash, role) VALUES ('Bench Admin', 'bench@store.test', '11111111-1', $1, 'admin') RETURNING id`,
      [await hashPassword('bench-password-not-secret')],
    );
    const token = newToken();
    await client.query(`INSERT INTO auth_tokens (user_id, jti, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [admin.id, tokenId(token)]);
    return token;
  } finally {
    await client.end();
  }
}

interface CatalogCounts {
  products: number;
  variants: number;
  inventory: number;
  stock: number;
  history: number;
  stockMismatches: number;
  priceMismatches: number;
}

async function catalogCounts(client: Client): Promise<CatalogCounts> {
  const { rows } = await client.query<CatalogCounts>(`SELECT
    (SELECT count(*) FROM products)::int AS products,
    (SELECT count(*) FROM product_variants)::int AS variants,
    (SELECT count(*) FROM inventory)::int AS inventory,
    (SELECT coalesce(sum(stock), 0) FROM product_variants)::bigint AS stock,
    (SELECT count(*) FROM price_history)::int AS history,
    (SELECT count(*) FROM product_variants v LEFT JOIN (SELECT variant_id, sum(quantity_available) AS total FROM inventory GROUP BY variant_id) i
       ON i.variant_id = v.id WHERE v.stock <> coalesce(i.total, 0))::int AS "stockMismatches",
    (SELECT count(*) FROM product_variants v LEFT JOIN price_history h ON h.variant_id = v.id AND h.valid_to IS NULL
       WHERE h.price_cents IS DISTINCT FROM v.price_cents)::int AS "priceMismatches"`);
  return { ...rows[0], stock: Number(rows[0].stock) };
}

/** Throws, failing the benchmark, when the catalog is not what importing the file must give. */
async function expectCatalog(client: Client, facts: CatalogFileFacts, what: string, priceChanges = 0): Promise<void> {
  const actual = await catalogCounts(client);
  const expected: CatalogCounts = {
    products: facts.products,
    variants: facts.variants,
    inventory: facts.stockedRows,
    stock: facts.totalStock,
    history: facts.variants + priceChanges,
    stockMismatches: 0,
    priceMismatches: 0,
  };
  const wrong = (Object.keys(expected) as Array<keyof CatalogCounts>).filter((key) => actual[key] !== expected[key]);
  if (wrong.length > 0) {
    throw new Error(`${what} produced a wrong catalog: ${wrong.map((key) => `${key} ${actual[key]}, expected ${expected[key]}`).join('; ')}`);
  }
}

interface ImportOutput {
  rows: number;
  changed: boolean;
  priceChanges: { count: number };
  variants: { create: number; update: number; unchanged: number };
}

function importOutput(run: StoreRun, what: string): ImportOutput {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return JSON.parse(run.stdout) as ImportOutput;
}

export const importCase: BenchCase = {
  id: 'import',
  title: 'Catalog import: store products:import',
  async run(options: BenchOptions) {
    const { quick, big, runs, server, workDir, log } = options;
    const products = quick ? 400 : 20_000;
    const bigProducts = 200_000;
    const rowsOf = (n: number) => n * VARIANTS_PER_PRODUCT;

    log(`generating ${rowsOf(products)}-row catalog files`);
    const base = path.join(workDir, 'catalog.csv');
    const changed = path.join(workDir, 'catalog-prices.csv');
    const facts = await writeCatalogFile(base, { products });
    const changedFacts = await writeCatalogFile(changed, { products, changePriceEvery: 10 });
    log('migrating the template database');
    let token = '';
    await server.template(TEMPLATE, async (url) => {
      token = await prepareTemplate(url);
    });
    const configDir = path.join(workDir, 'config');
    fs.mkdirSync(configDir, { recursive: true });
    const store = (db: BenchDatabase, file: string) => runStore(['products:import', file, '--json'], { DATABASE_URL: db.url, STORE_TOKEN: token, STORE_CONFIG_DIR: configDir });
    const withDatabase = async <T>(fn: (db: BenchDatabase) => Promise<T>): Promise<T> => {
      const db = await server.fresh(TEMPLATE);
      try {
        return await fn(db);
      } finally {
        await db.drop();
      }
    };

    const samples = { copy: [] as number[], import: [] as number[], reimport: [] as number[], prices: [] as number[], bulkCreate: [] as number[], rss: [] as number[] };
    for (let run = 1; run <= runs; run++) {
      // Side by side: every run measures each case once, so load on the machine hits all alike.
      await withDatabase(async (db) => {
        const copy = await copyIntoBareTable(db.client, base);
        if (copy.rows !== facts.rows) throw new Error(`COPY loaded ${copy.rows} rows, expected ${facts.rows}`);
        samples.copy.push(copy.seconds);
      });
      await withDatabase(async (db) => {
        const first = await store(db, base);
        const output = importOutput(first, 'import');
        if (output.rows !== facts.rows || output.variants.create !== facts.variants) throw new Error(`import reported ${JSON.stringify(output)}`);
        await expectCatalog(db.client, facts, 'import');
        samples.import.push(first.seconds);
        samples.rss.push(first.peakRssMiB);

        const again = await store(db, base);
        const unchanged = importOutput(again, 're-import');
        if (unchanged.changed || unchanged.variants.unchanged !== facts.variants) throw new Error(`re-import of an unchanged file reported ${JSON.stringify(unchanged)}`);
        await expectCatalog(db.client, facts, 're-import');
        samples.reimport.push(again.seconds);

        const prices = await store(db, changed);
        const priced = importOutput(prices, '10% prices import');
        if (priced.priceChanges.count !== changedFacts.priceChanges) throw new Error(`10% prices import reported ${priced.priceChanges.count} price changes, expected ${changedFacts.priceChanges}`);
        await expectCatalog(db.client, changedFacts, '10% prices import', changedFacts.priceChanges);
        samples.prices.push(prices.seconds);
      });
      await withDatabase(async (db) => {
        const naive = await bulkCreateImport(db.url, base);
        await expectCatalog(db.client, facts, 'bulkCreate');
        samples.bulkCreate.push(naive.seconds);
      });
      log(
        `run ${run}/${runs}: COPY ${samples.copy.at(-1)!.toFixed(2)} s, import ${samples.import.at(-1)!.toFixed(2)} s, re-import ${samples.reimport.at(-1)!.toFixed(2)} s, ` +
          `10% prices ${samples.prices.at(-1)!.toFixed(2)} s, bulkCreate ${samples.bulkCreate.at(-1)!.toFixed(2)} s, peak RSS ${samples.rss.at(-1)!.toFixed(0)} MiB`,
      );
    }

    const m = (values: number[]) => median(values);
    const rows: BenchRow[] = [
      {
        case: `import ${facts.rows} rows into an empty catalog`,
        unit: 's',
        store: m(samples.import),
        baselineName: 'COPY into a bare table',
        baseline: m(samples.copy),
        ratioName: 'store rows/s ÷ COPY rows/s',
        ratio: m(samples.copy) / m(samples.import),
        target: { op: '>=', value: 0.5 },
        samples: { store: samples.import, baseline: samples.copy },
        note: `${Math.round(facts.rows / m(samples.import))} rows/s vs ${Math.round(facts.rows / m(samples.copy))} rows/s`,
      },
      {
        case: 're-import, nothing changed',
        unit: 's',
        store: m(samples.reimport),
        baselineName: 'first import',
        baseline: m(samples.import),
        ratioName: 'first import s ÷ re-import s',
        ratio: m(samples.import) / m(samples.reimport),
        target: { op: '>=', value: 1 },
        samples: { store: samples.reimport, baseline: samples.import },
      },
      {
        case: 're-import, 10% of prices changed',
        unit: 's',
        store: m(samples.prices),
        baselineName: 'COPY into a bare table',
        baseline: m(samples.copy),
        ratioName: 'store rows/s ÷ COPY rows/s',
        ratio: m(samples.copy) / m(samples.prices),
        samples: { store: samples.prices, baseline: samples.copy },
      },
      {
        case: 'naive ORM (bulkCreate ×1,000)',
        unit: 's',
        store: m(samples.import),
        baselineName: 'bulkCreate',
        baseline: m(samples.bulkCreate),
        ratioName: 'bulkCreate s ÷ store s',
        ratio: m(samples.bulkCreate) / m(samples.import),
        samples: { store: samples.import, baseline: samples.bulkCreate },
      },
    ];

    if (big) {
      log(`generating the ${rowsOf(bigProducts)}-row file and importing it once, for memory`);
      const big = path.join(workDir, 'catalog-1m.csv');
      const bigFacts = await writeCatalogFile(big, { products: bigProducts });
      const bigRun = await withDatabase(async (db) => {
        const result = await store(db, big);
        importOutput(result, `import of ${bigFacts.rows} rows`);
        await expectCatalog(db.client, bigFacts, `import of ${bigFacts.rows} rows`);
        return result;
      });
      fs.rmSync(big, { force: true });
      log(`${bigFacts.rows} rows: ${bigRun.seconds.toFixed(1)} s, peak RSS ${bigRun.peakRssMiB.toFixed(0)} MiB`);
      rows.push({
        case: `peak RSS of the import process, ${bigFacts.rows} rows`,
        unit: 'MiB',
        store: bigRun.peakRssMiB,
        baselineName: `${facts.rows} rows`,
        baseline: m(samples.rss),
        ratioName: `RSS at ${bigFacts.rows / 1e6}M ÷ RSS at ${facts.rows / 1e3}k`,
        ratio: bigRun.peakRssMiB / m(samples.rss),
        target: { op: '<=', value: 1.2 },
        samples: { store: [bigRun.peakRssMiB], baseline: samples.rss },
        note: `${bigFacts.rows} rows imported in ${bigRun.seconds.toFixed(1)} s (${Math.round(bigFacts.rows / bigRun.seconds)} rows/s)`,
      });
    } else {
      rows.push({
        case: `peak RSS of the import process, ${facts.rows} rows (1M only in a full run)`,
        unit: 'MiB',
        store: m(samples.rss),
        baselineName: '—',
        baseline: NaN,
        ratioName: '—',
        ratio: NaN,
        samples: { store: samples.rss, baseline: [] },
      });
    }

    return {
      id: 'import',
      title: this.title,
      parameters: { rows: facts.rows, products, 'variants per product': VARIANTS_PER_PRODUCT, runs, 'statistic': 'median', 'peak RSS by': rssMethod },
      rows,
    };
  },
};
