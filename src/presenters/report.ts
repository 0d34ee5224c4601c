/**
 * How reports read: for people on a TTY, a title, a table with money as Chileans write it
 * and a totals row, and how fresh the data is; piped, tab-separated rows (notes go to
 * stderr); with --csv, a header row and raw values (integer cents), nothing decorative.
 */
import { colour, formatCents, renderCsv, renderKeyValue, renderTable, type Column } from '../lib/render';
import type { DailyReport } from '../services/reports/daily';
import type { MedicinalStatusReport } from '../services/reports/medicinal-status';
import type { SalesByDayReport } from '../services/reports/sales-by-day';
import type { ReportSource } from '../services/reports/source';
import type { StockLowReport } from '../services/reports/stock-low';
import type { TopProductsReport } from '../services/reports/top-products';
import type { RefreshResult } from '../services/reports/refresh';

/** What a command prints: stdout, and notes for stderr. */
export interface ReportOutput {
  stdout: string;
  notes: string[];
}

export interface OutputMode {
  csv?: boolean;
  tty: boolean;
}

const money = (value: unknown) => formatCents(Number(value));
const SPARKS = '▁▂▃▄▅▆▇█';

/** One character per value, ▁ for the smallest and █ for the largest. */
export function sparkline(values: number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return values.map((v) => SPARKS[high === low ? 0 : Math.round(((v - low) / (high - low)) * (SPARKS.length - 1))]).join('');
}

