/**
 * Security, beyond what the command tests already prove (the permission sweep in
 * test/commands/permissions.test.ts, login and logout in auth.test.ts, the reporting role's
 * grants in test/db/reporting-role.test.ts, no secret flag in surface/auth tests):
 * - password hashes are argon2id with a salt of their own, even for equal passwords;
 * - a token expires and is revoked (logout, deactivation, a password change), its file is 0600;
 * - no password, token or hash shows in stdout, stderr, DEBUG=1 output, --json, or system_logs.meta;
 * - a login role in store_reporting cannot write through the CLI;
 * - no SQL in src/ is built from values other than reviewed fragments, and hostile user text is
 *   stored and read back verbatim.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../src/lib/errors';
import { quoteIdent } from '../../src/lib/sql';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { expectRefused, freshConfigDir, runCli, type CliResult } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, PASSWORD, uniqueRut, type TestUser } from '../helpers/people';
import { recordFigure } from '../helpers/reliability';

const SRC = path.join(__dirname, '..', '..', 'src');

const DROP = "'; DROP TABLE users; --";
const BOBBY = "Robert'); --";
/** Placeholder syntax of sequelize replacements and pg binds, quotes, LIKE wildcards, a backslash. */
const PLACEHOLDERS = `:id $1 ? %_ \\ "dq" 'sq' $$ E'\\x00'`;

