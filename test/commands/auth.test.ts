import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ExitCode } from '../../src/lib/errors';
import { newToken, tokenId } from '../../src/services/auth/tokens';
import { freshConfigDir, runCli } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { buildUser, PASSWORD, type TestUser } from '../helpers/people';

describe('store auth:*', () => {
  let db: TestDatabase;
  let staff: TestUser;
  let configDir: string;
  beforeEach(async () => {
    db = await freshDatabase();
    staff = await buildUser(db, { role: 'staff', email: 'staff@tienda.cl' });
    configDir = freshConfigDir();
  });
  afterEach(async () => db.close());

  const env = () => ({ DATABASE_URL: db.url, STORE_CONFIG_DIR: configDir });
  const login = (email: string, password: string, extra: string[] = []) => runCli(['auth:login', '--email', email, '--password-stdin', '--json', ...extra], env(), `${password}\n`);

  it('logs in: prints {token}, saves it owner-only, records only its hash, and later commands act as the user', async () => {
    const result = await login('STAFF@tienda.cl', PASSWORD);
    expect(result.code, result.stderr).to.equal(0);
    const body = JSON.parse(result.stdout);
    expect(body).to.have.keys(['token', 'email', 'role', 'expiresAt']);
    expect(body.token).to.match(/^stk_[A-Za-z0-9_-]{43}$/);
    expect(body).to.deep.include({ email: 'staff@tienda.cl', role: 'staff' });
    const file = path.join(configDir, 'token.json');
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).token).to.equal(body.token);
    const stored = await db.query<{ jti: string }>('SELECT jti FROM auth_tokens ORDER BY id DESC LIMIT 1');
    expect(stored[0].jti).to.match(/^[0-9a-f]{64}$/).and.not.equal(body.token);
    const me = await runCli(['auth:whoami', '--json'], env());
    expect(me.code, me.stderr).to.equal(0);
    expect(JSON.parse(me.stdout)).to.deep.include({ email: 'staff@tienda.cl', role: 'staff' });
    const [log] = await db.query<{ action: string; actor_user_id: number; meta: unknown }>(`SELECT action, actor_user_id, meta FROM system_logs WHERE action = 'auth.login'`);
    expect(log.actor_user_id).to.equal(staff.id);
    expect(JSON.stringify(log.meta)).to.not.include(body.token);
  });

  it('a wrong password and an unknown e-mail get the same answer (exit 6), and nothing is saved', async () => {
    for (const [email, password] of [['staff@tienda.cl', 'wrong-password'], ['nadie@tienda.cl', PASSWORD]]) {
      const result = await login(email, password);
      expect(result.code).to.equal(ExitCode.notAllowed);
      expect(result.stderr.trim()).to.equal('error: wrong e-mail or password');
    }
    expect(fs.existsSync(path.join(configDir, 'token.json'))).to.equal(false);
    expect(await db.query('SELECT count(*)::int AS n FROM auth_tokens WHERE user_id = $1', [staff.id])).to.deep.equal([{ n: 1 }]);
  });

  it('without a password on stdin or a terminal, login is a usage error', async () => {
    const result = await runCli(['auth:login', '--email', 'staff@tienda.cl'], env());
    expect(result.code).to.equal(ExitCode.usage);
    expect(result.stderr).to.match(/--password-stdin/);
  });

  it('a deactivated account cannot log in', async () => {
    await db.query('UPDATE users SET is_active = false WHERE id = $1', [staff.id]);
    const result = await login('staff@tienda.cl', PASSWORD);
    expect(result.code).to.equal(ExitCode.notAllowed);
    expect(result.stderr.trim()).to.equal('error: the account staff@tienda.cl is deactivated');
  });

  it('--ttl outside 1h..366d is invalid input', async () => {
    for (const ttl of ['5m', '400d', 'forever', '0h']) {
      const result = await login('staff@tienda.cl', PASSWORD, ['--ttl', ttl]);
      expect(result.code, ttl).to.equal(ExitCode.invalidInput);
      expect(result.stderr).to.match(/^error: --ttl: /);
    }
  });

  it('logout revokes the token everywhere and forgets it', async () => {
    const token = JSON.parse((await login('staff@tienda.cl', PASSWORD)).stdout).token;
    const out = await runCli(['auth:logout', '--json'], env());
    expect(JSON.parse(out.stdout)).to.deep.equal({ revoked: true, forgotten: true });
    expect(fs.existsSync(path.join(configDir, 'token.json'))).to.equal(false);
    const reuse = await runCli(['auth:whoami'], { DATABASE_URL: db.url, STORE_TOKEN: token });
    expect(reuse.code).to.equal(ExitCode.notAllowed);
    expect(reuse.stderr.trim()).to.equal('error: the login token was revoked (logged out): run `store auth:login`');
  });

  it('refuses expired, unknown and malformed tokens with a clear message', async () => {
    const [expired] = await db.query<{ id: number }>(
      `INSERT INTO auth_tokens (user_id, jti, created_at, expires_at) VALUES ($1, $2, now() - interval '2 hours', now() - interval '1 hour') RETURNING id`,
      [staff.id, tokenId('stk_' + 'e'.repeat(43))],
    );
    expect(expired.id).to.be.a('number');
    const cases: Array<[string, number, RegExp]> = [
      ['stk_' + 'e'.repeat(43), ExitCode.notAllowed, /^error: the login token expired at .*: run `store auth:login`$/],
      [newToken(), ExitCode.notAllowed, /^error: the login token is not known to this database/],
      ['not-a-token', ExitCode.invalidInput, /^error: environment variable STORE_TOKEN: is not a store token/],
    ];
    for (const [token, code, pattern] of cases) {
      const result = await runCli(['users:list'], { DATABASE_URL: db.url, STORE_TOKEN: token });
      expect(result.code, token).to.equal(code);
      expect(result.stderr.trim()).to.match(pattern);
    }
  });

  it('STORE_TOKEN wins over the saved token', async () => {
    await login('staff@tienda.cl', PASSWORD);
    const admin = await buildUser(db, { role: 'admin', email: 'jefa@tienda.cl' });
    const me = await runCli(['auth:whoami', '--json'], { ...env(), STORE_TOKEN: admin.token });
    expect(JSON.parse(me.stdout).email).to.equal('jefa@tienda.cl');
  });

  it('whoami without any login says so (exit 6)', async () => {
    const result = await runCli(['auth:whoami'], env());
    expect(result.code).to.equal(ExitCode.notAllowed);
    expect(result.stderr.trim()).to.equal('error: not logged in: run `store auth:login`');
  });

  it('--json prints JSON.stringify\'s text (a result, an error); a theme with JSON colours still colours it', async () => {
    const admin = await buildUser(db, { role: 'admin', email: 'tema@tienda.cl', name: 'Ñandú "Tema" 100%' });
    const me = await runCli(['auth:whoami', '--json'], { ...env(), STORE_TOKEN: admin.token });
    expect(me.code, me.stderr).to.equal(0);
    expect(me.stdout).to.equal(`${JSON.stringify(JSON.parse(me.stdout), null, 2)}\n`);
    expect(JSON.parse(me.stdout)).to.deep.include({ email: 'tema@tienda.cl', name: 'Ñandú "Tema" 100%' });
    const refused = await runCli(['auth:whoami', '--json'], env());
    expect(refused.code).to.equal(ExitCode.notAllowed);
    expect(refused.stdout).to.equal(`${JSON.stringify({ error: { code: 'not_allowed', message: 'not logged in: run `store auth:login`', exitCode: 6 } }, null, 2)}\n`);
    const theme = path.join(configDir, 'theme.json');
    fs.writeFileSync(theme, JSON.stringify({ json: { key: 'red', string: 'green' } }));
    try {
      const coloured = await runCli(['auth:whoami', '--json'], { ...env(), STORE_TOKEN: admin.token, FORCE_COLOR: '1' });
      expect(coloured.stdout).to.include('\u001b[31m"email"\u001b[39m');
      expect(JSON.parse(stripVTControlCharacters(coloured.stdout))).to.deep.equal(JSON.parse(me.stdout));
    } finally {
      fs.rmSync(theme);
    }
  });

  it('no command takes a password or token on the command line', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, { flags: Record<string, unknown> }> };
    for (const [id, command] of Object.entries(manifest.commands)) {
      const secretFlags = Object.keys(command.flags).filter((flag) => /^(password|token|secret)$/.test(flag));
      expect(secretFlags, id).to.deep.equal([]);
    }
  });
});
