/**
 * `npx sequelize-cli db:migrate` (configured by .sequelizerc) applies the same files as
 * `store db:migrate`, to the same SequelizeMeta table, and seeds the same data.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { migrationNames } from '../../src/db/migrator';
import { catalogSnapshot } from '../helpers/catalog';
import { databaseChecksum } from '../helpers/checksum';
import { freshDatabase } from '../helpers/database';

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'sequelize-cli', 'lib', 'sequelize');

async function sequelizeCli(args: string[], url: string): Promise<void> {
  await execFileAsync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
}

describe('sequelize-cli on the same migrations', function () {
  this.timeout(60_000);

  it('db:migrate gives the catalog of store db:migrate; db:migrate:undo:all removes it all', async () => {
    const reference = await freshDatabase();
    const db = await freshDatabase({ empty: true });
    try {
      await sequelizeCli(['db:migrate'], db.url);
      expect(await catalogSnapshot(db)).to.deep.equal(await catalogSnapshot(reference));
      const meta = await db.query<{ name: string }>('SELECT name FROM "SequelizeMeta" ORDER BY name');
      expect(meta.map((m) => m.name)).to.deep.equal(migrationNames());

      await sequelizeCli(['db:seed:all'], db.url);
      const seeded = await databaseChecksum(db);
      await sequelizeCli(['db:seed:all'], db.url);
      expect(await databaseChecksum(db)).to.deep.equal(seeded);
      expect(await db.query('SELECT count(*)::int AS n FROM product_variants')).to.deep.equal([{ n: 11 }]);

      await sequelizeCli(['db:seed:undo:all'], db.url);
      expect(await db.query('SELECT count(*)::int AS n FROM users')).to.deep.equal([{ n: 0 }]);
      await sequelizeCli(['db:migrate:undo:all'], db.url);
      const left = await db.query(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname NOT LIKE 'SequelizeMeta%'`);
      expect(left).to.deep.equal([]);
    } finally {
      await reference.close();
      await db.close();
    }
  });
});
