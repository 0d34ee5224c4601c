/**
 * The permission table: every command is in it, and every command that needs a role refuses
 * every other role, and anonymous callers, with exit 6 and nothing written.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../src/lib/errors';
import { USER_ROLES } from '../../src/models/user';
import { PERMISSIONS } from '../../src/services/auth/permissions';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };

describe('permissions', () => {
  it('every command is in the permission table, and the table names only commands', () => {
    expect(Object.keys(PERMISSIONS).sort()).to.deep.equal(Object.keys(manifest.commands).sort());
  });

  describe('each role-restricted command refuses the other roles and anonymous callers', function () {
    this.timeout(420_000); // two or three CLI processes per restricted command, six at a time
    let db: TestDatabase;
    let people: Record<string, TestUser>;
    let sample: Record<string, string[]>;
    before(async () => {
      db = await freshDatabase();
      await seedDatabase(await db.sequelize(), {});
      people = {
        admin: await buildUser(db, { role: 'admin' }),
        staff: await buildUser(db, { role: 'staff' }),
        customer: await buildUser(db, { role: 'customer' }),
      };
      const [{ address }] = await db.query<{ address: string }>(`SELECT min(id)::text AS address FROM addresses`);
      const [{ doc }] = await db.query<{ doc: string }>(`SELECT min(id)::text AS doc FROM medicinal_documents`);
      sample = {
        'users:add': ['--name', 'X', '--email', 'x@x.cl', '--rut', '5126663-3'],
        'users:list': [],
        'users:show': ['cliente@store.test'],
        'users:update': ['cliente@store.test', '--name', 'Otro Nombre'],
        'users:deactivate': ['cliente@store.test'],
        'users:profile': ['cliente@store.test', '--phone', '+56 9 1111 2222'],
        'addresses:add': ['--user', 'cliente@store.test', '--name', 'N', '--line', 'Calle 1', '--comuna', 'Ñuñoa', '--region', 'RM'],
        'addresses:list': ['--user', 'cliente@store.test'],
        'addresses:set-default': [address],
        'addresses:remove': [address],
        'docs:submit': ['--user', 'cliente@store.test', '--type', 'receta', '--file', 'https://docs.store.test/r.pdf'],
        'docs:list': [],
        'docs:show': [doc],
        'docs:approve': [doc],
        'docs:reject': [doc, '--notes', 'ilegible'],
        'docs:review': [],
        'logs:list': [],
        'categories:add': ['--name', 'X'],
        'categories:list': [],
        'categories:move': ['semillas', '--root'],
        'products:add': ['--category', 'semillas', '--name', 'X', '--variant', 'u:1:1'],
        'products:list': [],
        'products:show': ['semilla-northern-lights-auto'],
        'products:update': ['semilla-northern-lights-auto', '--name', 'Otro'],
        'products:deactivate': ['semilla-northern-lights-auto'],
        'products:import': [path.join(__dirname, '..', 'fixtures', 'catalog', 'valid.csv')],
        'products:export': [],
        'variants:add': ['--product', 'semilla-northern-lights-auto', '--variant', 'x9:1:0'],
        'variants:update': ['NL-AUTO-X1', '--price', '1'],
        'variants:deactivate': ['NL-AUTO-X1'],
        'warehouses:add': ['--name', 'Bodega Permisos'],
        'warehouses:list': [],
        'stock:set': ['--sku', 'NL-AUTO-X1', '--quantity', '30', '--reason', 'conteo'],
        'stock:adjust': ['--sku', 'NL-AUTO-X1', '--delta', '-1', '--reason', 'merma'],
        'stock:transfer': ['--sku', 'NL-AUTO-X1', '--from', 'Bodega Central', '--to', 'Bodega Sur', '--quantity', '1'],
        'stock:list': [],
        'reviews:list': [],
        'reviews:hide': ['1'],
        'reviews:show': ['1'],
        'coupons:add': ['--code', 'PERMISOS', '--type', 'percent', '--percent', '10'],
        'coupons:list': [],
        'coupons:disable': ['PERMISOS'],
        'promotions:add': ['--name', 'Permisos', '--applies-to', 'order', '--percent', '10', '--starts', '2030-12-01', '--ends', '2030-12-31'],
        'promotions:list': [],
        'promotions:disable': ['1'],
        'orders:refund': ['1', '--all', '--reason', 'x'],
        'returns:request': ['1', '--quantity', '1', '--reason', 'x'],
        'returns:approve': ['1'],
        'returns:reject': ['1'],
        'returns:receive': ['1', '--restock'],
        'returns:list': [],
        'orders:create': ['--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:1'],
        'orders:pay': ['1', '--provider', 'test'],
        'orders:cancel': ['1', '--reason', 'x'],
        'orders:ship': ['1', '--carrier', 'x'],
        'orders:deliver': ['1'],
        'orders:expire': ['--older-than', '30m'],
        'orders:list': [],
        'orders:show': ['1'],
        'reports:sales-by-day': [],
        'reports:top-products': [],
        'reports:stock-low': [],
        'reports:medicinal-status': [],
        'reports:daily': [],
        'reports:refresh': [],
      };
    });
    after(async () => db.close());

    it('has a sample invocation for every role-restricted command', () => {
      const restricted = Object.entries(PERMISSIONS).filter(([, access]) => Array.isArray(access)).map(([id]) => id).sort();
      expect(Object.keys(sample).sort()).to.deep.equal(restricted);
    });

    it('refuses with exit 6, one line, and writes nothing', async () => {
      const cases: Array<{ id: string; who: string }> = [];
      for (const [id, access] of Object.entries(PERMISSIONS)) {
        if (!Array.isArray(access)) continue;
        for (const role of [...USER_ROLES.filter((r) => !access.includes(r)), 'anonymous']) cases.push({ id, who: role });
      }
      const before = await databaseChecksum(db);
      const results: Array<{ id: string; who: string; result: CliResult }> = [];
      for (let i = 0; i < cases.length; i += 6) {
        const batch = cases.slice(i, i + 6);
        results.push(
          ...(await Promise.all(batch.map(async ({ id, who }) => ({ id, who, result: await runCli([id, ...sample[id]], as(people[who], db)) })))),
        );
      }
      for (const { id, who, result } of results) {
        expect(result.code, `${id} as ${who}: ${result.stderr}`).to.equal(ExitCode.notAllowed);
        expect(result.stderr.trim().split('\n'), `${id} as ${who}`).to.have.length(1);
        expect(result.stderr, `${id} as ${who}`).to.match(who === 'anonymous' ? /needs a login|only the first admin/ : new RegExp(`not allowed to the ${who} role`));
      }
      expect(results.length).to.be.greaterThan(25);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });
});
