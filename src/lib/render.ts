/**
 * Rendering for people and for programs: cli-table3 tables and colour on a TTY, plain
 * tab-separated lines when piped, CSV on request. Services never print; commands hand their
 * typed results to these functions.
 */
import type TableType from 'cli-table3';
import pc from 'picocolors';

export interface Column<Row> {
  key: keyof Row & string;
  header: string;
  align?: 'left' | 'right';
  format?: (value: unknown, row: Row) => string;
}

/** True when the stream is a terminal a person reads (and NO_COLOR/TERM=dumb do not say otherwise). */
export function isTty(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

export function colour(stream: NodeJS.WriteStream = process.stdout): ReturnType<typeof pc.createColors> {
  return pc.createColors(isTty(stream) && !('NO_COLOR' in process.env));
}

function cell<Row>(column: Column<Row>, row: Row): string {
  const value = row[column.key];
  if (column.format) return column.format(value, row);
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A table on a TTY; tab-separated lines with a header row otherwise. */
export function renderTable<Row>(rows: Row[], columns: Column<Row>[], tty = isTty()): string {
  if (!tty) {
    return [columns.map((c) => c.header).join('\t'), ...rows.map((row) => columns.map((c) => cell(c, row)).join('\t'))].join('\n');
  }
  // Required on first use: piped and --json output never draws a table (start-up time).
  const Table = require('cli-table3') as typeof TableType;
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: ['bold'], border: [] },
  });
  for (const row of rows) table.push(columns.map((c) => cell(c, row)));
  return table.toString();
}

/** Label/value lines, labels aligned. */
export function renderKeyValue(pairs: Array<[string, string]>): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV with a header row; raw values (cents stay integers). */
export function renderCsv<Row>(rows: Row[], columns: Array<Pick<Column<Row>, 'key' | 'header'>>): string {
  const raw = (value: unknown) => (value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value));
  return [columns.map((c) => csvField(c.key)).join(','), ...rows.map((row) => columns.map((c) => csvField(raw(row[c.key]))).join(','))].join('\r\n') + '\r\n';
}

// Made on first use: loading the locale's data takes ~10 ms, which a command that prints no
// money (a report as --json) should not pay at start-up.
let clp: Intl.NumberFormat | undefined;

/** Integer cents of a peso as Chileans read money: 499000 → "$4.990". */
export function formatCents(cents: number): string {
  clp ??= new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP' });
  return clp.format(cents / 100);
}