/** Every template literal in the file that looks like SQL, with the `${…}` expressions it interpolates. */
function sqlTemplates(source: string): Array<{ line: number; expressions: string[] }> {
  const found: Array<{ line: number; expressions: string[] }> = [];
  const SQL = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|DROP|ALTER|REFRESH|COPY|TRUNCATE|WHERE|JOIN|ORDER BY)\b/;
  let i = 0;
  while ((i = source.indexOf('`', i)) !== -1) {
    let j = i + 1;
    const expressions: string[] = [];
    while (j < source.length && source[j] !== '`') {
      if (source[j] === '\\') {
        j += 2;
        continue;
      }
      if (source[j] === '$' && source[j + 1] === '{') {
        let k = j + 2;
        let depth = 1;
        while (k < source.length && depth > 0) {
          if (source[k] === '{') depth++;
          else if (source[k] === '}') depth--;
          else if (source[k] === '`') k = source.indexOf('`', k + 1); // a nested template: skip it whole
          k++;
        }
        expressions.push(source.slice(j + 2, k - 1).trim());
        j = k;
        continue;
      }
      j++;
    }
    if (expressions.length > 0 && SQL.test(source.slice(i, j))) found.push({ line: source.slice(0, i).split('\n').length, expressions });
    i = j + 1;
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * What SQL may interpolate, anywhere: a quoted identifier, a module constant (SQL text written
 * in the source), or a choice between two string literals.
 */
const SAFE_EVERYWHERE = [
  /^quoteIdent\([^()]*\)$/,
  /^[A-Z][A-Z0-9_]*$/,
  /^[A-Z][A-Z0-9_]*\.join\('[^']*'\)$/,
  /^[^?`]+\?\s*'[^'`]*'\s*:\s*'[^'`]*'$/,
  /^[^?`]+\?\s*"[^"`]*"\s*:\s*'[^'`]*'$/,
];

/**
 * Interpolations reviewed one by one: each is SQL text chosen by the code (a fragment, a view
 * name from a fixed list, a placeholder), never a value someone typed. A new one fails the test
 * until it is parameterised, quoted with quoteIdent, or reviewed and added here.
 */
const REVIEWED: Record<string, string[]> = {
  'lib/slug.ts': ['place.column', 'place.table'], // a fixed table/column pair per caller, never input
  'services/catalog/export.ts': ['where'], // '' or 'WHERE p.is_active'
  'services/documents/rows.ts': ["where.length ? `\\nWHERE ${where.join(' AND ')}` : ''", 'order', 'limit'], // fragments with :placeholders
  'services/marketing/schemas.ts': ["instantSql('starts', starts, false)", "instantSql('ends', ends, true)"], // CAST(:starts …) fragments
  'services/orders/returns.ts': ["where.length ? `WHERE ${where.join(' AND ')}` : ''"], // fragments with :placeholders
  'services/reports/medicinal-status.ts': ["relation(source, 'view_medicinal_status')"], // view or mv_ name
  'services/reports/refresh.ts': ['view'], // from the fixed list of materialized views
  'services/reports/sales-by-day.ts': ['sales', 'refunds'], // view or mv_ names
  'services/reports/stock-low.ts': ['from'], // view or mv_ name
  'services/reports/top-products.ts': ['from'], // view or mv_ name
};

/** A string of SQL with something added to it by `+`. */
const GLUED_SQL = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE|ORDER BY)\b[^;]*["'`]\s*\+\s*[A-Za-z_$(]|\+=?\s*(['"`])\s*(WHERE|AND|OR|ORDER BY|LIMIT)\b/;

describe('security', function () {
  this.timeout(6 * 60_000);

  describe('SQL is never built from values', () => {
    it('every ${…} inside SQL in src/ is a quoted identifier, a constant, a literal choice or a reviewed fragment', () => {
      const offenders: string[] = [];
      let interpolations = 0;
      const used = new Set<string>();
      for (const file of sourceFiles(SRC)) {
        const relative = path.relative(SRC, file).split(path.sep).join('/');
        for (const { line, expressions } of sqlTemplates(fs.readFileSync(file, 'utf8'))) {
          for (const expression of expressions) {
            interpolations++;
            if (SAFE_EVERYWHERE.some((pattern) => pattern.test(expression))) continue;
            if (REVIEWED[relative]?.includes(expression)) {
              used.add(`${relative}|${expression}`);
              continue;
            }
            offenders.push(`src/${relative}:${line} \${${expression}}`);
          }
        }
      }
      expect(offenders, 'SQL built from a value: use a :replacement, or quoteIdent for an identifier').to.deep.equal([]);
      // SQL glued together with + instead: none at all.
      const glued = sourceFiles(SRC).flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((text, i) => ({ text, where: `${path.relative(SRC, file)}:${i + 1}` }))
          .filter(({ text }) => GLUED_SQL.test(text))
          .map(({ where }) => where),
      );
      expect(glued, 'SQL concatenated with +').to.deep.equal([]);
      const stale = Object.entries(REVIEWED).flatMap(([file, expressions]) => expressions.filter((e) => !used.has(`${file}|${e}`)).map((e) => `${file}: ${e}`));
      expect(stale, 'reviewed entries no longer in the code: remove them').to.deep.equal([]);
      expect(interpolations).to.be.greaterThan(20); // the scanner does find SQL
      recordFigure({ section: 'security', name: 'interpolations in SQL templates under src/ checked against the allow-list', cases: interpolations, violations: offenders.length });
    });

    it('the scanner catches a value spliced into SQL', () => {
      const sample = 'const q = `SELECT * FROM users WHERE email = \'${email}\' AND id = ${ID}`;';
      expect(sqlTemplates(sample)).to.deep.equal([{ line: 1, expressions: ['email', 'ID'] }]);
      expect(SAFE_EVERYWHERE.some((pattern) => pattern.test('email'))).to.equal(false);
      expect(GLUED_SQL.test(`const q = "SELECT * FROM users WHERE email = '" + email + "'";`)).to.equal(true);
      expect(GLUED_SQL.test(`sql += ' AND name = ' + name;`)).to.equal(true);
      expect(quoteIdent(`store"; DROP TABLE users; --`)).to.equal(`"store""; DROP TABLE users; --"`);
    });
  });

  describe('through the CLI', () => {
    let db: TestDatabase;
    let admin: TestUser;
    let staff: TestUser;
    const outputs: Array<{ what: string; result: CliResult; mayPrintToken?: string }> = [];
    const run = async (what: string, args: string[], env: Record<string, string>, input?: string) => {
      const result = await runCli(args, env, input);
      outputs.push({ what, result });
      return result;
    };

    before(async () => {
      db = await freshDatabase();
      await seedDatabase(await db.sequelize(), { STORE_SEED_PASSWORD: PASSWORD });
      admin = await buildUser(db, { role: 'admin' });
      staff = await buildUser(db, { role: 'staff' });
    });
    after(async () => db.close());

    it('hashes passwords with argon2id and a salt per user: equal passwords, different hashes', async () => {
      const ruts = [uniqueRut(), uniqueRut()];
      const [first, second] = await Promise.all(
        ['uno', 'dos'].map((who, i) =>
          run(`users:add ${who}`, ['users:add', '--role', 'staff', '--name', `Clave ${who}`, '--email', `clave-${who}@tienda.cl`, '--rut', ruts[i], '--password-stdin', '--json'], as(admin, db, { DEBUG: '1' }), `${PASSWORD}\n`),
        ),
      );
      expect(first.code, first.stderr).to.equal(0);
      expect(second.code, second.stderr).to.equal(0);
      const rows = await db.query<{ email: string; password_hash: string }>(
        `SELECT email, password_hash FROM users WHERE email IN ('clave-uno@tienda.cl', 'clave-dos@tienda.cl', 'admin@store.test', 'cliente@store.test') ORDER BY email`,
      );
      expect(rows).to.have.length(4);
      const salts = new Set<string>();
      for (const { email, password_hash: hash } of rows) {
        // $argon2id$v=19$m=…,t=…,p=…$<salt>$<hash> (the seeded hashes list m, p, t)
        expect(hash, email).to.match(/^\$argon2id\$v=19\$[mtp]=\d+,[mtp]=\d+,[mtp]=\d+\$[A-Za-z0-9+/]{22,}\$[A-Za-z0-9+/]{43,}$/);
        const [, , , , salt] = hash.split('$');
        expect(Buffer.from(salt, 'base64').length, `${email}: salt bytes`).to.be.at.least(16);
        salts.add(salt);
      }
      expect(salts.size, 'a salt used twice').to.equal(4);
      expect(new Set(rows.map((r) => r.password_hash)).size).to.equal(4);
      recordFigure({ section: 'security', name: 'argon2id hashes, equal passwords (two added, two seeded)', cases: rows.length, violations: 4 - salts.size });
    });

    it('a token is saved 0600 in a 0700 folder, expires when its time is up, and is revoked by logout, deactivation and a password change', async () => {
      const configDir = path.join(freshConfigDir(), 'nested');
      const env = { DATABASE_URL: db.url, STORE_CONFIG_DIR: configDir };
      const login = await run('auth:login --ttl 1h', ['auth:login', '--email', staff.email, '--password-stdin', '--ttl', '1h', '--json'], { ...env, DEBUG: '1' }, `${PASSWORD}\n`);
      expect(login.code, login.stderr).to.equal(0);
      const token = JSON.parse(login.stdout).token as string;
      outputs[outputs.length - 1].mayPrintToken = token;
      expect(fs.statSync(path.join(configDir, 'token.json')).mode & 0o777).to.equal(0o600);
      expect(fs.statSync(configDir).mode & 0o777).to.equal(0o700);
      const [stored] = await db.query<{ seconds: number }>(
        `SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM auth_tokens WHERE user_id = $1 ORDER BY id DESC LIMIT 1`,
        [staff.id],
      );
      expect(stored.seconds).to.be.within(3590, 3610);

      // Time passes: the same token, an hour later, is refused and nothing is written.
      await db.query(`UPDATE auth_tokens SET created_at = created_at - interval '2 hours', expires_at = expires_at - interval '2 hours' WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() + interval '50 minutes'`, [staff.id]);
      const before = await databaseChecksum(db);
      expectRefused(await run('expired token', ['orders:create', '--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:1'], env), ExitCode.notAllowed, /^error: the login token expired at .*: run `store auth:login`$/);
      expect(await databaseChecksum(db)).to.deep.equal(before);

      // Revoked by deactivating the user, and by changing their password.
      const victims = [await buildUser(db, { role: 'staff' }), await buildUser(db, { role: 'staff' })];
      expect((await run('deactivate', ['users:deactivate', victims[0].email, '--json'], as(admin, db))).code).to.equal(0);
      const changed = await run('password change', ['users:update', victims[1].email, '--password-stdin', '--json'], as(admin, db, { DEBUG: '1' }), 'otra-clave-segura-2026\n');
      expect(changed.code, changed.stderr).to.equal(0);
      const checksum = await databaseChecksum(db);
      for (const victim of victims) {
        const refused = await run('revoked token', ['stock:list'], as(victim, db));
        expect(refused.code, refused.stderr).to.equal(ExitCode.notAllowed);
        expect(refused.stderr.trim()).to.match(/^error: the login token was revoked|^error: the account .* is deactivated/);
      }
      expect(await databaseChecksum(db)).to.deep.equal(checksum);
      recordFigure({ section: 'security', name: 'tokens: expiry, revocation by logout/deactivation/password change, file modes', cases: 5, violations: 0 });
    });

    it('a login role in store_reporting cannot write through any command, and the command says so in one line', async () => {
      const role = `store_cron_sec_${process.pid}`;
      await db.query(`DROP ROLE IF EXISTS ${role}`);
      await db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'cron-password-2' IN ROLE store_reporting`);
      try {
        const url = new URL(db.url);
        url.username = role;
        url.password = 'cron-password-2';
        const env = { DATABASE_URL: url.toString(), STORE_TOKEN: admin.token };
        const report = await run('report as reporting role', ['reports:sales-by-day', '--json'], env);
        expect(report.code, report.stderr).to.equal(0);
        const [{ doc }] = await db.query<{ doc: string }>(`SELECT min(id)::text AS doc FROM medicinal_documents WHERE status = 'pending'`);
        const before = await databaseChecksum(db);
        const writes = [
          ['stock:set', '--sku', 'NL-AUTO-X1', '--quantity', '1', '--reason', 'cron'],
          ['categories:add', '--name', 'Desde Cron'],
          ['orders:create', '--user', 'cliente@store.test', '--item', 'NL-AUTO-X1:1'],
          ['docs:reject', doc, '--notes', 'cron'],
        ];
        const results = await Promise.all(writes.map((args) => run(`${args[0]} as reporting role`, args, env)));
        results.forEach((result, i) => {
          expect(result.code, `${writes[i][0]}: ${result.stderr}`).to.be.oneOf([ExitCode.notAllowed]);
          expect(result.stderr.trim().split('\n'), writes[i][0]).to.have.length(1);
          expect(result.stderr).to.match(/^error: the database role may not do this/);
        });
        expect(await databaseChecksum(db)).to.deep.equal(before);
        recordFigure({ section: 'security', name: 'writes through a store_reporting login role', cases: writes.length, violations: 0 });
      } finally {
        await db.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      }
    });

    it('hostile text is stored and read back verbatim, and LIKE wildcards in a search match themselves', async () => {
      const env = as(admin, db);
      const category = await run('hostile category', ['categories:add', '--name', BOBBY, '--json'], env);
      expect(category.code, category.stderr).to.equal(0);
      expect(JSON.parse(category.stdout).name).to.equal(BOBBY);
      const product = await run('hostile product', ['products:add', '--category', JSON.parse(category.stdout).slug, '--name', DROP, '--description', PLACEHOLDERS, '--variant', `${BOBBY}:100:1:SKU-HOSTIL`, '--json'], env);
      expect(product.code, product.stderr).to.equal(0);
      const slug = JSON.parse(product.stdout).product.slug as string;
      const [shown, user, warehouse] = await Promise.all([
        run('show hostile product', ['products:show', slug, '--json'], env),
        run('hostile user', ['users:add', '--name', `${BOBBY} ${PLACEHOLDERS}`, '--email', 'bobby@tienda.cl', '--rut', uniqueRut(), '--json'], env),
        run('hostile warehouse', ['warehouses:add', '--name', DROP, '--address', PLACEHOLDERS, '--json'], env),
      ]);
      expect(shown.code, shown.stderr).to.equal(0);
      const body = JSON.parse(shown.stdout);
      const showed = body.product ?? body;
      expect(showed.name).to.equal(DROP);
      expect(showed.description).to.equal(PLACEHOLDERS);
      expect(showed.variants[0].label).to.equal(BOBBY);
      expect(user.code, user.stderr).to.equal(0);
      expect(warehouse.code, warehouse.stderr).to.equal(0);
      const adjust = await run('hostile reason', ['stock:adjust', '--sku', 'SKU-HOSTIL', '--warehouse', DROP, '--delta', '2', '--reason', PLACEHOLDERS, '--json'], env);
      expect(adjust.code, adjust.stderr).to.equal(0);

      const stored = await db.query<{ name: string; email: string }>(`SELECT name, email FROM users WHERE email = 'bobby@tienda.cl'`);
      expect(stored).to.deep.equal([{ name: `${BOBBY} ${PLACEHOLDERS}`, email: 'bobby@tienda.cl' }]);
      expect(await db.query(`SELECT name, address FROM warehouses WHERE name = $1`, [DROP])).to.deep.equal([{ name: DROP, address: PLACEHOLDERS }]);
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM system_logs WHERE strpos(meta::text, $1) > 0`, [JSON.stringify(PLACEHOLDERS).slice(1, -1)]);
      expect(n, 'the audit trail keeps the reason as typed').to.be.at.least(1);

      // The wildcards typed into a search are characters, not patterns.
      const [products, users] = await Promise.all([
        run('search %', ['products:list', '--search', '%', '--all', '--json'], env),
        run('search _', ['users:list', '--search', '_', '--status', 'all', '--json'], env),
      ]);
      // Unescaped, % would list every product and _ every user; only bobby's name has a literal _.
      expect(products.code, products.stderr).to.equal(0);
      const listed = JSON.parse(products.stdout);
      expect(listed.products ?? listed, products.stdout).to.deep.equal([]);
      expect(JSON.parse(users.stdout).users.map((u: { email: string }) => u.email)).to.deep.equal(['bobby@tienda.cl']);
      expect(await db.query(`SELECT to_regclass('public.users') IS NOT NULL AS present`)).to.deep.equal([{ present: true }]);
      recordFigure({ section: 'security', name: 'hostile strings stored and read back (names, descriptions, labels, reasons, searches)', cases: 8, violations: 0 });
    });

    it('no password, token or password hash appears in any output, DEBUG=1 output or system_logs.meta', async () => {
      // A wrong password, with DEBUG on: the attempt is not echoed either.
      const wrong = 'clave-equivocada-¡no-imprimir!';
      await run('wrong password', ['auth:login', '--email', staff.email, '--password-stdin', '--json'], as(undefined, db, { DEBUG: '1' }), `${wrong}\n`);
      await run('whoami', ['auth:whoami', '--json'], as(staff, db, { DEBUG: '1' }));
      await run('logs', ['logs:list', '--json', '--limit', '1000'], as(admin, db, { DEBUG: '1' }));
      await run('users:show', ['users:show', staff.email, '--json'], as(admin, db, { DEBUG: '1' }));
      const hashes = (await db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE password_hash IS NOT NULL`)).map((r) => r.password_hash);
      const jtis = (await db.query<{ jti: string }>(`SELECT jti FROM auth_tokens`)).map((r) => r.jti);
      const tokens = [admin.token, staff.token, ...outputs.map((o) => o.mayPrintToken).filter((t): t is string => Boolean(t))];
      const dbPassword = decodeURIComponent(new URL(db.url).password);
      const secrets: Array<[string, string]> = [
        ['the password', PASSWORD],
        ['a wrong password', wrong],
        ['the new password', 'otra-clave-segura-2026'],
        ['the reporting role password', 'cron-password-2'],
        ...(dbPassword.length >= 8 ? [['the database password', dbPassword] as [string, string]] : []),
        ...tokens.map((t) => ['a token', t] as [string, string]),
        ...hashes.map((h) => ['a password hash', h] as [string, string]),
      ];
      const leaks: string[] = [];
      for (const { what, result, mayPrintToken } of outputs) {
        for (const [name, secret] of secrets) {
          if (secret === mayPrintToken && !result.stderr.includes(secret)) continue; // auth:login --json prints its own token on stdout, by design
          if (result.stdout.includes(secret) || result.stderr.includes(secret)) leaks.push(`${what}: ${name}`);
        }
        if (/\$argon2/.test(result.stdout + result.stderr)) leaks.push(`${what}: an argon2 hash`);
      }
      const metas = await db.query<{ id: number; action: string; meta: string }>(`SELECT id, action, coalesce(meta::text, '') AS meta FROM system_logs`);
      for (const { id, action, meta } of metas) {
        for (const [name, secret] of [...secrets, ...jtis.map((j) => ['a token hash', j] as [string, string])]) {
          if (meta.includes(secret)) leaks.push(`system_logs ${id} (${action}): ${name}`);
        }
        if (/"(password|password_hash|passwordHash|token|jti)"\s*:/.test(meta)) leaks.push(`system_logs ${id} (${action}): a secret-named key`);
      }
      expect(outputs.length).to.be.greaterThan(15);
      expect(metas.length).to.be.greaterThan(5);
      expect(outputs.some((o) => /Executing \(|SELECT/.test(o.result.stderr)), 'DEBUG=1 printed SQL (so the scan covered it)').to.equal(true);
      recordFigure({ section: 'security', name: 'secrets scanned in stdout, stderr, DEBUG=1 output, --json and system_logs.meta', cases: outputs.length + metas.length, violations: leaks.length });
      expect(leaks).to.deep.equal([]);
    });
  });
});
