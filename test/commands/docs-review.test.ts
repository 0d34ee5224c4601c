/**
 * docs:review runs in this process with scripted answers: the methods of the `prompt` object
 * are replaced, so no terminal is needed and every question asked is recorded.
 */
import { Config, Errors } from '@oclif/core';
import { expect } from 'chai';
import * as path from 'node:path';
import DocsReview, { type ReviewSummary } from '../../src/commands/docs/review';
import { ExitCode } from '../../src/lib/errors';
import { prompt, type Choice } from '../../src/lib/prompt';
import { databaseChecksum } from '../helpers/checksum';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { runInProcess, restoreEnv, type InProcessRun } from '../helpers/in-process';
import { buildUser, type TestUser } from '../helpers/people';

const ROOT = path.join(__dirname, '..', '..');
/** An answer that presses Enter on an input: its default. */
const ENTER = Symbol('enter');

type Run = InProcessRun<ReviewSummary>;

describe('store docs:review', () => {
  let config: Config;
  let db: TestDatabase;
  let staff: TestUser;
  let ana: TestUser;
  let beto: TestUser;
  const original = { ...prompt };
  const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, STORE_TOKEN: process.env.STORE_TOKEN };
  let selects: string[];
  let inputs: Array<string | typeof ENTER>;
  let asked: string[];
  /** Runs just before the select for a document is answered (another reviewer acting). */
  let beforeAnswer: ((message: string) => Promise<void>) | undefined;

  before(async () => {
    config = await Config.load(ROOT);
    // Loaded from the sources rather than the manifest, so the class does not know its id.
    DocsReview.id = 'docs:review';
  });

  beforeEach(async () => {
    db = await freshDatabase();
    staff = await buildUser(db, { role: 'staff', email: 'revisor@tienda.cl' });
    ana = await buildUser(db, { role: 'customer', name: 'Ana Pérez', email: 'ana@cliente.cl' });
    beto = await buildUser(db, { role: 'customer', name: 'Beto Soto', email: 'beto@cliente.cl' });
    selects = [];
    inputs = [];
    asked = [];
    beforeAnswer = undefined;
    prompt.interactive = () => true;
    prompt.select = async <T extends string>(message: string, choices: Array<Choice<T>>): Promise<T> => {
      asked.push(message);
      await beforeAnswer?.(message);
      const answer = selects.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${message}`);
      expect(choices.map((c) => c.value)).to.include(answer);
      return answer as T;
    };
    prompt.input = async (message: string, options: { default?: string; validate?: (value: string) => true | string } = {}): Promise<string> => {
      asked.push(message);
      const scripted = inputs.shift();
      if (scripted === undefined) throw new Error(`unexpected question: ${message}`);
      const answer = scripted === ENTER ? (options.default ?? '') : scripted;
      const verdict = options.validate?.(answer) ?? true;
      if (verdict !== true) throw new Error(`the prompt would refuse ${JSON.stringify(answer)}: ${verdict}`);
      return answer;
    };
    process.env.DATABASE_URL = db.url;
    process.env.STORE_TOKEN = staff.token;
  });

  afterEach(async () => {
    Object.assign(prompt, original);
    restoreEnv(savedEnv);
    await db.close();
  });

  /** Runs docs:review with its output captured. */
  async function review(args: string[]): Promise<Run> {
    return runInProcess<ReviewSummary>(DocsReview, args, config);
  }

  const pending = async (user: TestUser, hoursAgo: number) => {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO medicinal_documents (user_id, file_url, doc_type, created_at, updated_at)
       VALUES ($1, $2, 'receta', now() - make_interval(hours => $3), now() - make_interval(hours => $3)) RETURNING id`,
      [user.id, `https://docs.test.cl/${user.id}-${hoursAgo}.pdf`, hoursAgo],
    );
    return row.id;
  };
  const documents = () =>
    db.query<{ id: number; status: string; reviewed_by: number | null; valid_until: string | null; notes: string | null }>(
      'SELECT id, status, reviewed_by, valid_until::text, notes FROM medicinal_documents ORDER BY id',
    );
  const audits = () => db.query<{ actor_user_id: number; action: string; entity_id: number }>(`SELECT actor_user_id, action, entity_id FROM system_logs ORDER BY id`);
  const dbDay = async (expression: string) => (await db.query<{ day: string }>(`SELECT (${expression})::date::text AS day`))[0].day;

  it('approves, rejects, skips and quits, oldest first, and returns what it did', async () => {
    const first = await pending(ana, 30);
    const second = await pending(beto, 20);
    const third = await pending(ana, 10);
    const fourth = await pending(beto, 5);
    selects = ['approve', 'reject', 'skip', 'quit'];
    inputs = [ENTER, 'La receta no tiene firma'];

    const run = await review(['--json']);
    expect(run.error, run.stderr).to.equal(undefined);
    const summary = { approved: [first], rejected: [second], skipped: [third] };
    expect(run.result).to.deep.equal(summary);
    expect(JSON.parse(run.stdout)).to.deep.equal(summary);
    expect(asked).to.deep.equal([`Document ${first}:`, 'Valid until (YYYY-MM-DD):', `Document ${second}:`, 'Reason (the customer will see it):', `Document ${third}:`, `Document ${fourth}:`]);

    // Each card names the customer, their formatted RUT and their eligibility.
    const [{ rut }] = await db.query<{ rut: string }>('SELECT rut FROM users WHERE id = $1', [ana.id]);
    expect(run.stderr).to.include(`Ana Pérez <ana@cliente.cl>`).and.include(`Beto Soto <beto@cliente.cl>`);
    expect(run.stderr).to.include(rut.replace(/^(\d+)(-.)$/, (_m, body: string, dv: string) => `${body.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${dv}`));
    expect(run.stderr).to.match(/eligible\s+no: not eligible: 2 document\(s\) waiting for review/);

    const sixMonths = await dbDay(`current_date + interval '6 months'`);
    expect(await documents()).to.deep.equal([
      { id: first, status: 'approved', reviewed_by: staff.id, valid_until: sixMonths, notes: null },
      { id: second, status: 'rejected', reviewed_by: staff.id, valid_until: null, notes: 'La receta no tiene firma' },
      { id: third, status: 'pending', reviewed_by: null, valid_until: null, notes: null },
      { id: fourth, status: 'pending', reviewed_by: null, valid_until: null, notes: null },
    ]);
    expect(await audits()).to.deep.equal([
      { actor_user_id: staff.id, action: 'documents.approve', entity_id: first },
      { actor_user_id: staff.id, action: 'documents.reject', entity_id: second },
    ]);
  });

  it('prints the summary line on stdout without --json, and stops at --limit', async () => {
    const first = await pending(ana, 30);
    await pending(beto, 20);
    const day = await dbDay('current_date + 45');
    selects = ['approve'];
    inputs = [day];
    const run = await review(['--limit', '1']);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(run.stdout).to.equal('Reviewed: 1 approved, 0 rejected, 0 skipped\n');
    expect(run.result).to.deep.equal({ approved: [first], rejected: [], skipped: [] });
    expect((await documents())[0]).to.deep.include({ status: 'approved', valid_until: day });
  });

  it('asks again for a day the database refuses (past), then approves', async () => {
    const first = await pending(ana, 30);
    selects = ['approve'];
    inputs = [await dbDay('current_date - 1'), ENTER];
    const run = await review([]);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(run.stderr).to.match(/The day must be today \(\d{4}-\d{2}-\d{2}\) or later/);
    expect(run.result).to.deep.equal({ approved: [first], rejected: [], skipped: [] });
    expect(await audits()).to.have.length(1);
  });

  it('skips a document another reviewer decided meanwhile, and never offers one already decided', async () => {
    const first = await pending(ana, 30);
    const second = await pending(beto, 20);
    const third = await pending(ana, 10);
    const other = await buildUser(db, { role: 'admin', email: 'otra@tienda.cl' });
    beforeAnswer = async (message) => {
      if (message !== `Document ${first}:`) return;
      // While the first card is on screen, another reviewer approves it and rejects the second.
      await db.query(`UPDATE medicinal_documents SET status = 'approved', reviewed_by = $1, valid_until = current_date + 30 WHERE id = $2`, [other.id, first]);
      await db.query(`UPDATE medicinal_documents SET status = 'rejected', reviewed_by = $1, notes = 'duplicada' WHERE id = $2`, [other.id, second]);
    };
    selects = ['approve', 'reject'];
    inputs = [ENTER, 'ilegible'];
    const run = await review(['--json']);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(run.stderr).to.match(new RegExp(`document ${first} was already reviewed: approved by otra@tienda\\.cl on \\d{4}-\\d{2}-\\d{2}; skipped\\.`));
    expect(asked.filter((q) => q.startsWith('Document'))).to.deep.equal([`Document ${first}:`, `Document ${third}:`]);
    expect(run.result).to.deep.equal({ approved: [], rejected: [third], skipped: [first] });
    expect((await audits()).map((a) => [a.action, a.entity_id])).to.deep.equal([['documents.reject', third]]);
    expect(run.stderr).to.include('No more documents are waiting for review.');
  });

  it('keeps what was done when the reviewer presses Ctrl-C at a question', async () => {
    const first = await pending(ana, 30);
    const second = await pending(beto, 20);
    beforeAnswer = async (message) => {
      if (message !== `Document ${second}:`) return;
      throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    };
    selects = ['approve'];
    inputs = [ENTER];
    const run = await review([]);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(run.result).to.deep.equal({ approved: [first], rejected: [], skipped: [] });
    expect(run.stdout).to.equal('Reviewed: 1 approved, 0 rejected, 0 skipped\n');
    expect((await documents()).map((d) => d.status)).to.deep.equal(['approved', 'pending']);
  });

  it('says so when nothing waits, and asks nothing', async () => {
    const run = await review([]);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(run.stderr).to.include('No documents are waiting for review.');
    expect(run.stdout).to.equal('Reviewed: 0 approved, 0 rejected, 0 skipped\n');
    expect(asked).to.deep.equal([]);
  });

  it('refuses to run without a terminal (exit 2), pointing to docs:approve and docs:reject, writing nothing', async () => {
    await pending(ana, 30);
    prompt.interactive = () => false;
    const before = await databaseChecksum(db);
    const run = await review([]);
    expect(run.error).to.be.instanceOf(Errors.ExitError);
    expect(run.error?.oclif?.exit).to.equal(ExitCode.usage);
    expect(run.stderr).to.equal('error: docs:review is interactive: use docs:approve or docs:reject in scripts\n');
    expect(asked).to.deep.equal([]);
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });

  it('refuses a customer (exit 6), asking nothing', async () => {
    await pending(ana, 30);
    process.env.STORE_TOKEN = ana.token;
    const before = await databaseChecksum(db);
    const run = await review([]);
    expect(run.error?.oclif?.exit).to.equal(ExitCode.notAllowed);
    expect(run.stderr).to.match(/^error: docs:review is not allowed to the customer role \(ana@cliente\.cl\)/);
    expect(asked).to.deep.equal([]);
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });
});
