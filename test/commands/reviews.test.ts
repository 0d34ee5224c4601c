import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { seedDatabase } from '../../src/services/db/seed';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, expectRefused } from '../helpers/cli';
import { failure, freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';


const NL = 'semilla-northern-lights-auto';
const AH = 'semilla-amnesia-haze-feminizada';

describe('store reviews:*', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let ana: TestUser;
  let beto: TestUser;
  /** Review ids: ana on NL (5, visible), beto on NL (2, hidden), ana on AH (4, visible, no title). */
  let ids: { anaNl: number; betoNl: number; anaAh: number };

  const insertReview = async (user: TestUser, product: string, rating: number, title: string | null, visible: boolean, createdAt: string) => {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO product_reviews (product_id, user_id, rating, title, body, is_visible, created_at)
       SELECT id, $2, $3, $4, 'Reseña de prueba', $5, $6 FROM products WHERE slug = $1 RETURNING id::int`,
      [product, user.id, rating, title, visible, createdAt],
    );
    return row.id;
  };

  beforeEach(async () => {
    db = await freshDatabase();
    await seedDatabase(await db.sequelize(), {});
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    ana = await buildUser(db, { role: 'customer', email: 'ana@cliente.cl' });
    beto = await buildUser(db, { role: 'customer', email: 'beto@cliente.cl' });
    ids = {
      anaNl: await insertReview(ana, NL, 5, 'Excelente, germinaron todas', true, '2026-01-10T12:00:00Z'),
      betoNl: await insertReview(beto, NL, 2, 'Llegó tarde', false, '2026-01-11T12:00:00Z'),
      anaAh: await insertReview(ana, AH, 4, null, true, '2026-01-12T12:00:00Z'),
    };
  });
  afterEach(async () => db.close());

  const cli = (user: TestUser, args: string[]) => runCli(args, as(user, db));
  async function listed(user: TestUser, args: string[]): Promise<Array<Record<string, unknown>>> {
    const result = await cli(user, ['reviews:list', '--json', ...args]);
    expect(result.code, result.stderr).to.equal(0);
    return (JSON.parse(result.stdout) as { reviews: Array<Record<string, unknown>> }).reviews;
  }
  const logs = () => db.query<{ actor_user_id: number; action: string; entity: string; entity_id: number; meta: Record<string, unknown> }>(
    `SELECT actor_user_id::int, action, entity, entity_id::int, meta FROM system_logs ORDER BY id`,
  );

  describe('reviews:list', () => {
    it('lists every review newest first, with product slug, customer e-mail, rating, title, visibility and date', async () => {
      expect(await listed(staff, [])).to.deep.equal([
        { id: ids.anaAh, productSlug: AH, customerEmail: 'ana@cliente.cl', rating: 4, title: null, visible: true, createdAt: '2026-01-12T12:00:00.000Z' },
        { id: ids.betoNl, productSlug: NL, customerEmail: 'beto@cliente.cl', rating: 2, title: 'Llegó tarde', visible: false, createdAt: '2026-01-11T12:00:00.000Z' },
        { id: ids.anaNl, productSlug: NL, customerEmail: 'ana@cliente.cl', rating: 5, title: 'Excelente, germinaron todas', visible: true, createdAt: '2026-01-10T12:00:00.000Z' },
      ]);
    });

    it('filters by product, visibility and limit', async () => {
      const idsOf = (rows: Array<Record<string, unknown>>) => rows.map((row) => row.id);
      expect(idsOf(await listed(staff, ['--product', NL]))).to.deep.equal([ids.betoNl, ids.anaNl]);
      expect(idsOf(await listed(staff, ['--hidden']))).to.deep.equal([ids.betoNl]);
      expect(idsOf(await listed(staff, ['--visible']))).to.deep.equal([ids.anaAh, ids.anaNl]);
      expect(idsOf(await listed(admin, ['--product', NL, '--visible']))).to.deep.equal([ids.anaNl]);
      expect(idsOf(await listed(staff, ['--limit', '1']))).to.deep.equal([ids.anaAh]);
      expect(await listed(staff, ['--product', 'aceite-cbd-full-spectrum'])).to.deep.equal([]);
    });

    it('writes CSV with a header row and raw values', async () => {
      const result = await cli(staff, ['reviews:list', '--csv', '--product', NL]);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(
        'id,productSlug,customerEmail,rating,title,visible,createdAt\r\n' +
          `${ids.betoNl},${NL},beto@cliente.cl,2,Llegó tarde,false,2026-01-11T12:00:00.000Z\r\n` +
          `${ids.anaNl},${NL},ana@cliente.cl,5,"Excelente, germinaron todas",true,2026-01-10T12:00:00.000Z\r\n`,
      );
    });

    it('refuses an unknown product (4), --hidden with --visible (2), a bad --limit (3) and customers (6)', async () => {
      expectRefused(await cli(staff, ['reviews:list', '--product', 'no-existe']), ExitCode.notFound, /^error: no product "no-existe"$/);
      expectRefused(await cli(staff, ['reviews:list', '--hidden', '--visible']), ExitCode.usage, /^error: .*(--visible|--hidden)/);
      expectRefused(await cli(staff, ['reviews:list', '--limit', '0']), ExitCode.invalidInput, /^error: --limit: must be at least 1$/);
      expectRefused(await cli(ana, ['reviews:list']), ExitCode.notAllowed, /^error: reviews:list is not allowed to the customer role/);
    });
  });

  describe('reviews:hide and reviews:show', () => {
    it('hides a visible review and shows it again, each with one audit row holding before and after', async () => {
      const hid = await cli(staff, ['reviews:hide', String(ids.anaNl)]);
      expect(hid.code, hid.stderr).to.equal(0);
      expect(hid.stdout.trim()).to.equal(`Hid review ${ids.anaNl} of ${NL} by ana@cliente.cl.`);
      expect(await db.query('SELECT is_visible FROM product_reviews WHERE id = $1', [ids.anaNl])).to.deep.equal([{ is_visible: false }]);

      const shown = await cli(admin, ['reviews:show', String(ids.anaNl), '--json']);
      expect(shown.code, shown.stderr).to.equal(0);
      expect(JSON.parse(shown.stdout)).to.deep.equal({
        id: ids.anaNl, productSlug: NL, customerEmail: 'ana@cliente.cl', rating: 5, title: 'Excelente, germinaron todas', visible: true, createdAt: '2026-01-10T12:00:00.000Z', changed: true,
      });
      expect(await db.query('SELECT is_visible FROM product_reviews WHERE id = $1', [ids.anaNl])).to.deep.equal([{ is_visible: true }]);

      expect(await logs()).to.deep.equal([
        { actor_user_id: staff.id, action: 'reviews.hide', entity: 'product_reviews', entity_id: ids.anaNl, meta: { product: NL, customer: 'ana@cliente.cl', rating: 5, before: { is_visible: true }, after: { is_visible: false } } },
        { actor_user_id: admin.id, action: 'reviews.show', entity: 'product_reviews', entity_id: ids.anaNl, meta: { product: NL, customer: 'ana@cliente.cl', rating: 5, before: { is_visible: false }, after: { is_visible: true } } },
      ]);
    });

    it('hiding a hidden review (or showing a visible one) says so and writes nothing', async () => {
      const before = await databaseChecksum(db);
      const again = await cli(staff, ['reviews:hide', String(ids.betoNl)]);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout.trim()).to.equal(`Review ${ids.betoNl} was already hidden.`);
      const json = await cli(staff, ['reviews:show', String(ids.anaAh), '--json']);
      expect(JSON.parse(json.stdout)).to.deep.include({ id: ids.anaAh, visible: true, changed: false });
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('refuses an unknown id (4), a non-numeric id (3) and customers (6), writing nothing', async () => {
      const before = await databaseChecksum(db);
      expectRefused(await cli(staff, ['reviews:hide', '999999']), ExitCode.notFound, /^error: no review 999999$/);
      expectRefused(await cli(staff, ['reviews:show', '999999']), ExitCode.notFound, /^error: no review 999999$/);
      expectRefused(await cli(staff, ['reviews:hide', 'abc']), ExitCode.invalidInput, /^error: ID: must be a positive whole number$/);
      expectRefused(await cli(ana, ['reviews:hide', String(ids.anaNl)]), ExitCode.notAllowed, /^error: reviews:hide is not allowed to the customer role/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });

  describe('the database', () => {
    for (const rating of [0, 6]) {
      it(`refuses a rating of ${rating} (product_reviews_rating_check)`, async () => {
        const [{ id: product }] = await db.query<{ id: number }>('SELECT id::int FROM products WHERE slug = $1', [AH]);
        const error = await failure(() => db.query('INSERT INTO product_reviews (product_id, user_id, rating) VALUES ($1, $2, $3)', [product, beto.id, rating]));
        expect(error.code).to.equal('23514');
        expect(error.constraint).to.equal('product_reviews_rating_check');
      });
    }

    it('accepts ratings 1 and 5 at the edges', async () => {
      const [{ id: product }] = await db.query<{ id: number }>(`SELECT id::int FROM products WHERE slug = 'aceite-cbd-full-spectrum'`);
      await db.query('INSERT INTO product_reviews (product_id, user_id, rating) VALUES ($1, $2, 1), ($1, $3, 5)', [product, ana.id, beto.id]);
      expect(await listed(staff, ['--product', 'aceite-cbd-full-spectrum'])).to.have.length(2);
    });
  });
});