function ago(seconds: number): string {
  if (seconds < 90) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** How fresh the data is, when it came from the materialized views; undefined when live. */
export function freshness(source: ReportSource): string | undefined {
  if (source.kind === 'live') return undefined;
  return `Data as of ${source.refreshed_local} ${source.time_zone} (${ago(source.age_seconds)}), from the materialized views; \`store reports:refresh\` updates them.`;
}

interface Section<Row> {
  title: string;
  rows: Row[];
  columns: Array<Column<Row>>;
  /** The totals row, shown last on a TTY (values formatted like the rows). */
  totals?: Partial<Record<keyof Row & string, unknown>>;
  empty: string;
  source?: ReportSource;
}

function section<Row>(s: Section<Row>, mode: OutputMode): ReportOutput {
  const fresh = s.source ? freshness(s.source) : undefined;
  if (mode.csv) return { stdout: renderCsv(s.rows, s.columns), notes: fresh ? [fresh] : [] };
  if (!mode.tty) {
    const notes = [...(s.rows.length === 0 ? [s.empty] : []), ...(fresh ? [fresh] : [])];
    return { stdout: `${renderTable(s.rows, s.columns, false)}\n`, notes };
  }
  const c = colour();
  const lines = [c.bold(s.title)];
  if (s.rows.length === 0) {
    lines.push(s.empty);
  } else {
    const rows: Array<Record<string, unknown>> = [...(s.rows as Array<Record<string, unknown>>)];
    if (s.totals) rows.push({ ...s.totals, __totals: true });
    const columns = s.columns.map((column) => ({
      ...column,
      format: (value: unknown, row: Record<string, unknown>) => {
        if (row.__totals && (value === undefined || value === null)) return '';
        const text = column.format ? column.format(value, row as Row) : value === null || value === undefined ? '' : String(value);
        return row.__totals ? c.bold(text) : text;
      },
    })) as unknown as Array<Column<Record<string, unknown>>>;
    lines.push(renderTable(rows, columns, true));
  }
  if (fresh) lines.push(c.dim(fresh));
  return { stdout: `${lines.join('\n')}\n`, notes: [] };
}

const range = (since: string | null, until: string | null) => (since && until ? (since === until ? since : `${since} – ${until}`) : since ? `from ${since}` : until ? `up to ${until}` : 'all time');

export function presentSalesByDay(report: SalesByDayReport, mode: OutputMode): ReportOutput {
  const p = report.parameters;
  return section(
    {
      title: `Sales by day, ${range(p.since, p.until)} (${p.time_zone})`,
      rows: report.rows,
      columns: [
        { key: 'fecha', header: mode.csv ? 'fecha' : 'day' },
        { key: 'orders_count', header: 'orders', align: 'right' },
        { key: 'total_sales_cents', header: 'sales', align: 'right', format: money },
        { key: 'refunds_cents', header: 'refunds', align: 'right', format: money },
        { key: 'net_sales_cents', header: 'net', align: 'right', format: money },
      ],
      totals: { fecha: 'Total', ...report.totals },
      empty: `No sales in range ${range(p.since, p.until)}.`,
      source: report.source,
    },
    mode,
  );
}

export function presentTopProducts(report: TopProductsReport, mode: OutputMode): ReportOutput {
  const p = report.parameters;
  return section(
    {
      title: `Top ${p.limit} products by revenue, ${range(p.since, p.until)}${p.category ? `, category ${p.category}` : ''}`,
      rows: report.rows,
      columns: [
        { key: 'product_id', header: mode.csv ? 'product_id' : 'id', align: 'right' },
        { key: 'product_name', header: mode.csv ? 'product_name' : 'product' },
        { key: 'units_sold', header: 'units', align: 'right' },
        { key: 'revenue_cents', header: 'revenue', align: 'right', format: money },
      ],
      totals: { product_name: `Total (${report.totals.products} products sold)`, units_sold: report.totals.units_sold, revenue_cents: report.totals.revenue_cents },
      empty: `No sales in range ${range(p.since, p.until)}${p.category ? ` in category ${p.category}` : ''}.`,
      source: report.source,
    },
    mode,
  );
}

export function presentStockLow(report: StockLowReport, mode: OutputMode): ReportOutput {
  return section(
    {
      title: `Variants with fewer than ${report.parameters.threshold} units`,
      rows: report.rows,
      columns: [
        { key: 'variant_id', header: mode.csv ? 'variant_id' : 'variant', align: 'right' },
        { key: 'product', header: 'product' },
        { key: 'option_label', header: 'option' },
        { key: 'stock', header: 'stock', align: 'right' },
      ],
      totals: { product: `Total (${report.totals.variants} variants)`, stock: report.totals.stock },
      empty: `No variant has fewer than ${report.parameters.threshold} units.`,
      source: report.source,
    },
    mode,
  );
}

export function presentMedicinalStatus(report: MedicinalStatusReport, mode: OutputMode): ReportOutput {
  const t = report.totals;
  return section(
    {
      title: `Customers by latest medicinal document${report.parameters.status ? ` (${report.parameters.status})` : ''}`,
      rows: report.rows,
      columns: [
        { key: 'user_id', header: mode.csv ? 'user_id' : 'user', align: 'right' },
        { key: 'email', header: 'email' },
        { key: 'last_doc_status', header: mode.csv ? 'last_doc_status' : 'last document', format: (v) => (v === null || v === undefined ? (mode.csv ? '' : 'none') : String(v)) },
        { key: 'last_doc_date', header: mode.csv ? 'last_doc_date' : 'submitted' },
      ],
      totals: { email: `Total ${t.customers} customers: ${t.pending} pending, ${t.approved} approved, ${t.rejected} rejected, ${t.none} none` },
      empty: `No customer${report.parameters.status ? ` with status ${report.parameters.status}` : ''}.`,
      source: report.source,
    },
    mode,
  );
}

/** The daily report as one CSV: section, id, name, metric, value (one value per line). */
function dailyCsv(report: DailyReport): string {
  type Line = { section: string; id: string | number; name: string; metric: string; value: string | number | null };
  const lines: Line[] = [];
  const day = (name: string, d: DailyReport['sales']) => {
    for (const metric of ['orders_count', 'total_sales_cents', 'refunds_cents', 'net_sales_cents'] as const) lines.push({ section: 'sales', id: d.fecha, name, metric, value: d[metric] });
  };
  day('day', report.sales);
  day('same_weekday_last_week', report.previous);
  lines.push({ section: 'sales', id: report.sales.fecha, name: 'change', metric: 'change_cents', value: report.change_cents });
  lines.push({ section: 'sales', id: report.sales.fecha, name: 'change', metric: 'change_percent', value: report.change_percent });
  for (const p of report.top_products) {
    lines.push({ section: 'top_products', id: p.product_id, name: p.product_name, metric: 'units_sold', value: p.units_sold });
    lines.push({ section: 'top_products', id: p.product_id, name: p.product_name, metric: 'revenue_cents', value: p.revenue_cents });
  }
  for (const s of report.stock_low) lines.push({ section: 'stock_low', id: s.variant_id, name: `${s.product} ${s.option_label}`, metric: 'stock', value: s.stock });
  for (const d of report.pending_documents) lines.push({ section: 'pending_documents', id: d.document_id, name: d.email ?? '', metric: 'hours_waiting', value: d.hours_waiting });
  for (const d of report.last_14_days) lines.push({ section: 'last_14_days', id: d.fecha, name: '', metric: 'total_sales_cents', value: d.total_sales_cents });
  return renderCsv(lines, [{ key: 'section', header: 'section' }, { key: 'id', header: 'id' }, { key: 'name', header: 'name' }, { key: 'metric', header: 'metric' }, { key: 'value', header: 'value' }]);
}

function weekday(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
}

export function presentDaily(report: DailyReport, mode: OutputMode): ReportOutput {
  const fresh = freshness(report.source);
  if (mode.csv) return { stdout: dailyCsv(report), notes: fresh ? [fresh] : [] };
  const c = colour();
  const s = report.sales;
  const w = report.previous;
  const change =
    report.change_percent === null
      ? `${report.change_cents >= 0 ? '+' : '−'}${formatCents(Math.abs(report.change_cents))}`
      : `${report.change_percent >= 0 ? '+' : '−'}${Math.abs(report.change_percent).toLocaleString('es-CL')} %`;
  const out: string[] = [];
  const heading = (text: string) => out.push('', mode.tty ? c.bold(text) : text);
  out.push(mode.tty ? c.bold(`Daily report for ${weekday(s.fecha)} ${s.fecha} (${report.parameters.time_zone})`) : `Daily report for ${s.fecha} (${report.parameters.time_zone})`);
  out.push(
    renderKeyValue([
      ['sales', `${formatCents(s.total_sales_cents)} in ${s.orders_count} order${s.orders_count === 1 ? '' : 's'}`],
      ['refunds', formatCents(s.refunds_cents)],
      ['net', formatCents(s.net_sales_cents)],
      [`vs ${w.fecha}`, `${change} (${formatCents(w.total_sales_cents)} in ${w.orders_count} order${w.orders_count === 1 ? '' : 's'})`],
      ...(mode.tty
        ? ([['last 14 days', `${sparkline(report.last_14_days.map((d) => d.total_sales_cents))}  (${report.last_14_days[0].fecha} – ${s.fecha}, max ${formatCents(Math.max(...report.last_14_days.map((d) => d.total_sales_cents)))})`]] as Array<[string, string]>)
        : []),
    ]),
  );
  heading('Top 5 products');
  out.push(
    report.top_products.length === 0
      ? 'No sales that day.'
      : renderTable(report.top_products, [
          { key: 'product_id', header: 'id', align: 'right' },
          { key: 'product_name', header: 'product' },
          { key: 'units_sold', header: 'units', align: 'right' },
          { key: 'revenue_cents', header: 'revenue', align: 'right', format: money },
        ], mode.tty),
  );
  heading('Low stock (fewer than 5 units)');
  out.push(
    report.stock_low.length === 0
      ? 'None.'
      : renderTable(report.stock_low, [
          { key: 'variant_id', header: 'variant', align: 'right' },
          { key: 'product', header: 'product' },
          { key: 'option_label', header: 'option' },
          { key: 'stock', header: 'stock', align: 'right' },
        ], mode.tty),
  );
  heading('Medicinal documents pending for more than 48 h');
  out.push(
    report.pending_documents.length === 0
      ? 'None.'
      : renderTable(report.pending_documents, [
          { key: 'document_id', header: 'document', align: 'right' },
          { key: 'email', header: 'customer' },
          { key: 'doc_type', header: 'type' },
          { key: 'submitted_at', header: 'submitted' },
          { key: 'hours_waiting', header: 'hours', align: 'right' },
        ], mode.tty),
  );
  if (fresh) out.push('', mode.tty ? c.dim(fresh) : fresh);
  return { stdout: `${out.join('\n')}\n`, notes: [] };
}

export function presentRefresh(result: RefreshResult, mode: OutputMode): ReportOutput {
  const table = renderTable(result.views, [
    { key: 'view', header: 'view' },
    { key: 'milliseconds', header: 'ms', align: 'right' },
  ], mode.tty);
  const seconds = (result.total_milliseconds / 1000).toFixed(2);
  return {
    stdout: `${table}\nRefreshed ${result.views.length} materialized views concurrently (readers were not blocked) in ${seconds} s; data as of ${result.refreshed_at} (${result.time_zone}).\n`,
    notes: [],
  };
}
