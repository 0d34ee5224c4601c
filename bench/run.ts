/**
 * npm run bench [-- --quick] [--runs N] [--no-big] [--no-write] [CASE…]
 *
 * Runs the benchmark cases against a scratch PostgreSQL (bench/lib/database.ts), prints a
 * table, and (full runs only, unless --no-write) writes bench/results.json and
 * docs/benchmarks.md: a quick run is a smoke test and must not replace the real figures.
 * Only the cases run are rewritten; the others keep their figures in both files.
 * Exits non-zero when a case fails: a wrong result is a failure, a missed target is
 * reported but is not.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cases } from './cases';
import { BENCH_ROOT, BenchServer } from './lib/database';
import { machine, printReport, writeJson, writeMarkdown, type BenchReport } from './lib/report';

const ROOT = path.join(__dirname, '..');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' }, 'no-big': { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const quick = values.quick ?? false;
  const runs = values.runs ? Number(values.runs) : quick ? 1 : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number, 1 or more');
  const unknown = positionals.filter((id) => !cases.some((c) => c.id === id));
  if (unknown.length > 0) throw new Error(`unknown case(s) ${unknown.join(', ')}; known: ${cases.map((c) => c.id).join(', ')}`);
  const selected = positionals.length > 0 ? cases.filter((c) => positionals.includes(c.id)) : cases;
  const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

  const workDir = path.join(BENCH_ROOT, `work-${process.pid}`);
  fs.mkdirSync(workDir, { recursive: true });
  const server = new BenchServer();
  log(`starting the benchmark database (${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : `embedded, in ${BENCH_ROOT}`})`);
  await server.start();
  const report: BenchReport = { date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine: machine(), database: await server.describe(), suites: [] };
  try {
    for (const benchCase of selected) {
      log(`case ${benchCase.id}: ${benchCase.title}`);
      report.suites.push(await benchCase.run({ quick, big: !quick && !values['no-big'], runs, server, workDir, log }));
    }
  } finally {
    await server.stop().catch((error: Error) => log(`could not stop the benchmark database: ${error.message}`));
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  printReport(report, (line) => process.stdout.write(`${line}\n`));
  if (quick || values['no-write']) {
    log(`${quick ? 'quick run' : '--no-write'}: bench/results.json and docs/benchmarks.md left as they were`);
  } else {
    writeJson(path.join(ROOT, 'bench', 'results.json'), report);
    writeMarkdown(path.join(ROOT, 'docs', 'benchmarks.md'), report);
    log('wrote bench/results.json and docs/benchmarks.md');
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
