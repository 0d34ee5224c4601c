/**
 * What a benchmark case reports, and the three places it goes: a table on stdout,
 * bench/results.json and docs/benchmarks.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** One line of the table: the store's figure beside its baseline, and the bar it must pass. */
export interface BenchRow {
  case: string;
  /** e.g. "s", "MiB". */
  unit: string;
  store: number;
  /** What the store is compared with, e.g. "COPY into a bare table". */
  baselineName: string;
  baseline: number;
  /** How the ratio reads, e.g. "COPY s / store s" (higher is better unless lowerIsBetter). */
  ratioName: string;
  ratio: number;
  /** The bar, e.g. ">= 0.5"; undefined for figures shown for information. */
  target?: { op: '>=' | '<='; value: number };
  /** Every measured value, for the JSON. */
  samples?: { store: number[]; baseline: number[] };
  note?: string;
}

export interface BenchSuiteResult {
  id: string;
  title: string;
  /** Sizes and run counts, shown above the table. */
  parameters: Record<string, string | number>;
  rows: BenchRow[];
  /** Free text for the docs: where time goes, profiles, what was tried. */
  notes?: string[];
}

export interface BenchReport {
  date: string;
  mode: 'quick' | 'full';
  machine: Record<string, string | number>;
  database: Record<string, string>;
  suites: BenchSuiteResult[];
}

export function targetMet(row: BenchRow): boolean | undefined {
  if (!row.target) return undefined;
  return row.target.op === '>=' ? row.ratio >= row.target.value : row.ratio <= row.target.value;
}

export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function tableLines(suite: BenchSuiteResult, markdown: boolean): string[] {
  const header = ['case', 'store', 'baseline', 'ratio', 'target', 'met?'];
  const body = suite.rows.map((row) => {
    const met = targetMet(row);
    return [
      row.case,
      `${fixed(row.store)} ${row.unit}`,
      `${fixed(row.baseline)} ${row.unit} (${row.baselineName})`,
      `${fixed(row.ratio, row.ratio < 0.1 ? 3 : 2)} (${row.ratioName})`,
      row.target ? `${row.target.op} ${row.target.value}` : '—',
      met === undefined ? 'info' : met ? 'yes' : 'NO',
    ];
  });
  if (markdown) {
    return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`)];
  }
  const widths = header.map((_, i) => Math.max(header[i].length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

export function printReport(report: BenchReport, write: (line: string) => void): void {
  for (const suite of report.suites) {
    write('');
    write(`${suite.title} (${Object.entries(suite.parameters).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    for (const line of tableLines(suite, false)) write(line);
  }
}

/**
 * A suite as results.json keeps it: with the date, machine and database of the run that
 * measured it, since a run of some cases keeps the other cases' earlier figures.
 */
export interface StoredSuite extends BenchSuiteResult {
  ran?: Pick<BenchReport, 'date' | 'mode' | 'machine' | 'database'>;
}

/**
 * bench/results.json: this run's suites replace the ones with the same id; the others (cases
 * not run this time) stay as they were, stamped with the run that measured them.
 */
export function writeJson(file: string, report: BenchReport): void {
  const ran = (r: BenchReport) => ({ date: r.date, mode: r.mode, machine: r.machine, database: r.database });
  let earlier: StoredSuite[] = [];
  if (fs.existsSync(file)) {
    const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<BenchReport, 'suites'> & { suites: StoredSuite[] };
    earlier = previous.suites.map((suite) => ({ ...suite, ran: suite.ran ?? ran(previous) }));
  }
  const current: StoredSuite[] = report.suites.map((suite) => ({ ...suite, ran: ran(report) }));
  const suites = [...earlier.map((suite) => current.find((c) => c.id === suite.id) ?? suite), ...current.filter((c) => !earlier.some((e) => e.id === c.id))];
  fs.writeFileSync(file, JSON.stringify({ ...report, suites }, null, 2) + '\n');
}

/**
 * docs/benchmarks.md keeps its hand-written parts: only the text between the markers of a
 * suite is replaced, so analysis written around the tables survives the next run.
 */
export function writeMarkdown(file: string, report: BenchReport): void {
  let document = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  for (const suite of report.suites) {
    const begin = `<!-- bench:${suite.id}:begin -->`;
    const end = `<!-- bench:${suite.id}:end -->`;
    const section = [
      begin,
      `Last run: ${report.date} (${report.mode}), \`npm run bench${report.mode === 'quick' ? ' -- --quick' : ''}\`.`,
      `Machine: ${Object.entries(report.machine).map(([k, v]) => `${k} ${v}`).join('; ')}.`,
      `PostgreSQL: ${Object.entries(report.database).map(([k, v]) => `${k} ${v}`).join('; ')}.`,
      `Parameters: ${Object.entries(suite.parameters).map(([k, v]) => `${k} ${v}`).join('; ')}.`,
      '',
      ...tableLines(suite, true),
      ...(suite.notes?.length ? ['', ...suite.notes.map((note) => `- ${note}`)] : []),
      end,
    ].join('\n');
    const at = document.indexOf(begin);
    const until = document.indexOf(end);
    document = at >= 0 && until > at ? document.slice(0, at) + section + document.slice(until + end.length) : `${document.trimEnd()}\n\n## ${suite.title}\n\n${section}\n`;
  }
  fs.writeFileSync(file, document);
}
