/**
 * Figures of the reliability suite (test/reliability): how many rounds, trials and cases ran
 * and how many violations were found. Each test records its figure with `recordFigure`; when
 * STORE_RELIABILITY_OUT names a file (scripts/reliability.ts sets it), the figures are appended
 * there as JSON lines and rendered into docs/reliability.md. Under a plain `npm test` nothing
 * is written.
 *
 * `scaled(n)` is how many rounds or trials to run: n under `npm test`, n × STORE_RELIABILITY_SCALE
 * when the script asks for a longer run.
 */
import * as fs from 'node:fs';

export interface ReliabilityFigure {
  /** Section of docs/reliability.md: races, crashes, bad-input, database-trouble, security, migrations. */
  section: 'races' | 'crashes' | 'bad-input' | 'database-trouble' | 'security' | 'migrations';
  /** What was exercised, e.g. "orders:pay, 20 processes on 5 units". */
  name: string;
  rounds?: number;
  trials?: number;
  cases?: number;
  /** Invariant violations or wrong outcomes found; a passing test records 0. */
  violations: number;
  /** Anything else worth a column, e.g. the PostgreSQL version. */
  notes?: string;
}

export function recordFigure(figure: ReliabilityFigure): void {
  const out = process.env.STORE_RELIABILITY_OUT;
  if (!out) return;
  fs.appendFileSync(out, `${JSON.stringify({ ...figure, at: new Date().toISOString() })}\n`);
}

export function scaled(n: number): number {
  const factor = Number(process.env.STORE_RELIABILITY_SCALE ?? '1');
  return Number.isFinite(factor) && factor > 0 ? Math.max(1, Math.round(n * factor)) : n;
}
