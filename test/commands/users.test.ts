import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

function expectRefused(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).to.equal(code);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).to.have.length(1);
  expect(lines[0]).to.match(pattern);
}

describe('store users:*', () => {
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let customer: TestUser;
  beforeEach(async () => {
    db = await freshDatabase();
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    customer = await buildUser(db, { role: 'customer', email: 'camila@cliente.cl' });
  });
  afterEach(async () => db.close());

  const add = (user: TestUser | undefined, args: string[], input?: string) => runCli(['users:add', '--json', ...args], as(user, db), input);
  const logsFor = (entity: string, id: number) =>
    db.query<{ actor_user_id: number | null; action: string; meta: Record<string, unknown> }>(
      'SELECT actor_user_id, action, meta FROM system_logs WHERE entity = $1 AND entity_id = $2 ORDER BY id',
      [entity, id],
    );

  describe('users:add', () => {
    it('adds a customer with canonical e-mail and RUT, a customers row, a profile, and one audit row', async () => {
      const result = await add(admin, ['--name', 'Ana Pérez', '--email', ' Ana.Perez@Example.CL ', '--rut', '12.345.670-K'.replace('670-K', '678-5'), '--comuna', 'providencia', '--region', 'RM', '--phone', '+56 9 1234 5678']);
      expect(result.code, result.stderr).to.equal(0);
      const user = JSON.parse(result.stdout);
      expect(user).to.deep.include({ name: 'Ana Pérez', email: 'ana.perez@example.cl', rut: '12345678-5', role: 'customer', isActive: true, validatedMedicinal: false, bootstrap: false });
      expect(user).to.not.have.property('passwordHash');
      expect(await db.query('SELECT user_id FROM customers WHERE user_id = $1', [user.id])).to.have.length(1);
      expect(await db.query('SELECT comuna, region, phone FROM user_profiles WHERE user_id = $1', [user.id])).to.deep.equal([
        { comuna: 'Providencia', region: 'Metropolitana de Santiago', phone: '+56 9 1234 5678' },
      ]);
      const logs = await logsFor('users', user.id);
      expect(logs.map((l) => [l.actor_user_id, l.action])).to.deep.equal([[admin.id, 'users.add']]);
      expect(logs[0].meta).to.have.nested.property('after.email', 'ana.perez@example.cl');
    });

    it('adds staff with a password read from stdin, hashed with argon2id, and never echoed or audited', async () => {
      const result = await add(admin, ['--role', 'staff', '--name', 'Pedro', '--email', 'pedro@tienda.cl', '--rut', '5126663-3', '--password-stdin'], 'una-clave-larga\n');
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout + result.stderr).to.not.include('una-clave-larga');
      const [row] = await db.query<{ id: number; password_hash: string }>(`SELECT id, password_hash FROM users WHERE email = 'pedro@tienda.cl'`);
      expect(row.password_hash).to.match(/^\$argon2id\$/);
      const argon2 = await import('argon2');
      expect(await argon2.verify(row.password_hash, 'una-clave-larga')).to.equal(true);
      const [log] = await logsFor('users', row.id);
      expect(JSON.stringify(log.meta)).to.not.match(/una-clave-larga|argon2|password/i);
      const login = await runCli(['auth:login', '--email', 'pedro@tienda.cl', '--password-stdin', '--json'], { DATABASE_URL: db.url }, 'una-clave-larga\n');
      expect(login.code, login.stderr).to.equal(0);
    });

    const refusals: Array<[string, string[], number, RegExp]> = [
      ['a RUT with a wrong check digit', ['--rut', '12.345.678-9'], ExitCode.invalidInput, /^error: --rut: has a wrong check digit \(expected 5\)$/],
      ['a RUT with letters', ['--rut', '12A45678-5'], ExitCode.invalidInput, /^error: --rut: must be digits/],
      ['an empty RUT', ['--rut', ''], ExitCode.invalidInput, /^error: --rut: is empty$/],
      ['a malformed e-mail', ['--email', 'not-an-email'], ExitCode.invalidInput, /^error: --email: must be an e-mail address/],
      ['an e-mail already used, in another case', ['--email', 'CAMILA@Cliente.CL'], ExitCode.ruleRefused, /^error: a user with e-mail camila@cliente\.cl already exists/],
      ['a comuna outside its region', ['--comuna', 'Viña del Mar', '--region', 'RM'], ExitCode.invalidInput, /^error: --comuna: "Viña del Mar" is in the region Valparaíso, not Metropolitana de Santiago$/],
      ['a comuna without region', ['--comuna', 'Ñuñoa'], ExitCode.invalidInput, /^error: --region: is required with --comuna and --region together$/],
      ['a birth date that does not exist', ['--birthdate', '2001-02-30'], ExitCode.invalidInput, /^error: --birthdate: must be a real date/],
      ['a name with control characters', ['--name', 'Ana\u0007'], ExitCode.invalidInput, /^error: --name: must not contain control characters$/],
      ['a 100 KB name', ['--name', 'a'.repeat(100_000)], ExitCode.invalidInput, /^error: --name: must be at most 200 characters$/],
      ['an SQL fragment as name is just text, but this e-mail is invalid', ['--email', "x'; DROP TABLE users; --@x.cl"], ExitCode.invalidInput, /^error: --email:/],
      ['staff without a password', ['--role', 'staff'], ExitCode.invalidInput, /^error: --password-stdin: a staff logs in, so needs a password$/],
      ['an unknown role', ['--role', 'owner'], ExitCode.usage, /owner/],
    ];
    for (const [what, override, code, pattern] of refusals) {
      it(`refuses ${what}, writing nothing`, async () => {
        const base: Record<string, string> = { '--name': 'Ana', '--email': 'ana@x.cl', '--rut': '5126663-3' };
        for (let i = 0; i < override.length; i += 2) base[override[i]] = override[i + 1];
        const before = await databaseChecksum(db);
        expectRefused(await add(admin, Object.entries(base).flat()), code, pattern);
        expect(await databaseChecksum(db)).to.deep.equal(before);
      });
    }

    it('refuses a RUT already used, written another way', async () => {
      await add(admin, ['--name', 'Uno', '--email', 'uno@x.cl', '--rut', '12345678-5']);
      const before = await databaseChecksum(db);
      expectRefused(await add(admin, ['--name', 'Dos', '--email', 'dos@x.cl', '--rut', '12.345.678-5']), ExitCode.ruleRefused, /RUT 12345678-5 already exists/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('is refused to staff, customers and anonymous callers once an admin exists', async () => {
      const before = await databaseChecksum(db);
      for (const who of [staff, customer, undefined]) {
        const result = await add(who, ['--name', 'X', '--email', 'x@x.cl', '--rut', '5126663-3']);
        expect(result.code, `${who?.role ?? 'anonymous'}: ${result.stderr}`).to.equal(ExitCode.notAllowed);
      }
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });

  describe('bootstrap', () => {
    it('creates the first admin of an empty store without a login, once, even when four processes race', async () => {
      const empty = await freshDatabase();
      try {
        const runs = await Promise.all(
          [1, 2, 3, 4].map((n) =>
            runCli(['users:add', '--json', '--role', 'admin', '--name', `Admin ${n}`, '--email', `admin${n}@tienda.cl`, '--rut', ['5126663-3', '12345678-5', '11111111-1', '10000013-K'][n - 1], '--password-stdin'], { DATABASE_URL: empty.url }, 'clave-inicial-1\n'),
          ),
        );
        expect(runs.filter((r) => r.code === 0), runs.map((r) => r.stderr).join('')).to.have.length(1);
        expect(runs.filter((r) => r.code === ExitCode.notAllowed)).to.have.length(3);
        const admins = await empty.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`);
        expect(admins).to.deep.equal([{ n: 1 }]);
        const logs = await empty.query<{ action: string; actor_user_id: number | null }>('SELECT action, actor_user_id FROM system_logs');
        expect(logs).to.deep.equal([{ action: 'users.bootstrap-admin', actor_user_id: null }]);
      } finally {
        await empty.close();
      }
    });

    it('without a login, refuses anything but an admin even on an empty store', async () => {
      const empty = await freshDatabase();
      try {
        const result = await runCli(['users:add', '--name', 'C', '--email', 'c@x.cl', '--rut', '5126663-3'], { DATABASE_URL: empty.url });
        expectRefused(result, ExitCode.notAllowed, /only the first admin of an empty store can be created/);
        expect(await empty.query('SELECT * FROM users')).to.deep.equal([]);
      } finally {
        await empty.close();
      }
    });
  });

  describe('users:list, users:show', () => {
    it('lists with filters, as JSON and as CSV', async () => {
      const json = JSON.parse((await runCli(['users:list', '--json', '--role', 'customer'], as(staff, db))).stdout);
      expect(json.users.map((u: { email: string }) => u.email)).to.deep.equal([customer.email]);
      expect(json.users[0]).to.deep.include({ role: 'customer', isActive: true, medicinalEligible: false, pendingDocuments: 0 });
      const csv = await runCli(['users:list', '--csv', '--role', 'admin'], as(staff, db));
      expect(csv.code, csv.stderr).to.equal(0);
      const [rut] = await db.query<{ rut: string }>('SELECT rut FROM users WHERE id = $1', [admin.id]);
      expect(csv.stdout).to.equal(`id,name,email,rut,role,isActive,medicinalEligible,pendingDocuments\r\n${admin.id},Persona ${admin.email.replace(/\D/g, '')},${admin.email},${rut.rut},admin,true,false,0\r\n`);
    });

    it('shows medicinal eligibility, which follows validation and approved documents', async () => {
      const show = async () => JSON.parse((await runCli(['users:show', customer.email, '--json'], as(staff, db))).stdout);
      expect((await show()).medicinal).to.deep.include({ eligible: false, validatedByStaff: false });
      await db.query(`INSERT INTO medicinal_documents (user_id, file_url, doc_type, status, reviewed_by, valid_until) VALUES ($1, 'https://x/r.pdf', 'receta', 'approved', $2, current_date)`, [customer.id, staff.id]);
      expect((await show()).medicinal).to.deep.include({ eligible: true, validatedByStaff: false });
      await db.query(`UPDATE medicinal_documents SET valid_until = current_date - 1 WHERE user_id = $1`, [customer.id]);
      expect((await show()).medicinal.eligible, 'expired document').to.equal(false);
      const update = await runCli(['users:update', customer.email, '--validated-medicinal', '--json'], as(admin, db));
      expect(update.code, update.stderr).to.equal(0);
      expect(JSON.parse(update.stdout).changed).to.deep.equal(['validatedMedicinal']);
      expect((await show()).medicinal).to.deep.include({ eligible: true, validatedByStaff: true });
      const [log] = await db.query<{ meta: unknown }>(`SELECT meta FROM system_logs WHERE action = 'users.update'`);
      expect(log.meta).to.deep.equal({ before: { validatedMedicinal: false }, after: { validatedMedicinal: true } });
    });

    it('an unknown user is exit 4', async () => {
      expectRefused(await runCli(['users:show', 'nadie@x.cl'], as(staff, db)), ExitCode.notFound, /^error: no user "nadie@x.cl"/);
    });
  });

  describe('users:update, users:deactivate, users:profile', () => {
    it('deactivating ends the user\'s logins', async () => {
      const result = await runCli(['users:deactivate', staff.email, '--json'], as(admin, db));
      expect(result.code, result.stderr).to.equal(0);
      expectRefused(await runCli(['users:list'], as(staff, db)), ExitCode.notAllowed, /revoked|deactivated/);
      expect(await db.query('SELECT count(*)::int AS n FROM auth_tokens WHERE user_id = $1 AND revoked_at IS NULL', [staff.id])).to.deep.equal([{ n: 0 }]);
    });

    it('the last active admin cannot lose the role or be deactivated', async () => {
      const before = await databaseChecksum(db);
      expectRefused(await runCli(['users:update', admin.email, '--role', 'staff'], as(admin, db)), ExitCode.ruleRefused, /last active admin/);
      expectRefused(await runCli(['users:deactivate', admin.email], as(admin, db)), ExitCode.ruleRefused, /last active admin/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('users:update with nothing to change is invalid input', async () => {
      expectRefused(await runCli(['users:update', customer.email], as(admin, db)), ExitCode.invalidInput, /nothing to change/);
    });

    it('users:profile sets official place names and audits the change', async () => {
      const result = await runCli(['users:profile', customer.email, '--comuna', 'vina del mar', '--region', 'valparaiso', '--birthdate', '1990-05-17', '--json'], as(admin, db));
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout).profile).to.deep.equal({ phone: null, birthdate: '1990-05-17', address: null, comuna: 'Viña del Mar', region: 'Valparaíso' });
      const logs = await logsFor('user_profiles', customer.id);
      expect(logs.map((l) => l.action)).to.deep.equal(['users.profile']);
    });
  });
});
