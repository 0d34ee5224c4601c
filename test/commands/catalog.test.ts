/**
 * The catalog through the CLI: categories:*, products:add|list|show|update|deactivate and
 * variants:*, as admins (who change it), staff (who read it) and customers (who may not).
 */
import { expect } from 'chai';
import { ExitCode } from '../../src/lib/errors';
import { databaseChecksum } from '../helpers/checksum';
import { runCli, expectRefused } from '../helpers/cli';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { as, buildUser, type TestUser } from '../helpers/people';


interface VariantSeed {
  sku: string;
  price: number;
  stock: number;
  label?: string;
  active?: boolean;
}

describe('store catalog: categories, products, variants', function () {
  // Each case runs the CLI several times, a second or two apiece.
  this.timeout(180_000);
  let db: TestDatabase;
  let admin: TestUser;
  let staff: TestUser;
  let customer: TestUser;
  let warehouseId: number;

  beforeEach(async () => {
    db = await freshDatabase();
    admin = await buildUser(db, { role: 'admin' });
    staff = await buildUser(db, { role: 'staff' });
    customer = await buildUser(db, { role: 'customer' });
    [{ id: warehouseId }] = await db.query<{ id: number }>(`INSERT INTO warehouses (name, is_default) VALUES ('Bodega Central', true) RETURNING id`);
  });
  afterEach(async () => db.close());

  const run = (user: TestUser | undefined, args: string[]) => runCli(args, as(user, db));
  /** Runs with --json as the admin (unless told) and returns the parsed document. */
  async function json<T = Record<string, unknown>>(args: string[], user: TestUser = admin): Promise<T> {
    const result = await run(user, [...args, '--json']);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }
  const logs = () =>
    db.query<{ actor_user_id: number; action: string; entity: string; entity_id: number; meta: Record<string, unknown> }>(
      'SELECT actor_user_id, action, entity, entity_id::int, meta FROM system_logs ORDER BY id',
    );

  // Factories: rows written straight to the database, so a test sets up without the commands it tests.
  async function category(slug: string, options: { parent?: string; medicinal?: boolean; name?: string } = {}): Promise<number> {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO categories (slug, name, parent_id, is_medicinal) VALUES ($1, $2, (SELECT id FROM categories WHERE slug = $3), $4) RETURNING id`,
      [slug, options.name ?? slug[0].toUpperCase() + slug.slice(1), options.parent ?? null, options.medicinal ?? false],
    );
    return row.id;
  }
  async function product(slug: string, categorySlug: string, variants: VariantSeed[], options: { name?: string; active?: boolean } = {}): Promise<number> {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO products (category_id, slug, name, is_active) VALUES ((SELECT id FROM categories WHERE slug = $1), $2, $3, $4) RETURNING id`,
      [categorySlug, slug, options.name ?? slug, options.active ?? true],
    );
    for (const v of variants) {
      const [variant] = await db.query<{ id: number }>(
        `INSERT INTO product_variants (product_id, sku, option_label, price_cents, is_active) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [row.id, v.sku, v.label ?? v.sku, v.price, v.active ?? true],
      );
      if (v.stock > 0) await db.query(`INSERT INTO inventory (warehouse_id, variant_id, quantity_available) VALUES ($1, $2, $3)`, [warehouseId, variant.id, v.stock]);
    }
    return row.id;
  }

  describe('categories', () => {
    it('adds a category with a slug made from its name, -2 when taken, and one audit row each', async () => {
      const first = await json(['categories:add', '--name', 'Flores Índicas']);
      expect(first).to.deep.equal({ id: first.id, slug: 'flores-indicas', name: 'Flores Índicas', parentSlug: null, depth: 0, isMedicinal: false, products: 0, medicinalInherited: false });
      const second = await json(['categories:add', '--name', 'Flores  índicas!']);
      expect(second).to.include({ slug: 'flores-indicas-2', name: 'Flores  índicas!' });
      const said = await run(admin, ['categories:add', '--name', 'Accesorios', '--slug', 'accesorios']);
      expect(said.stdout).to.equal('Added category accesorios (Accesorios) at the root, not medicinal.\n');
      const audit = await logs();
      expect(audit.map((l) => [l.actor_user_id, l.action, l.entity])).to.deep.equal([
        [admin.id, 'categories.add', 'categories'],
        [admin.id, 'categories.add', 'categories'],
        [admin.id, 'categories.add', 'categories'],
      ]);
      expect(audit[0].meta).to.deep.equal({ after: { slug: 'flores-indicas', name: 'Flores Índicas', parent: null, isMedicinal: false } });
    });

    it('gives subcategories the medicinal status of their parent unless stated', async () => {
      await json(['categories:add', '--name', 'Medicinal', '--medicinal']);
      const inherited = await json(['categories:add', '--name', 'Flores', '--parent', 'medicinal']);
      expect(inherited).to.include({ parentSlug: 'medicinal', depth: 1, isMedicinal: true, medicinalInherited: true });
      const stated = await json(['categories:add', '--name', 'Semillas CBD', '--parent', 'medicinal', '--no-medicinal']);
      expect(stated).to.include({ isMedicinal: false, medicinalInherited: false });
      const grandchild = await json(['categories:add', '--name', 'Semillas CBD Autos', '--parent', 'semillas-cbd']);
      expect(grandchild).to.include({ parentSlug: 'semillas-cbd', depth: 2, isMedicinal: false });
      const openRoot = await json(['categories:add', '--name', 'Semillas']);
      expect(openRoot).to.include({ isMedicinal: false });
      const said = await run(admin, ['categories:add', '--name', 'Aceites', '--parent', 'medicinal']);
      expect(said.stdout).to.equal('Added category aceites (Aceites) under medicinal, medicinal (inherited).\n');
    });

    it('refuses a taken slug (5), a malformed slug (3) and an unknown parent (4), writing nothing', async () => {
      await category('semillas');
      const before = await databaseChecksum(db);
      const results = await Promise.all([
        run(admin, ['categories:add', '--name', 'Otra', '--slug', 'semillas']),
        run(admin, ['categories:add', '--name', 'Otra', '--slug', 'con espacios']),
        run(admin, ['categories:add', '--name', 'Otra', '--parent', 'nada']),
        run(admin, ['categories:add', '--name', '!!!']),
        run(admin, ['categories:add', '--name', 'x'.repeat(121)]),
      ]);
      expectRefused(results[0], ExitCode.ruleRefused, /^error: category slug "semillas" already exists$/);
      expectRefused(results[1], ExitCode.invalidInput, /^error: --slug: must be lower-case letters and digits joined by single dashes/);
      expectRefused(results[2], ExitCode.notFound, /^error: no category "nada"$/);
      expectRefused(results[3], ExitCode.invalidInput, /^error: --name: has no letters or digits to make a slug of: give --slug$/);
      expectRefused(results[4], ExitCode.invalidInput, /^error: --name: must be at most 120 characters$/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('moves a category with its subtree, audited; refuses a cycle (5) and writes nothing', async () => {
      await category('plantas');
      await category('interior', { parent: 'plantas' });
      await category('led', { parent: 'interior' });
      await category('exterior');
      const before = await databaseChecksum(db);
      const refusals = await Promise.all([
        run(admin, ['categories:move', 'plantas', '--parent', 'led']),
        run(admin, ['categories:move', 'interior', '--parent', 'interior']),
        run(admin, ['categories:move', 'interior']),
        run(admin, ['categories:move', 'interior', '--parent', 'exterior', '--root']),
        run(admin, ['categories:move', 'nada', '--root']),
      ]);
      expectRefused(refusals[0], ExitCode.ruleRefused, /^error: cannot move plantas under led: led is inside plantas$/);
      expectRefused(refusals[1], ExitCode.ruleRefused, /^error: cannot move interior under itself$/);
      expectRefused(refusals[2], ExitCode.usage, /--parent, --root/);
      expect(refusals[3].code, refusals[3].stderr).to.equal(ExitCode.usage);
      expectRefused(refusals[4], ExitCode.notFound, /^error: no category "nada"$/);
      expect(await databaseChecksum(db)).to.deep.equal(before);

      const moved = await json(['categories:move', 'interior', '--parent', 'exterior']);
      expect(moved).to.include({ slug: 'interior', parentSlug: 'exterior', previousParentSlug: 'plantas', depth: 1, moved: true });
      const tree = await json<{ categories: Array<{ slug: string; depth: number }> }>(['categories:list']);
      expect(tree.categories.map((c) => [c.slug, c.depth])).to.deep.equal([['exterior', 0], ['interior', 1], ['led', 2], ['plantas', 0]]);
      const toRoot = await run(admin, ['categories:move', 'led', '--root']);
      expect(toRoot.stdout).to.equal('Moved led from under interior to at the root.\n');
      const again = await run(admin, ['categories:move', 'led', '--root']);
      expect(again.stdout).to.equal('led is already at the root: nothing changed.\n');
      const audit = await logs();
      expect(audit.map((l) => [l.action, l.meta])).to.deep.equal([
        ['categories.move', { before: { parent: 'plantas' }, after: { parent: 'exterior' } }],
        ['categories.move', { before: { parent: 'interior' }, after: { parent: null } }],
      ]);
    });

    it('lists the tree as flat rows, parents first, with parent slug and depth (JSON, CSV, piped)', async () => {
      const medicinal = await category('medicinal', { medicinal: true });
      const flores = await category('flores', { parent: 'medicinal', medicinal: true, name: 'Flores, secas' });
      const semillas = await category('semillas');
      await product('flor-1', 'flores', [{ sku: 'F-1', price: 100, stock: 0 }]);
      await product('flor-2', 'flores', [{ sku: 'F-2', price: 100, stock: 0 }], { active: false });
      const list = await json(['categories:list'], staff);
      expect(list).to.deep.equal({
        categories: [
          { id: medicinal, slug: 'medicinal', name: 'Medicinal', parentSlug: null, depth: 0, isMedicinal: true, products: 0 },
          { id: flores, slug: 'flores', name: 'Flores, secas', parentSlug: 'medicinal', depth: 1, isMedicinal: true, products: 1 },
          { id: semillas, slug: 'semillas', name: 'Semillas', parentSlug: null, depth: 0, isMedicinal: false, products: 0 },
        ],
      });
      const csv = await run(staff, ['categories:list', '--csv']);
      expect(csv.code, csv.stderr).to.equal(0);
      expect(csv.stdout).to.equal(
        [
          'id,slug,name,parentSlug,depth,isMedicinal,products',
          `${medicinal},medicinal,Medicinal,,0,true,0`,
          `${flores},flores,"Flores, secas",medicinal,1,true,1`,
          `${semillas},semillas,Semillas,,0,false,0`,
          '',
        ].join('\r\n'),
      );
      const piped = await run(staff, ['categories:list']);
      expect(piped.stdout.split('\n')[0]).to.equal('id\tslug\tname\tparent\tdepth\tmedicinal\tproducts');
      expect(piped.stdout).to.include(`${flores}\tflores\tFlores, secas\tmedicinal\t1\tyes\t1`);
    });
  });

  describe('products:add', () => {
    beforeEach(async () => {
      await category('semillas');
    });

    it('adds a product with two variants: stock from inventory in the default warehouse, price history, one audit row', async () => {
      const result = await json<{ added: boolean; product: Record<string, unknown> & { id: number; variants: Array<{ id: number; sku: string }> } }>([
        'products:add', '--category', 'semillas', '--name', 'Semilla Índica', '--description', 'Genética índica.', '--image-url', 'https://cdn.tienda.cl/indica.jpg',
        '--variant', '1g:499000:20', '--variant', '5g:1999000:8:SI-5G',
      ]);
      expect(result.added).to.equal(true);
      const { product: added } = result;
      expect(added).to.deep.equal({
        id: added.id,
        slug: 'semilla-indica',
        name: 'Semilla Índica',
        category: 'semillas',
        description: 'Genética índica.',
        imageUrl: 'https://cdn.tienda.cl/indica.jpg',
        isActive: true,
        warehouse: 'Bodega Central',
        variants: [
          { id: added.variants[0].id, sku: 'SEMILLA-INDICA-1G', label: '1g', size: null, color: null, priceCents: 499000, stock: 20, isActive: true },
          { id: added.variants[1].id, sku: 'SI-5G', label: '5g', size: null, color: null, priceCents: 1999000, stock: 8, isActive: true },
        ],
      });
      expect(await db.query(`SELECT slug, name, is_active, (SELECT slug FROM categories c WHERE c.id = category_id) AS category FROM products`)).to.deep.equal([
        { slug: 'semilla-indica', name: 'Semilla Índica', is_active: true, category: 'semillas' },
      ]);
      const variants = await db.query<{ sku: string; price_cents: number; stock: number; inventory: number }>(
        `SELECT v.sku, v.price_cents::int, v.stock, (SELECT sum(quantity_available)::int FROM inventory i WHERE i.variant_id = v.id) AS inventory
         FROM product_variants v ORDER BY v.id`,
      );
      expect(variants).to.deep.equal([
        { sku: 'SEMILLA-INDICA-1G', price_cents: 499000, stock: 20, inventory: 20 },
        { sku: 'SI-5G', price_cents: 1999000, stock: 8, inventory: 8 },
      ]);
      expect(await db.query(`SELECT v.sku, i.warehouse_id::int, i.quantity_available, i.quantity_reserved FROM inventory i JOIN product_variants v ON v.id = i.variant_id ORDER BY v.id`)).to.deep.equal([
        { sku: 'SEMILLA-INDICA-1G', warehouse_id: warehouseId, quantity_available: 20, quantity_reserved: 0 },
        { sku: 'SI-5G', warehouse_id: warehouseId, quantity_available: 8, quantity_reserved: 0 },
      ]);
      expect(await db.query(`SELECT v.sku, h.price_cents::int, h.valid_to FROM price_history h JOIN product_variants v ON v.id = h.variant_id ORDER BY v.id`)).to.deep.equal([
        { sku: 'SEMILLA-INDICA-1G', price_cents: 499000, valid_to: null },
        { sku: 'SI-5G', price_cents: 1999000, valid_to: null },
      ]);
      const audit = await logs();
      expect(audit).to.have.length(1);
      expect(audit[0]).to.deep.include({ actor_user_id: admin.id, action: 'products.add', entity: 'products', entity_id: added.id });
      expect(audit[0].meta).to.deep.equal({ after: added });
    });

    it('prints one line with the SKUs, prices in pesos and stock', async () => {
      const result = await run(admin, ['products:add', '--category', 'semillas', '--name', 'Semilla Sativa', '--variant', 'x1:599000:3']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal('Added product semilla-sativa (Semilla Sativa) in semillas, stock in Bodega Central: SEMILLA-SATIVA-X1 $5.990 ×3.\n');
    });

    it('makes slugs and SKUs unique, and puts no inventory row for stock 0', async () => {
      await product('semilla-indica', 'semillas', [{ sku: 'SEMILLA-INDICA-2-5G', price: 100, stock: 0 }]);
      const added = await json<{ product: { slug: string; warehouse: string | null; variants: Array<{ sku: string; stock: number }> } }>([
        'products:add', '--category', 'semillas', '--name', 'Semilla Índica', '--variant', '5g:1000:0', '--variant', '5G:2000:0', '--variant', 'Pack ½ x3:3000:0',
      ]);
      expect(added.product.slug).to.equal('semilla-indica-2');
      expect(added.product.variants.map((v) => v.sku)).to.deep.equal(['SEMILLA-INDICA-2-5G-2', 'SEMILLA-INDICA-2-5G-3', 'SEMILLA-INDICA-2-PACK-X3']);
      expect(added.product.warehouse).to.equal(null);
      expect(await db.query('SELECT * FROM inventory')).to.deep.equal([]);
    });

    const refusals: Array<[string, string[], number, RegExp]> = [
      ['an unknown category', ['--category', 'nada'], ExitCode.notFound, /^error: no category "nada"$/],
      ['a negative price', ['--variant', '1g:-100:5'], ExitCode.invalidInput, /^error: --variant "1g:-100:5" PRICE_CENTS: must be a whole number of cents, 0 or more/],
      ['a price with decimals', ['--variant', '1g:4990.5:5'], ExitCode.invalidInput, /^error: --variant "1g:4990\.5:5" PRICE_CENTS: must be a whole number of cents/],
      ['a non-numeric stock', ['--variant', '1g:499000:muchos'], ExitCode.invalidInput, /^error: --variant "1g:499000:muchos" STOCK: must be a whole number, 0 or more$/],
      ['a stock above 2,000,000,000', ['--variant', '1g:499000:2000000001'], ExitCode.invalidInput, /^error: --variant "1g:499000:2000000001" STOCK: must be at most 2000000000$/],
      ['a malformed --variant', ['--variant', '1g-499000-5'], ExitCode.invalidInput, /^error: --variant "1g-499000-5": must be LABEL:PRICE_CENTS:STOCK\[:SKU\]/],
      ['an empty label', ['--variant', ' :499000:5'], ExitCode.invalidInput, /^error: --variant " :499000:5" LABEL: must not be empty$/],
      ['a SKU the database would refuse', ['--variant', '1g:499000:5:SKU CON ESPACIO'], ExitCode.invalidInput, /^error: --variant "1g:499000:5:SKU CON ESPACIO" SKU: must start with a letter or digit/],
      ['the same SKU twice in the command', ['--variant', '1g:499000:5:DUP-1', '--variant', '5g:1999000:1:DUP-1'], ExitCode.invalidInput, /^error: --variant: SKU DUP-1 is given twice \(variants 1 and 2\)$/],
      ['a SKU already in the database', ['--variant', '1g:499000:5:NL-1'], ExitCode.ruleRefused, /^error: SKU NL-1 already exists \(product northern-lights\)$/],
      ['an http image URL', ['--image-url', 'http://cdn.tienda.cl/a.jpg'], ExitCode.invalidInput, /^error: --image-url: must be an https:\/\/ URL$/],
      ['a slug with spaces', ['--slug', 'semilla indica'], ExitCode.invalidInput, /^error: --slug: must be lower-case letters and digits joined by single dashes/],
      ['a slug already taken', ['--slug', 'northern-lights'], ExitCode.ruleRefused, /^error: product slug "northern-lights" already exists$/],
      ['a 10,000-character name', ['--name', 'a'.repeat(10_000)], ExitCode.invalidInput, /^error: --name: must be at most 200 characters$/],
      ['a name with control characters', ['--name', 'Semilla\u0007'], ExitCode.invalidInput, /^error: --name: must not contain control characters$/],
      ['no --name without a terminal', ['--name', ''], ExitCode.invalidInput, /^error: --name: /],
      ['no --variant without a terminal', ['--variant', ''], ExitCode.invalidInput, /^error: --variant: is required: give at least one --variant LABEL:PRICE_CENTS:STOCK\[:SKU\]$/],
    ];
    it(`refuses ${refusals.length} kinds of bad input, each with its exit code and one line, writing nothing`, async () => {
      await product('northern-lights', 'semillas', [{ sku: 'NL-1', price: 100, stock: 2 }]);
      const before = await databaseChecksum(db);
      const results = await Promise.all(
        refusals.map(async ([, override]) => {
          const base: Record<string, string[]> = { '--category': ['semillas'], '--name': ['Semilla Índica'], '--variant': ['1g:499000:5'] };
          for (let i = 0; i < override.length; i += 2) base[override[i]] = [];
          for (let i = 0; i < override.length; i += 2) if (override[i + 1] !== '') base[override[i]].push(override[i + 1]);
          return run(admin, ['products:add', ...Object.entries(base).flatMap(([flag, values]) => values.flatMap((value) => [flag, value]))]);
        }),
      );
      refusals.forEach(([what, , code, pattern], i) => {
        expect(results[i].code, `${what}: ${results[i].stderr}`).to.equal(code);
        expectRefused(results[i], code, pattern);
      });
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('refuses initial stock when there is no default warehouse (5), but adds without stock', async () => {
      await db.query('UPDATE warehouses SET is_default = false');
      const before = await databaseChecksum(db);
      expectRefused(await run(admin, ['products:add', '--category', 'semillas', '--name', 'Pipa', '--variant', 'u:1000:1']), ExitCode.ruleRefused, /^error: there is no default warehouse/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
      const added = await json<{ product: { slug: string } }>(['products:add', '--category', 'semillas', '--name', 'Pipa', '--variant', 'u:1000:0']);
      expect(added.product.slug).to.equal('pipa');
    });
  });

  describe('products:list', () => {
    beforeEach(async () => {
      await category('semillas');
      await category('feminizadas', { parent: 'semillas', name: 'Feminizadas' });
      await category('medicinal', { medicinal: true });
      await product('semilla-indica', 'feminizadas', [{ sku: 'SI-1', price: 499000, stock: 3 }, { sku: 'SI-5', price: 1999000, stock: 20 }], { name: 'Semilla Índica' });
      await product('semilla-sativa', 'semillas', [{ sku: 'SS-1', price: 599000, stock: 10 }], { name: 'Semilla Sativa' });
      await product('flor-medicinal', 'medicinal', [{ sku: 'FM-1G', price: 999000, stock: 40 }, { sku: 'FM-5G', price: 100, stock: 1, active: false }], { name: 'Flor 100% medicinal' });
      await product('pipa-vieja', 'semillas', [{ sku: 'PV-1', price: 100000, stock: 0 }], { name: 'Pipa vieja', active: false });
    });
    const slugs = async (args: string[]) => (await json<{ products: Array<{ slug: string }> }>(['products:list', ...args], staff)).products.map((p) => p.slug);

    it('lists active products by slug with their active variants count, lowest price and stock (JSON)', async () => {
      const list = await json<{ products: Array<Record<string, unknown>> }>(['products:list'], staff);
      expect(list.products.map(({ id: _id, ...rest }) => rest)).to.deep.equal([
        { slug: 'flor-medicinal', name: 'Flor 100% medicinal', category: 'medicinal', isMedicinal: true, variants: 1, minPriceCents: 999000, totalStock: 40, isActive: true },
        { slug: 'semilla-indica', name: 'Semilla Índica', category: 'feminizadas', isMedicinal: false, variants: 2, minPriceCents: 499000, totalStock: 23, isActive: true },
        { slug: 'semilla-sativa', name: 'Semilla Sativa', category: 'semillas', isMedicinal: false, variants: 1, minPriceCents: 599000, totalStock: 10, isActive: true },
      ]);
    });

    it('filters by category with its subcategories, status, medicinal, low stock and search', async () => {
      const cases: Array<[string[], string[]]> = [
        [['--category', 'semillas'], ['semilla-indica', 'semilla-sativa']],
        [['--category', 'feminizadas'], ['semilla-indica']],
        [['--category', 'semillas', '--all'], ['pipa-vieja', 'semilla-indica', 'semilla-sativa']],
        [['--inactive'], ['pipa-vieja']],
        [['--medicinal'], ['flor-medicinal']],
        [['--no-medicinal'], ['semilla-indica', 'semilla-sativa']],
        // An inactive variant's low stock does not count; --low-stock alone means below 5.
        [['--low-stock'], ['semilla-indica']],
        [['--low-stock', '11'], ['semilla-indica', 'semilla-sativa']],
        [['--search', 'ss-1'], ['semilla-sativa']],
        [['--search', 'ÍNDICA'], ['semilla-indica']],
        [['--search', 'semilla-', '--limit', '1'], ['semilla-indica']],
        // LIKE's wildcards are searched for as characters.
        [['--search', '%'], ['flor-medicinal']],
        [['--search', '_'], []],
      ];
      const found = await Promise.all(cases.map(([args]) => slugs(args)));
      cases.forEach(([args, expected], i) => expect(found[i], args.join(' ')).to.deep.equal(expected));
    });

    it('prints CSV with raw cents, and a piped table with pesos', async () => {
      const csv = await run(staff, ['products:list', '--category', 'feminizadas', '--csv']);
      expect(csv.code, csv.stderr).to.equal(0);
      expect(csv.stdout).to.equal('slug,name,category,variants,minPriceCents,totalStock,isActive\r\nsemilla-indica,Semilla Índica,feminizadas,2,499000,23,true\r\n');
      const table = await run(staff, ['products:list', '--low-stock']);
      expect(table.stdout).to.equal('slug\tname\tcategory\tvariants\tfrom\tstock\tactive\nsemilla-indica\tSemilla Índica\tfeminizadas\t2\t$4.990\t23\tyes\n');
    });

    it('refuses an unknown category (4) and a bad --low-stock or --limit (3)', async () => {
      expectRefused(await run(staff, ['products:list', '--category', 'nada']), ExitCode.notFound, /^error: no category "nada"$/);
      expectRefused(await run(staff, ['products:list', '--low-stock', '0']), ExitCode.invalidInput, /^error: --low-stock: must be 1 or more$/);
      expectRefused(await run(staff, ['products:list', '--limit', '0']), ExitCode.invalidInput, /^error: --limit: must be 1 or more$/);
    });
  });

  describe('products:show', () => {
    it('shows the category path, variants with stock per warehouse, promotions that apply now and the rating', async () => {
      await category('semillas', { name: 'Semillas' });
      await category('feminizadas', { parent: 'semillas', name: 'Feminizadas' });
      const productId = await product('semilla-indica', 'feminizadas', [{ sku: 'SI-1', price: 499000, stock: 3, label: '1 semilla' }, { sku: 'SI-5', price: 1999000, stock: 0, label: '5 semillas' }], { name: 'Semilla Índica' });
      const [{ id: second }] = await db.query<{ id: number }>(`INSERT INTO warehouses (name) VALUES ('Tienda Ñuñoa') RETURNING id`);
      await db.query(`INSERT INTO inventory (warehouse_id, variant_id, quantity_available, quantity_reserved) SELECT $1, id, 4, 1 FROM product_variants WHERE sku = 'SI-1'`, [second]);
      const promotion = async (name: string, appliesTo: string, period: string, active = true) =>
        (await db.query<{ id: number }>(
          `INSERT INTO promotions (name, applies_to, percent_off, starts_at, ends_at, is_active) VALUES ($1, $2, 10, ${period}, $3) RETURNING id::int`,
          [name, appliesTo, active],
        ))[0].id;
      const now = `now() - interval '1 day', now() + interval '1 day'`;
      const onProduct = await promotion('Cyber', 'product', now);
      const onParent = await promotion('Mes de las semillas', 'category', now);
      const onOrders = await promotion('Todo el carro', 'order', now);
      const expired = await promotion('Vencida', 'product', `now() - interval '3 days', now() - interval '2 days'`);
      const inactive = await promotion('Apagada', 'product', now, false);
      const elsewhere = await promotion('Otra categoría', 'category', now);
      await category('medicinal');
      for (const id of [onProduct, expired, inactive]) await db.query('INSERT INTO promotion_products (promotion_id, product_id) VALUES ($1, $2)', [id, productId]);
      await db.query(`INSERT INTO promotion_categories (promotion_id, category_id) SELECT $1, id FROM categories WHERE slug = 'semillas'`, [onParent]);
      await db.query(`INSERT INTO promotion_categories (promotion_id, category_id) SELECT $1, id FROM categories WHERE slug = 'medicinal'`, [elsewhere]);
      for (const [rating, visible] of [[4, true], [5, true], [1, false]] as const) {
        const reviewer = await buildUser(db, { role: 'customer' });
        await db.query('INSERT INTO product_reviews (product_id, user_id, rating, is_visible) VALUES ($1, $2, $3, $4)', [productId, reviewer.id, rating, visible]);
      }

      const shown = await json<Record<string, unknown> & { variants: Array<Record<string, unknown>>; promotions: Array<{ id: number; name: string }> }>(['products:show', 'semilla-indica'], staff);
      expect(shown).to.deep.include({
        slug: 'semilla-indica',
        name: 'Semilla Índica',
        category: 'feminizadas',
        categoryPath: [{ slug: 'semillas', name: 'Semillas' }, { slug: 'feminizadas', name: 'Feminizadas' }],
        isMedicinal: false,
        isActive: true,
        rating: { average: 4.5, reviews: 2 },
      });
      expect(shown.variants.map(({ id: _id, ...rest }) => rest)).to.deep.equal([
        { sku: 'SI-1', label: '1 semilla', size: null, color: null, priceCents: 499000, stock: 7, isActive: true, inventory: [{ warehouse: 'Bodega Central', available: 3, reserved: 0 }, { warehouse: 'Tienda Ñuñoa', available: 4, reserved: 1 }] },
        { sku: 'SI-5', label: '5 semillas', size: null, color: null, priceCents: 1999000, stock: 0, isActive: true, inventory: [] },
      ]);
      expect(shown.promotions.map((p) => p.name).sort()).to.deep.equal(['Cyber', 'Mes de las semillas', 'Todo el carro']);
      expect(shown.promotions.map((p) => p.id)).to.have.members([onProduct, onParent, onOrders]);

      const text = await run(staff, ['products:show', 'semilla-indica']);
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.include('Semillas › Feminizadas (feminizadas)').and.include('4.5 / 5 from 2 review(s)');
      expect(text.stdout).to.include('SI-1\t1 semilla\t\t\t$4.990\t7\tBodega Central: 3, Tienda Ñuñoa: 4 (1 reserved)\tyes');
      expect(text.stdout).to.include('Promotions now').and.include('Mes de las semillas');
    });

    it('says no product (4) for an unknown slug', async () => {
      expectRefused(await run(staff, ['products:show', 'nada']), ExitCode.notFound, /^error: no product "nada"$/);
    });
  });

  describe('products:update and products:deactivate', () => {
    beforeEach(async () => {
      await category('semillas');
      await category('feminizadas', { parent: 'semillas' });
      await product('semilla-indica', 'semillas', [{ sku: 'SI-1', price: 499000, stock: 3 }], { name: 'Semilla Índica' });
      await product('semilla-sativa', 'semillas', [{ sku: 'SS-1', price: 599000, stock: 3 }]);
      await db.query(`UPDATE products SET description = 'vieja' WHERE slug = 'semilla-indica'`);
    });

    it('changes only the flags given, audited with before and after', async () => {
      const updated = await json(['products:update', 'semilla-indica', '--name', 'Semilla Índica Fem', '--slug', 'indica-fem', '--category', 'feminizadas', '--description', '', '--image-url', 'https://cdn.tienda.cl/i.jpg']);
      expect(updated).to.deep.include({ slug: 'indica-fem', name: 'Semilla Índica Fem', category: 'feminizadas', description: null, imageUrl: 'https://cdn.tienda.cl/i.jpg', isActive: true });
      expect(updated.changed).to.have.members(['slug', 'name', 'category', 'description', 'imageUrl']);
      const [log] = await logs();
      expect(log).to.deep.include({ action: 'products.update', entity: 'products' });
      expect(log.meta).to.deep.equal({
        before: { slug: 'semilla-indica', name: 'Semilla Índica', category: 'semillas', description: 'vieja', imageUrl: null },
        after: { slug: 'indica-fem', name: 'Semilla Índica Fem', category: 'feminizadas', description: null, imageUrl: 'https://cdn.tienda.cl/i.jpg' },
      });
      const same = await run(admin, ['products:update', 'indica-fem', '--name', 'Semilla Índica Fem']);
      expect(same.stdout).to.equal('Nothing changed for product indica-fem.\n');
      expect(await logs()).to.have.length(1);
    });

    it('refuses a taken slug (5), an unknown category (4), nothing to change (3), an http image (3), writing nothing', async () => {
      const before = await databaseChecksum(db);
      const [taken, unknown, nothing, http] = await Promise.all([
        run(admin, ['products:update', 'semilla-indica', '--slug', 'semilla-sativa']),
        run(admin, ['products:update', 'semilla-indica', '--category', 'nada']),
        run(admin, ['products:update', 'semilla-indica']),
        run(admin, ['products:update', 'semilla-indica', '--image-url', 'http://x.cl/i.jpg']),
      ]);
      expectRefused(taken, ExitCode.ruleRefused, /^error: product slug "semilla-sativa" already exists$/);
      expectRefused(unknown, ExitCode.notFound, /^error: no category "nada"$/);
      expectRefused(nothing, ExitCode.invalidInput, /^error: nothing to change/);
      expectRefused(http, ExitCode.invalidInput, /^error: --image-url: must be an https:\/\/ URL$/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('deactivates (variants stay, hidden from the default list) and reactivates with --active', async () => {
      const off = await run(admin, ['products:deactivate', 'semilla-indica']);
      expect(off.code, off.stderr).to.equal(0);
      expect(off.stdout).to.equal('Deactivated product semilla-indica: hidden from sale (reactivate with `store products:update semilla-indica --active`).\n');
      expect(await db.query(`SELECT p.is_active AS product, v.is_active AS variant FROM products p JOIN product_variants v ON v.product_id = p.id WHERE p.slug = 'semilla-indica'`)).to.deep.equal([
        { product: false, variant: true },
      ]);
      expect((await json<{ products: Array<{ slug: string }> }>(['products:list'])).products.map((p) => p.slug)).to.deep.equal(['semilla-sativa']);
      const again = await run(admin, ['products:deactivate', 'semilla-indica']);
      expect(again.stdout).to.equal('Product semilla-indica was already inactive: nothing changed.\n');
      const on = await json(['products:update', 'semilla-indica', '--active']);
      expect(on).to.deep.include({ isActive: true, changed: ['isActive'] });
      expect((await logs()).map((l) => [l.action, l.meta])).to.deep.equal([
        ['products.deactivate', { before: { isActive: true }, after: { isActive: false } }],
        ['products.reactivate', { before: { isActive: false }, after: { isActive: true } }],
      ]);
    });
  });

  describe('variants', () => {
    beforeEach(async () => {
      await category('semillas');
      await product('semilla-sativa', 'semillas', [{ sku: 'SS-1', price: 599000, stock: 10, label: 'x1' }], { name: 'Semilla Sativa' });
    });

    it('variants:add puts a variant with its SKU, price history and stock in the default warehouse', async () => {
      const added = await json(['variants:add', '--product', 'semilla-sativa', '--variant', 'x3:1599000:6', '--size', 'M', '--color', 'verde']);
      expect(added).to.deep.equal({ id: added.id, sku: 'SEMILLA-SATIVA-X3', label: 'x3', size: 'M', color: 'verde', priceCents: 1599000, stock: 6, isActive: true, product: 'semilla-sativa', warehouse: 'Bodega Central' });
      expect(await db.query(`SELECT quantity_available FROM inventory WHERE variant_id = $1`, [added.id])).to.deep.equal([{ quantity_available: 6 }]);
      expect(await db.query(`SELECT price_cents::int, valid_to FROM price_history WHERE variant_id = $1`, [added.id])).to.deep.equal([{ price_cents: 1599000, valid_to: null }]);
      const [log] = await logs();
      expect(log).to.deep.include({ action: 'variants.add', entity: 'product_variants', entity_id: added.id });
      expect(log.meta).to.deep.equal({ after: added });
      const before = await databaseChecksum(db);
      const [taken, unknown] = await Promise.all([
        run(admin, ['variants:add', '--product', 'semilla-sativa', '--variant', 'x5:1:1:SS-1']),
        run(admin, ['variants:add', '--product', 'nada', '--variant', 'x5:1:1']),
      ]);
      expectRefused(taken, ExitCode.ruleRefused, /^error: SKU SS-1 already exists \(product semilla-sativa\)$/);
      expectRefused(unknown, ExitCode.notFound, /^error: no product "nada"$/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('variants:update --price closes the current price period and opens the next, reporting both prices; stock untouched', async () => {
      const result = await run(admin, ['variants:update', 'SS-1', '--price', '649000']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal('Updated variant SS-1 of semilla-sativa: price $5.990 → $6.490.\n');
      const history = await db.query<{ price_cents: number; valid_from: Date; valid_to: Date | null }>(
        `SELECT h.price_cents::int, h.valid_from, h.valid_to FROM price_history h JOIN product_variants v ON v.id = h.variant_id WHERE v.sku = 'SS-1' ORDER BY h.valid_from`,
      );
      expect(history.map((h) => h.price_cents)).to.deep.equal([599000, 649000]);
      expect(history[0].valid_to).to.deep.equal(history[1].valid_from);
      expect(history[1].valid_to).to.equal(null);
      expect(await db.query(`SELECT price_cents::int, stock FROM product_variants WHERE sku = 'SS-1'`)).to.deep.equal([{ price_cents: 649000, stock: 10 }]);
      const [log] = await logs();
      expect(log).to.deep.include({ action: 'variants.update', entity: 'product_variants' });
      expect(log.meta).to.deep.equal({ before: { priceCents: 599000 }, after: { priceCents: 649000 } });

      const json2 = await json(['variants:update', 'SS-1', '--label', 'x1 semilla', '--sku', 'SS-X1', '--size', 'S']);
      expect(json2).to.deep.include({ sku: 'SS-X1', label: 'x1 semilla', size: 'S', priceCents: 649000, previousPriceCents: null });
      expect(json2.changed).to.have.members(['sku', 'label', 'size']);
      expect(await db.query(`SELECT count(*)::int AS n FROM price_history`)).to.deep.equal([{ n: 2 }]);
    });

    it('variants:update refuses a bad price (3), a taken SKU (5), an unknown SKU (4) and nothing to change (3), writing nothing', async () => {
      await product('otra', 'semillas', [{ sku: 'OT-1', price: 1, stock: 0 }]);
      const before = await databaseChecksum(db);
      const [negative, taken, unknown, nothing] = await Promise.all([
        run(admin, ['variants:update', 'SS-1', '--price', '-1']),
        run(admin, ['variants:update', 'SS-1', '--sku', 'OT-1']),
        run(admin, ['variants:update', 'NADA', '--price', '1']),
        run(admin, ['variants:update', 'SS-1']),
      ]);
      expectRefused(negative, ExitCode.invalidInput, /^error: --price: must be a whole number of cents, 0 or more/);
      expectRefused(taken, ExitCode.ruleRefused, /^error: SKU OT-1 already exists$/);
      expectRefused(unknown, ExitCode.notFound, /^error: no variant with SKU "NADA"$/);
      expectRefused(nothing, ExitCode.invalidInput, /^error: nothing to change/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });

    it('variants:deactivate stops selling the variant, keeps it, and counts it out of products:list', async () => {
      await json(['variants:add', '--product', 'semilla-sativa', '--variant', 'x3:1599000:0']);
      const off = await json(['variants:deactivate', 'SS-1']);
      expect(off).to.deep.include({ sku: 'SS-1', isActive: false, stock: 10, changed: ['isActive'] });
      const [row] = (await json<{ products: Array<{ variants: number; minPriceCents: number; totalStock: number }> }>(['products:list'])).products;
      expect(row).to.deep.include({ variants: 1, minPriceCents: 1599000, totalStock: 0 });
      expect((await logs()).map((l) => [l.action, l.meta])).to.deep.include(['variants.deactivate', { before: { isActive: true }, after: { isActive: false } }]);
    });
  });

  describe('permissions', () => {
    it('staff list and show the catalog but may not change it (6); customers may not read it (6)', async () => {
      await category('semillas');
      await product('semilla-sativa', 'semillas', [{ sku: 'SS-1', price: 599000, stock: 10 }]);
      const before = await databaseChecksum(db);
      const reads = await Promise.all([run(staff, ['categories:list']), run(staff, ['products:list']), run(staff, ['products:show', 'semilla-sativa'])]);
      for (const read of reads) expect(read.code, read.stderr).to.equal(0);
      const refused = await Promise.all([
        run(staff, ['products:add', '--category', 'semillas', '--name', 'X', '--variant', 'u:1:1']),
        run(staff, ['categories:add', '--name', 'X']),
        run(staff, ['variants:update', 'SS-1', '--price', '1']),
        run(staff, ['products:deactivate', 'semilla-sativa']),
        run(customer, ['products:list']),
      ]);
      for (const result of refused) expectRefused(result, ExitCode.notAllowed, /not allowed to the (staff|customer) role/);
      expect(await databaseChecksum(db)).to.deep.equal(before);
    });
  });
});
