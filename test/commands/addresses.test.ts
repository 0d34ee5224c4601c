import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { databaseChecksum } from '../helpers/checksum';
import { runCli } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

describe('store addresses:* and logs:list', () => {
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let customer: TestUser;
  beforeEach(async () => {
    db = await freshDatabase();
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    customer = await buildUser(db, { role: 'customer' });
  });
  afterEach(async () => db.close());

  /** addresses:add with defaults that `extra` flags replace (a bare flag like --default is added). */
  const add = (extra: string[]) => {
    const flags: Record<string, string | undefined> = { '--user': customer.email, '--name': 'Casa', '--line': 'Los Aromos 456', '--comuna': 'ñuñoa', '--region': 'rm' };
    for (let i = 0; i < extra.length; i++) {
      if (extra[i + 1] !== undefined && !extra[i + 1].startsWith('--')) flags[extra[i]] = extra[++i];
      else flags[extra[i]] = undefined;
    }
    const args = Object.entries(flags).flatMap(([flag, value]) => (value === undefined ? [flag] : [flag, value]));
    return runCli(['addresses:add', '--json', ...args], as(staff, db));
  };
  const defaults = async () => (await db.query<{ id: number }>('SELECT id FROM addresses WHERE user_id = $1 AND is_default', [customer.id])).map((r) => r.id);

  it('the first address is the default; --default moves it; set-default moves it back; one default always', async () => {
    const first = JSON.parse((await add([])).stdout);
    expect(first).to.deep.include({ comuna: 'Ñuñoa', region: 'Metropolitana de Santiago', isDefault: true });
    const second = JSON.parse((await add(['--name', 'Oficina', '--default'])).stdout);
    expect(await defaults()).to.deep.equal([second.id]);
    const third = JSON.parse((await add(['--name', 'Playa'])).stdout);
    expect(third.isDefault).to.equal(false);
    const set = await runCli(['addresses:set-default', String(first.id), '--json'], as(staff, db));
    expect(set.code, set.stderr).to.equal(0);
    expect(await defaults()).to.deep.equal([first.id]);
    const list = JSON.parse((await runCli(['addresses:list', '--user', customer.email, '--json'], as(staff, db))).stdout);
    expect(list.addresses.map((a: { id: number }) => a.id)).to.deep.equal([first.id, second.id, third.id]);
  });

  it('concurrent set-default calls leave exactly one default', async () => {
    const ids: number[] = [];
    for (const name of ['A', 'B', 'C', 'D']) ids.push(JSON.parse((await add(['--name', name])).stdout).id);
    const runs = await Promise.all(ids.map((id) => runCli(['addresses:set-default', String(id)], as(staff, db))));
    expect(runs.map((r) => r.code)).to.deep.equal([0, 0, 0, 0]);
    expect(await defaults()).to.have.length(1);
  });

  it('refuses a comuna outside its region and an unknown region, writing nothing', async () => {
    const before = await databaseChecksum(db);
    const wrong = await add(['--comuna', 'Temuco']);
    expect(wrong.code).to.equal(ExitCode.invalidInput);
    expect(wrong.stderr.trim()).to.equal('error: --comuna: "Temuco" is in the region La Araucanía, not Metropolitana de Santiago');
    const region = await add(['--region', 'Patagonia']);
    expect(region.code).to.equal(ExitCode.invalidInput);
    expect(region.stderr.trim()).to.equal('error: --region: "Patagonia" is not one of Chile\'s 16 regions');
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });

  it('removes an unused address, refuses one an order uses (exit 5), and unknown ids are exit 4', async () => {
    const used = JSON.parse((await add([])).stdout);
    const spare = JSON.parse((await add(['--name', 'Otra'])).stdout);
    await db.query(`INSERT INTO orders (user_id, shipping_address_id, shipping_method) VALUES ($1, $2, 'chilexpress')`, [customer.id, used.id]);
    const before = await databaseChecksum(db);
    const refused = await runCli(['addresses:remove', String(used.id)], as(staff, db));
    expect(refused.code).to.equal(ExitCode.ruleRefused);
    expect(refused.stderr.trim()).to.equal(`error: address ${used.id} is used by 1 order(s) and stays on record`);
    expect(await databaseChecksum(db)).to.deep.equal(before);
    expect((await runCli(['addresses:remove', String(spare.id)], as(staff, db))).code).to.equal(0);
    expect((await runCli(['addresses:remove', '999999'], as(staff, db))).code).to.equal(ExitCode.notFound);
    expect((await runCli(['addresses:remove', 'abc'], as(staff, db))).code).to.equal(ExitCode.invalidInput);
  });

  it('every change is in the audit trail, readable with logs:list as JSON and CSV', async () => {
    const address = JSON.parse((await add([])).stdout);
    await runCli(['addresses:remove', String(address.id)], as(staff, db));
    const json = JSON.parse((await runCli(['logs:list', '--entity', 'addresses', '--json'], as(admin, db))).stdout);
    expect(json.logs.map((l: { action: string; actor: string; entityId: number }) => [l.action, l.actor, l.entityId])).to.deep.equal([
      ['addresses.remove', staff.email, address.id],
      ['addresses.add', staff.email, address.id],
    ]);
    expect(json.logs[0].meta.before).to.deep.include({ id: address.id, comuna: 'Ñuñoa' });
    const csv = await runCli(['logs:list', '--entity', 'addresses', '--action', 'addresses.add', '--csv'], as(admin, db));
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).to.equal('createdAt,actor,action,entity,entityId,meta');
    expect(lines).to.have.length(2);
    expect(lines[1]).to.include(`,${staff.email},addresses.add,addresses,${address.id},`);
    const bad = await runCli(['logs:list', '--since', '2026-02-30'], as(admin, db));
    expect(bad.code).to.equal(ExitCode.invalidInput);
    expect(bad.stderr.trim()).to.equal('error: --since: must be a real date written YYYY-MM-DD');
  });
});
