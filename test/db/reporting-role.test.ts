/**
 * The least-privilege role for cron reports: a login role in store_reporting can read every
 * view and the tables reports need, and can write nothing nor read personal data.
 */
import { expect } from 'chai';
import { Client } from 'pg';
import { failure, freshDatabase, type TestDatabase } from '../helpers/database';

describe('store_reporting database role', () => {
  let db: TestDatabase;
  let reporter: Client;
  const role = `store_cron_test_${process.pid}`;
  before(async () => {
    db = await freshDatabase();
    await db.query(`DROP ROLE IF EXISTS ${role}`);
    await db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'cron-password-1' IN ROLE store_reporting`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'cron-password-1';
    reporter = new Client({ connectionString: url.toString() });
    await reporter.connect();
  });
  after(async () => {
    await reporter.end();
    await db.close();
    await db.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
  });

  for (const view of ['view_sales_by_day', 'view_top_products', 'view_stock_low', 'view_medicinal_status', 'mv_sales_by_day', 'mv_top_products', 'mv_stock_low', 'mv_medicinal_status']) {
    it(`reads ${view}`, async () => {
      const result = await reporter.query(`SELECT * FROM ${view} LIMIT 1`);
      expect(result.rowCount).to.be.at.least(0);
    });
  }

  it('reads the schema version and the tables reports join, and calls medicinal_eligible', async () => {
    await reporter.query('SELECT name FROM "SequelizeMeta"');
    for (const table of ['orders', 'order_items', 'products', 'categories', 'product_variants', 'inventory', 'medicinal_documents']) {
      await reporter.query(`SELECT count(*) FROM ${table}`);
    }
    await reporter.query('SELECT medicinal_eligible(1)');
  });

  const refused: Array<[string, string]> = [
    ['insert an order', `INSERT INTO orders (user_id) VALUES (1)`],
    ['change a price', `UPDATE product_variants SET price_cents = 1`],
    ['delete audit rows', `DELETE FROM system_logs`],
    ['read password hashes', `SELECT password_hash FROM users`],
    ['read login tokens', `SELECT jti FROM auth_tokens`],
    ['read addresses', `SELECT * FROM addresses`],
    ['refresh a materialized view', `REFRESH MATERIALIZED VIEW mv_sales_by_day`],
    ['create a table', `CREATE TABLE evil (id int)`],
  ];
  for (const [what, sql] of refused) {
    it(`cannot ${what}`, async () => {
      const error = await failure(() => reporter.query(sql));
      expect(error.code, error.message).to.be.oneOf(['42501']);
    });
  }
});
