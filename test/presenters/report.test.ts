/**
 * Reports as people read them on a TTY: money as Chileans write it, a totals row, a clear
 * line when there is nothing, the daily sparkline, and how fresh materialized data is.
 */
import { expect } from 'chai';
import { presentDaily, presentSalesByDay, presentTopProducts, sparkline } from '../../src/presenters/report';
import type { DailyReport } from '../../src/services/reports/daily';
import type { SalesByDayReport } from '../../src/services/reports/sales-by-day';
import type { ReportSource } from '../../src/services/reports/source';

const tty = { tty: true };
const materialized: ReportSource = { kind: 'materialized', refreshed_at: '2026-11-23T09:00:00.000Z', refreshed_local: '2026-11-23 06:00', age_seconds: 7500, time_zone: 'America/Santiago' };

function sales(rows: SalesByDayReport['rows'], source: ReportSource = { kind: 'live' }): SalesByDayReport {
  const sum = (key: 'orders_count' | 'total_sales_cents' | 'refunds_cents' | 'net_sales_cents') => rows.reduce((t, r) => t + r[key], 0);
  return {
    report: 'sales-by-day',
    parameters: { since: '2026-11-10', until: '2026-11-12', time_zone: 'America/Santiago' },
    source,
    rows,
    totals: { orders_count: sum('orders_count'), total_sales_cents: sum('total_sales_cents'), refunds_cents: sum('refunds_cents'), net_sales_cents: sum('net_sales_cents') },
  };
}

describe('report presenter', () => {
  it('sparkline: one bar per value, lowest ▁ to highest █', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).to.equal('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).to.equal('▁▁▁');
    expect(sparkline([0, 100, 50])).to.equal('▁█▅');
  });

  it('a TTY table has a title, Chilean money and a totals row', () => {
    const out = presentSalesByDay(
      sales([
        { fecha: '2026-11-10', orders_count: 2, total_sales_cents: 1_499_000, refunds_cents: 0, net_sales_cents: 1_499_000 },
        { fecha: '2026-11-12', orders_count: 1, total_sales_cents: 3_498_000, refunds_cents: 200_000, net_sales_cents: 3_298_000 },
      ]),
      tty,
    );
    expect(out.notes).to.deep.equal([]);
    const lines = out.stdout.split('\n');
    expect(lines[0]).to.equal('Sales by day, 2026-11-10 – 2026-11-12 (America/Santiago)');
    expect(out.stdout).to.match(/2026-11-10\s*│\s*2\s*│\s*\$14\.990\s*│\s*\$0\s*│\s*\$14\.990/);
    expect(out.stdout).to.match(/Total\s*│\s*3\s*│\s*\$49\.970\s*│\s*\$2\.000\s*│\s*\$47\.970/);
    expect(out.stdout).to.not.include('Data as of');
  });

  it('an empty report on a TTY says so in one line', () => {
    expect(presentSalesByDay(sales([]), tty).stdout).to.equal('Sales by day, 2026-11-10 – 2026-11-12 (America/Santiago)\nNo sales in range 2026-11-10 – 2026-11-12.\n');
  });

  it('materialized data says how fresh it is', () => {
    const out = presentSalesByDay(sales([], materialized), tty);
    expect(out.stdout).to.include('Data as of 2026-11-23 06:00 America/Santiago (2 h 5 min ago), from the materialized views; `store reports:refresh` updates them.');
    expect(presentSalesByDay(sales([], materialized), { csv: true, tty: false }).notes[0]).to.match(/^Data as of 2026-11-23 06:00/);
  });

  it('top products: the totals row counts every product sold', () => {
    const out = presentTopProducts(
      {
        report: 'top-products',
        parameters: { limit: 1, since: null, until: null, category: null, time_zone: 'America/Santiago' },
        source: { kind: 'live' },
        rows: [{ product_id: 7, product_name: 'Aceite CBD', units_sold: 2, revenue_cents: 5_998_000 }],
        totals: { products: 3, units_sold: 8, revenue_cents: 9_292_000 },
      },
      tty,
    );
    expect(out.stdout).to.match(/Total \(3 products sold\)\s*│\s*8\s*│\s*\$92\.920/);
  });

  it('daily on a TTY: sales against last week and a 14-day sparkline; piped, no sparkline', () => {
    const days = Array.from({ length: 14 }, (_, i) => ({ fecha: `2026-11-${String(4 + i).padStart(2, '0')}`, total_sales_cents: i === 13 ? 1_198_000 : i === 6 ? 1_499_000 : 0 }));
    const report: DailyReport = {
      report: 'daily',
      parameters: { date: '2026-11-17', compared_with: '2026-11-10', time_zone: 'America/Santiago' },
      source: { kind: 'live' },
      sales: { fecha: '2026-11-17', orders_count: 1, total_sales_cents: 1_198_000, refunds_cents: 0, net_sales_cents: 1_198_000 },
      previous: { fecha: '2026-11-10', orders_count: 2, total_sales_cents: 1_499_000, refunds_cents: 0, net_sales_cents: 1_499_000 },
      change_cents: -301_000,
      change_percent: -20.1,
      top_products: [],
      stock_low: [],
      pending_documents: [],
      last_14_days: days,
    };
    const out = presentDaily(report, tty).stdout;
    expect(out).to.include('Daily report for Tuesday 2026-11-17 (America/Santiago)');
    expect(out).to.match(/sales +\$11\.980 in 1 order/);
    expect(out).to.match(/vs 2026-11-10 +−20,1 % \(\$14\.990 in 2 orders\)/);
    expect(out).to.include('▁▁▁▁▁▁█▁▁▁▁▁▁▇');
    expect(out).to.include('No sales that day.');
    expect(presentDaily(report, { tty: false }).stdout).to.not.match(/[▁▂▃▄▅▆▇█]/);
  });
});
