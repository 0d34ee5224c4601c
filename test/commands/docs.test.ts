import { expect } from 'chai';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExitCode } from '../../src/lib/errors';
import { MAX_FILE_BYTES } from '../../src/services/documents/file-check';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, expectRefused as expectOneErrorLine } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'docs');
const PDF = path.join(FIXTURES, 'receta.pdf');
const PNG = path.join(FIXTURES, 'certificado.png');
const TEXT = path.join(FIXTURES, 'notas.txt');

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const fileUrl = (file: string) => pathToFileURL(fs.realpathSync(file)).href;


interface AuditRow {
  actor_user_id: number | null;
  action: string;
  entity: string;
  entity_id: number;
  meta: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } & Record<string, unknown>;
}

describe('store docs:*', () => {
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let customer: TestUser;
  let other: TestUser;
  let scratch: string;

  before(async () => {
    db = await freshDatabase();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'store-docs-'));
  });
  after(async () => {
    await db.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(async () => {
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    customer = await buildUser(db, { role: 'customer', name: 'Camila Rojas' });
    other = await buildUser(db, { role: 'customer' });
  });

  const store = (user: TestUser | undefined, args: string[]) => runCli(args, as(user, db));
  const auditRows = (documentId: number) =>
    db.query<AuditRow>(`SELECT actor_user_id, action, entity, entity_id, meta FROM system_logs WHERE entity = 'medicinal_documents' AND entity_id = $1 ORDER BY id`, [
      documentId,
    ]);
  const documentInDb = async (id: number) =>
    (
      await db.query<{ status: string; reviewed_by: number | null; valid_until: string | null; notes: string | null; file_url: string; file_sha256: string | null; reviewed_after_submit: boolean }>(
        `SELECT status, reviewed_by, valid_until::text, notes, file_url, file_sha256, updated_at > created_at AS reviewed_after_submit FROM medicinal_documents WHERE id = $1`,
        [id],
      )
    )[0];
  /** A pending document written straight to the database (a factory, not the command under test). */
  const pendingDocument = async (user: TestUser, overrides: { url?: string; createdAt?: string; type?: string } = {}) => {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO medicinal_documents (user_id, file_url, doc_type, created_at, updated_at) VALUES ($1, $2, $3, coalesce($4::timestamptz, now() - interval '1 hour'), coalesce($4::timestamptz, now() - interval '1 hour')) RETURNING id`,
      [user.id, overrides.url ?? `https://docs.test.cl/${user.id}/${Math.random().toString(36).slice(2)}.pdf`, overrides.type ?? 'receta', overrides.createdAt ?? null],
    );
    return row.id;
  };
  /** Runs a command that must be refused, and proves it wrote nothing. */
  const refused = async (user: TestUser | undefined, args: string[], code: number, pattern: RegExp) => {
    const before = await databaseChecksum(db);
    const result = await store(user, args);
    expectOneErrorLine(result, code, pattern);
    expect(await databaseChecksum(db)).to.deep.equal(before);
    return result;
  };
  const dbDay = async (expression: string) => (await db.query<{ day: string }>(`SELECT (${expression})::date::text AS day`))[0].day;

  function expectCleanAudit(row: AuditRow, user: TestUser): void {
    const meta = JSON.stringify(row.meta);
    expect(meta).to.not.include(user.token).and.not.match(/stk_|password|token|argon2/i);
  }

  describe('docs:submit', () => {
    it('records a local PDF by its real path and content hash, pending, with one audit row', async () => {
      const result = await store(staff, ['docs:submit', '--user', customer.email.toUpperCase(), '--type', 'receta', '--file', path.relative(process.cwd(), PDF), '--json']);
      expect(result.code, result.stderr).to.equal(0);
      const { document, fileFormat } = JSON.parse(result.stdout);
      expect(fileFormat).to.equal('pdf');
      expect(document).to.deep.include({
        userId: customer.id,
        userEmail: customer.email,
        type: 'receta',
        status: 'pending',
        fileUrl: fileUrl(PDF),
        fileSha256: sha256(PDF),
        reviewedBy: null,
        reviewerEmail: null,
        reviewedAt: null,
        validUntil: null,
        notes: null,
      });
      expect(await documentInDb(document.id)).to.deep.include({ status: 'pending', file_url: fileUrl(PDF), file_sha256: sha256(PDF), reviewed_by: null });

      const logs = await auditRows(document.id);
      expect(logs).to.have.length(1);
      expect(logs[0]).to.deep.include({ actor_user_id: staff.id, action: 'documents.submit', entity: 'medicinal_documents', entity_id: document.id });
      expect(logs[0].meta.before).to.equal(null);
      expect(logs[0].meta.after).to.deep.equal({
        user_id: customer.id,
        doc_type: 'receta',
        file_url: fileUrl(PDF),
        file_sha256: sha256(PDF),
        status: 'pending',
        reviewed_by: null,
        valid_until: null,
        notes: null,
      });
      expectCleanAudit(logs[0], staff);
    });

    it('records a PNG reached through a symbolic link by the real path of the file', async () => {
      const link = path.join(scratch, 'enlace-certificado.png');
      fs.symlinkSync(PNG, link);
      const result = await store(admin, ['docs:submit', '--user', String(customer.id), '--type', 'certificado', '--file', link, '--json']);
      expect(result.code, result.stderr).to.equal(0);
      const { document, fileFormat } = JSON.parse(result.stdout);
      expect(fileFormat).to.equal('png');
      expect(document).to.deep.include({ type: 'certificado', fileUrl: fileUrl(PNG), fileSha256: sha256(PNG) });
      expect(await auditRows(document.id)).to.have.length(1);
    });

    it('records an https URL as given, without a hash, and prints a human line without --json', async () => {
      const url = 'https://docs.clinica.cl/recetas/2026/camila.pdf?v=2';
      const result = await store(staff, ['docs:submit', '--user', customer.email, '--type', 'receta', '--file', url]);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(new RegExp(`^Submitted document \\d+ \\(receta\\) for ${customer.email}: ${url.replace(/[.?]/g, '\\$&')}\\n$`));
      const [row] = await db.query<{ id: number; file_sha256: string | null; status: string }>('SELECT id, file_sha256, status FROM medicinal_documents WHERE file_url = $1', [url]);
      expect(row).to.deep.include({ file_sha256: null, status: 'pending' });
      expect((await auditRows(row.id)).map((l) => l.action)).to.deep.equal(['documents.submit']);
    });

    it('lets a customer submit for themself, with or without naming themself', async () => {
      const bare = await store(customer, ['docs:submit', '--type', 'receta', '--file', PDF, '--json']);
      expect(bare.code, bare.stderr).to.equal(0);
      expect(JSON.parse(bare.stdout).document).to.deep.include({ userId: customer.id, status: 'pending' });
      const named = await store(customer, ['docs:submit', '--user', customer.email, '--type', 'certificado', '--file', PNG, '--json']);
      expect(named.code, named.stderr).to.equal(0);
      const { document } = JSON.parse(named.stdout);
      expect(document).to.deep.include({ userId: customer.id });
      expect((await auditRows(document.id))[0].actor_user_id).to.equal(customer.id);
    });

    it('refuses a customer submitting for another user (exit 6), writing nothing', async () => {
      await refused(customer, ['docs:submit', '--user', other.email, '--type', 'receta', '--file', PDF], ExitCode.notAllowed, /^error: a customer may submit documents only for themself/);
      // Naming an account that does not exist gets the same answer: no probing for accounts.
      await refused(customer, ['docs:submit', '--user', 'nadie@test.cl', '--type', 'receta', '--file', PDF], ExitCode.notAllowed, /only for themself/);
    });

    it('refuses the same content twice for a customer while it is pending, and allows it again once rejected', async () => {
      const first = await store(staff, ['docs:submit', '--user', customer.email, '--type', 'receta', '--file', PDF, '--json']);
      expect(first.code, first.stderr).to.equal(0);
      const id = JSON.parse(first.stdout).document.id;
      const copy = path.join(scratch, 'copia-receta.pdf');
      fs.copyFileSync(PDF, copy);
      await refused(staff, ['docs:submit', '--user', customer.email, '--type', 'receta', '--file', copy], ExitCode.ruleRefused, new RegExp(`^error: --file: already submitted as document ${id} \\(pending\\)`));
      // Another customer may submit the same file.
      expect((await store(staff, ['docs:submit', '--user', other.email, '--type', 'receta', '--file', PDF])).code).to.equal(0);
      expect((await store(staff, ['docs:reject', String(id), '--notes', 'ilegible'])).code).to.equal(0);
      expect((await store(staff, ['docs:submit', '--user', customer.email, '--type', 'receta', '--file', copy])).code).to.equal(0);
    });

    const refusals: Array<[string, () => string, RegExp]> = [
      ['an http:// URL', () => 'http://docs.clinica.cl/receta.pdf', /^error: --file: must be an https:\/\/ URL$/],
      ['an ftp:// URL', () => 'ftp://docs.clinica.cl/receta.pdf', /^error: --file: must be an https:\/\/ URL$/],
      ['a missing file', () => path.join(scratch, 'no-existe.pdf'), /^error: --file: no such file .*no-existe\.pdf$/],
      ['a text file', () => TEXT, /^error: --file: .*notas\.txt is not a PDF or an image \(PNG, JPEG, WEBP, HEIC\)$/],
      ['a directory', () => FIXTURES, /^error: --file: .*docs is not a regular file$/],
      [
        'a file over 20 MB',
        () => {
          const big = path.join(scratch, 'enorme.pdf');
          const fd = fs.openSync(big, 'w');
          fs.writeSync(fd, '%PDF-1.4\n');
          fs.ftruncateSync(fd, MAX_FILE_BYTES + 1); // sparse: no 20 MB written to disk
          fs.closeSync(fd);
          return big;
        },
        /^error: --file: .*enorme\.pdf is larger than 20 MB/,
      ],
    ];
    for (const [what, file, pattern] of refusals) {
      it(`refuses ${what} (exit 3), writing nothing`, async () => {
        await refused(staff, ['docs:submit', '--user', customer.email, '--type', 'receta', '--file', file()], ExitCode.invalidInput, pattern);
      });
    }

    it('refuses staff who name no customer (3), an unknown customer (4) and a deactivated one (5)', async () => {
      await refused(staff, ['docs:submit', '--type', 'receta', '--file', PDF], ExitCode.invalidInput, /^error: --user: is required for staff and admins/);
      await refused(staff, ['docs:submit', '--user', 'nadie@test.cl', '--type', 'receta', '--file', PDF], ExitCode.notFound, /^error: no user "nadie@test\.cl"/);
      const gone = await buildUser(db, { role: 'customer', active: false });
      await refused(staff, ['docs:submit', '--user', gone.email, '--type', 'receta', '--file', PDF], ExitCode.ruleRefused, /is deactivated/);
    });

    it('refuses an unknown --type as a usage error (exit 2)', async () => {
      await refused(staff, ['docs:submit', '--user', customer.email, '--type', 'boleta', '--file', PDF], ExitCode.usage, /boleta/);
    });
  });

  describe('docs:list', () => {
    let listDb: TestDatabase;
    let reviewer: TestUser;
    let ana: TestUser;
    let beto: TestUser;
    const ids: Record<string, number> = {};
    before(async () => {
      listDb = await freshDatabase();
      reviewer = await buildUser(listDb, { role: 'staff', email: 'revisora@tienda.cl' });
      ana = await buildUser(listDb, { role: 'customer', email: 'ana@cliente.cl' });
      beto = await buildUser(listDb, { role: 'customer', email: 'beto@cliente.cl' });
      // Noon in Santiago, so each day is the same in any time zone a test runs in.
      const insert = async (name: string, user: TestUser, createdAt: string, review?: { status: string; validUntil?: string; notes?: string; at: string }) => {
        const [row] = await listDb.query<{ id: number }>(
          `INSERT INTO medicinal_documents (user_id, file_url, doc_type, status, reviewed_by, valid_until, notes, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [user.id, `https://docs.test.cl/${name}.pdf`, name.startsWith('cert') ? 'certificado' : 'receta', review?.status ?? 'pending', review ? reviewer.id : null, review?.validUntil ?? null, review?.notes ?? null, createdAt, review?.at ?? createdAt],
        );
        ids[name] = row.id;
      };
      await insert('receta-ana', ana, '2026-01-10T12:00:00-03:00');
      await insert('cert-ana', ana, '2026-01-12T12:00:00-03:00', { status: 'approved', validUntil: '2026-07-12', at: '2026-01-13T10:00:00-03:00' });
      await insert('receta-beto', beto, '2026-01-11T12:00:00-03:00');
      await insert('receta-beto-2', beto, '2026-01-14T12:00:00-03:00', { status: 'rejected', notes: 'vencida, "sin firma"', at: '2026-01-15T09:30:00-03:00' });
    });
    after(async () => listDb.close());

    const list = (args: string[]) => runCli(['docs:list', ...args], as(reviewer, listDb));
    const expected = (name: string) => {
      const base = {
        'receta-ana': { userId: ana.id, userEmail: ana.email, type: 'receta', status: 'pending', submittedAt: '2026-01-10T15:00:00.000Z', submittedOn: '2026-01-10' },
        'cert-ana': { userId: ana.id, userEmail: ana.email, type: 'certificado', status: 'approved', submittedAt: '2026-01-12T15:00:00.000Z', submittedOn: '2026-01-12' },
        'receta-beto': { userId: beto.id, userEmail: beto.email, type: 'receta', status: 'pending', submittedAt: '2026-01-11T15:00:00.000Z', submittedOn: '2026-01-11' },
        'receta-beto-2': { userId: beto.id, userEmail: beto.email, type: 'receta', status: 'rejected', submittedAt: '2026-01-14T15:00:00.000Z', submittedOn: '2026-01-14' },
      }[name]!;
      const review = {
        'cert-ana': { reviewedBy: reviewer.id, reviewerEmail: reviewer.email, reviewedAt: '2026-01-13T13:00:00.000Z', reviewedOn: '2026-01-13', validUntil: '2026-07-12', notes: null },
        'receta-beto-2': { reviewedBy: reviewer.id, reviewerEmail: reviewer.email, reviewedAt: '2026-01-15T12:30:00.000Z', reviewedOn: '2026-01-15', validUntil: null, notes: 'vencida, "sin firma"' },
      }[name] ?? { reviewedBy: null, reviewerEmail: null, reviewedAt: null, reviewedOn: null, validUntil: null, notes: null };
      return { id: ids[name], ...base, fileUrl: `https://docs.test.cl/${name}.pdf`, fileSha256: null, ...review };
    };

    it('--status pending --json: exactly the pending documents, oldest first, in the documented shape', async () => {
      const result = await list(['--status', 'pending', '--json']);
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout)).to.deep.equal({ documents: [expected('receta-ana'), expected('receta-beto')] });
    });

    it('--json without a status: every document, newest first', async () => {
      const result = await list(['--json']);
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout)).to.deep.equal({ documents: ['receta-beto-2', 'cert-ana', 'receta-beto', 'receta-ana'].map(expected) });
    });

    it('--user (e-mail or id) and --limit narrow the list', async () => {
      const byEmail = JSON.parse((await list(['--user', 'ANA@cliente.cl', '--json'])).stdout);
      expect(byEmail.documents.map((d: { id: number }) => d.id)).to.deep.equal([ids['cert-ana'], ids['receta-ana']]);
      const byId = JSON.parse((await list(['--user', String(beto.id), '--status', 'rejected', '--json'])).stdout);
      expect(byId).to.deep.equal({ documents: [expected('receta-beto-2')] });
      const limited = JSON.parse((await list(['--limit', '1', '--json'])).stdout);
      expect(limited.documents.map((d: { id: number }) => d.id)).to.deep.equal([ids['receta-beto-2']]);
    });

    it('--csv: a header of field names, raw values, CRLF line ends', async () => {
      const result = await list(['--csv']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(
        [
          'id,userEmail,type,status,submittedOn,reviewerEmail,validUntil',
          `${ids['receta-beto-2']},beto@cliente.cl,receta,rejected,2026-01-14,revisora@tienda.cl,`,
          `${ids['cert-ana']},ana@cliente.cl,certificado,approved,2026-01-12,revisora@tienda.cl,2026-07-12`,
          `${ids['receta-beto']},beto@cliente.cl,receta,pending,2026-01-11,,`,
          `${ids['receta-ana']},ana@cliente.cl,receta,pending,2026-01-10,,`,
        ].join('\r\n') + '\r\n',
      );
    });

    it('prints tab-separated lines with a header when piped', async () => {
      const result = await list(['--status', 'approved']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(
        `id\tuser\ttype\tstatus\tsubmitted\treviewed by\tvalid until\n${ids['cert-ana']}\tana@cliente.cl\tcertificado\tapproved\t2026-01-12\trevisora@tienda.cl\t2026-07-12\n`,
      );
    });

    it('refuses --csv with --json (2), a --limit out of range (3) and an unknown --user (4)', async () => {
      // oclif reports parse errors over several lines; the base command prints one of them.
      expectOneErrorLine(await list(['--csv', '--json']), ExitCode.usage, /^error: /);
      expectOneErrorLine(await list(['--limit', '0']), ExitCode.invalidInput, /^error: --limit: must be at least 1$/);
      expectOneErrorLine(await list(['--limit', '10001']), ExitCode.invalidInput, /^error: --limit: must be at most 10000$/);
      expectOneErrorLine(await list(['--user', 'nadie@cliente.cl']), ExitCode.notFound, /^error: no user "nadie@cliente\.cl"/);
      expectOneErrorLine(await list(['--status', 'vigente']), ExitCode.usage, /vigente/);
    });

    it('refuses a customer (exit 6)', async () => {
      expectOneErrorLine(await runCli(['docs:list'], as(ana, listDb)), ExitCode.notAllowed, /^error: docs:list is not allowed to the customer role/);
    });
  });

  describe('docs:show', () => {
    it('shows the document, its customer with a formatted RUT, and their eligibility', async () => {
      const id = await pendingDocument(customer, { url: 'https://docs.test.cl/show.pdf' });
      const [{ rut }] = await db.query<{ rut: string }>('SELECT rut FROM users WHERE id = $1', [customer.id]);
      const json = await store(staff, ['docs:show', String(id), '--json']);
      expect(json.code, json.stderr).to.equal(0);
      const detail = JSON.parse(json.stdout);
      expect(detail.document).to.deep.include({ id, userEmail: customer.email, status: 'pending', fileUrl: 'https://docs.test.cl/show.pdf', reviewerEmail: null });
      expect(detail.user).to.deep.equal({ id: customer.id, name: 'Camila Rojas', email: customer.email, rut, role: 'customer', isActive: true, validatedMedicinal: false });
      expect(detail.eligibility).to.deep.equal({ eligible: false, reason: 'not eligible: 1 document(s) waiting for review', validatedByStaff: false, documentValidUntil: null });

      const approve = await store(staff, ['docs:approve', String(id), '--valid-until', await dbDay(`current_date + 10`)]);
      expect(approve.code, approve.stderr).to.equal(0);
      const human = await store(admin, ['docs:show', String(id)]);
      expect(human.code, human.stderr).to.equal(0);
      const formatted = rut.replace(/^(\d+)(-.)$/, (_m, body: string, dv: string) => `${body.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${dv}`);
      expect(human.stdout).to.include(formatted).and.include('Camila Rojas <' + customer.email + '>').and.include(`approved by ${staff.email}`);
      expect(human.stdout).to.match(/eligible\s+yes: approved document valid until \d{4}-\d{2}-\d{2}/);
    });

    it('refuses an unknown id (4) and an id that is not a number (3)', async () => {
      await refused(staff, ['docs:show', '987654'], ExitCode.notFound, /^error: no medicinal document 987654$/);
      await refused(staff, ['docs:show', 'doce'], ExitCode.invalidInput, /^error: ID: must be a positive whole number$/);
    });
  });

  describe('docs:approve and docs:reject', () => {
    it('approves with the default validity: today + 6 months as the database counts it, one audit row', async () => {
      const id = await pendingDocument(customer);
      const result = await store(staff, ['docs:approve', String(id), '--json']);
      expect(result.code, result.stderr).to.equal(0);
      const sixMonths = await dbDay(`current_date + interval '6 months'`);
      const { document, eligibility } = JSON.parse(result.stdout);
      expect(document).to.deep.include({ id, status: 'approved', reviewedBy: staff.id, reviewerEmail: staff.email, validUntil: sixMonths, notes: null });
      expect(eligibility).to.deep.include({ eligible: true, documentValidUntil: sixMonths });
      expect(await documentInDb(id)).to.deep.include({ status: 'approved', reviewed_by: staff.id, valid_until: sixMonths, reviewed_after_submit: true });
      const logs = await auditRows(id);
      expect(logs).to.have.length(1);
      expect(logs[0]).to.deep.include({ actor_user_id: staff.id, action: 'documents.approve', entity: 'medicinal_documents', entity_id: id });
      expect(logs[0].meta).to.deep.equal({
        user_id: customer.id,
        before: { status: 'pending', reviewed_by: null, valid_until: null, notes: null },
        after: { status: 'approved', reviewed_by: staff.id, valid_until: sixMonths, notes: null },
      });
      expectCleanAudit(logs[0], staff);
    });

    it('approves with --valid-until and --notes, and says so in words without --json', async () => {
      const id = await pendingDocument(customer);
      const day = await dbDay('current_date + 30');
      const result = await store(admin, ['docs:approve', String(id), '--valid-until', day, '--notes', 'Receta Dr. Soto']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(`Approved document ${id} (receta of ${customer.email}), valid until ${day}.\n`);
      expect(await documentInDb(id)).to.deep.include({ status: 'approved', reviewed_by: admin.id, valid_until: day, notes: 'Receta Dr. Soto' });
      expect((await auditRows(id))[0].meta.after).to.deep.equal({ status: 'approved', reviewed_by: admin.id, valid_until: day, notes: 'Receta Dr. Soto' });
    });

    it('accepts today and two years ahead as --valid-until', async () => {
      for (const expression of ['current_date', `current_date + interval '2 years'`]) {
        const id = await pendingDocument(customer);
        const day = await dbDay(expression);
        const result = await store(staff, ['docs:approve', String(id), '--valid-until', day, '--json']);
        expect(result.code, result.stderr).to.equal(0);
        expect(JSON.parse(result.stdout).document.validUntil).to.equal(day);
      }
    });

    it('refuses dates that do not exist, are past, or more than 2 years ahead (exit 3), writing nothing', async () => {
      const id = await pendingDocument(customer);
      await refused(staff, ['docs:approve', String(id), '--valid-until', '2026-02-30'], ExitCode.invalidInput, /^error: --valid-until: must be a real date written YYYY-MM-DD$/);
      await refused(staff, ['docs:approve', String(id), '--valid-until', '31-12-2026'], ExitCode.invalidInput, /^error: --valid-until: must be a real date written YYYY-MM-DD$/);
      await refused(staff, ['docs:approve', String(id), '--valid-until', await dbDay('current_date - 1')], ExitCode.invalidInput, /^error: --valid-until: must be today \(\d{4}-\d{2}-\d{2}\) or later$/);
      await refused(staff, ['docs:approve', String(id), '--valid-until', await dbDay(`current_date + interval '3 years'`)], ExitCode.invalidInput, /^error: --valid-until: must be at most 2 years ahead/);
      expect(await documentInDb(id)).to.deep.include({ status: 'pending', reviewed_by: null });
    });

    it('rejects with notes: rejected, no validity, one audit row', async () => {
      const id = await pendingDocument(customer);
      const result = await store(staff, ['docs:reject', String(id), '--notes', '  La receta está vencida  ', '--json']);
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout).document).to.deep.include({ id, status: 'rejected', reviewedBy: staff.id, validUntil: null, notes: 'La receta está vencida' });
      expect(await documentInDb(id)).to.deep.include({ status: 'rejected', reviewed_by: staff.id, valid_until: null, notes: 'La receta está vencida', reviewed_after_submit: true });
      const logs = await auditRows(id);
      expect(logs).to.have.length(1);
      expect(logs[0]).to.deep.include({ actor_user_id: staff.id, action: 'documents.reject', entity: 'medicinal_documents', entity_id: id });
      expect(logs[0].meta).to.deep.equal({
        user_id: customer.id,
        before: { status: 'pending', reviewed_by: null, valid_until: null, notes: null },
        after: { status: 'rejected', reviewed_by: staff.id, valid_until: null, notes: 'La receta está vencida' },
      });
      expectCleanAudit(logs[0], staff);
    });

    it('refuses to reject without --notes (2) or with blank notes (3), writing nothing', async () => {
      const id = await pendingDocument(customer);
      // oclif reports a missing required flag over several lines; the base command prints one of them.
      await refused(staff, ['docs:reject', String(id)], ExitCode.usage, /^error: /);
      await refused(staff, ['docs:reject', String(id), '--notes', '   '], ExitCode.invalidInput, /^error: --notes: must not be empty$/);
    });

    it('refuses to review a document that is no longer pending (5), naming who reviewed it and when', async () => {
      const id = await pendingDocument(customer);
      expect((await store(staff, ['docs:approve', String(id)])).code).to.equal(0);
      const [{ day }] = await db.query<{ day: string }>(`SELECT to_char(updated_at AT TIME ZONE store_timezone(), 'YYYY-MM-DD') AS day FROM medicinal_documents WHERE id = $1`, [id]);
      const message = new RegExp(`^error: document ${id} was already reviewed: approved by ${staff.email.replace('.', '\\.')} on ${day}$`);
      await refused(admin, ['docs:approve', String(id)], ExitCode.ruleRefused, message);
      await refused(admin, ['docs:reject', String(id), '--notes', 'no'], ExitCode.ruleRefused, message);
      expect(await auditRows(id)).to.have.length(1);
    });

    it('refuses an unknown id (4) and a malformed one (3)', async () => {
      await refused(staff, ['docs:approve', '987654'], ExitCode.notFound, /^error: no medicinal document 987654$/);
      await refused(staff, ['docs:reject', '987654', '--notes', 'x'], ExitCode.notFound, /^error: no medicinal document 987654$/);
      await refused(staff, ['docs:approve', '-1'], ExitCode.invalidInput, /^error: ID: must be a positive whole number$/);
      await refused(staff, ['docs:approve', '12abc'], ExitCode.invalidInput, /^error: ID: must be a positive whole number$/);
    });

    it('refuses a customer (6) and a missing login (6), writing nothing', async () => {
      const id = await pendingDocument(customer);
      await refused(customer, ['docs:approve', String(id)], ExitCode.notAllowed, /^error: docs:approve is not allowed to the customer role/);
      await refused(customer, ['docs:reject', String(id), '--notes', 'x'], ExitCode.notAllowed, /^error: docs:reject is not allowed to the customer role/);
      await refused(undefined, ['docs:approve', String(id)], ExitCode.notAllowed, /^error: docs:approve needs a login/);
    });

    it('six reviewers racing on one document: exactly one wins, the others are told it was already reviewed', async () => {
      const id = await pendingDocument(customer);
      const reviewers = [staff, admin, await buildUser(db, { role: 'staff' }), await buildUser(db, { role: 'staff' }), await buildUser(db, { role: 'admin' }), await buildUser(db, { role: 'staff' })];
      const results = await Promise.all(
        reviewers.map((reviewer, i) => store(reviewer, i % 2 === 0 ? ['docs:approve', String(id)] : ['docs:reject', String(id), '--notes', `rechazo ${i}`])),
      );
      const winners = results.filter((r) => r.code === 0);
      expect(winners, results.map((r) => `${r.code} ${r.stderr}`).join('\n')).to.have.length(1);
      for (const loser of results.filter((r) => r.code !== 0)) {
        expectOneErrorLine(loser, ExitCode.ruleRefused, new RegExp(`^error: document ${id} was already reviewed: (approved|rejected) by \\S+ on \\d{4}-\\d{2}-\\d{2}$`));
      }
      const winner = reviewers[results.indexOf(winners[0])];
      const logs = await auditRows(id);
      expect(logs).to.have.length(1);
      expect(logs[0].actor_user_id).to.equal(winner.id);
      const row = await documentInDb(id);
      expect(row.reviewed_by).to.equal(winner.id);
      expect(logs[0].action).to.equal(row.status === 'approved' ? 'documents.approve' : 'documents.reject');
    });
  });
});
