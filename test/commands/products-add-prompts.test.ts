/**
 * products:add on a terminal runs in this process with scripted answers: the methods of the
 * `prompt` object are replaced, so no terminal is needed and every question asked is recorded.
 */
import { Config, Errors } from '@oclif/core';
import { expect } from 'chai';
import * as path from 'node:path';
import ProductsAdd, { type ProductAddResult } from '../../src/commands/products/add';
import { ExitCode } from '../../src/lib/errors';
import { prompt, type Choice } from '../../src/lib/prompt';
import { databaseChecksum } from '../helpers/checksum';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { runInProcess, restoreEnv, type InProcessRun } from '../helpers/in-process';
import { buildUser, type TestUser } from '../helpers/people';

const ROOT = path.join(__dirname, '..', '..');
/** An answer that presses Enter on an input: its default. */
const ENTER = Symbol('enter');
/** An answer the prompt must refuse (its validate returns a reason) before the next one is typed. */
const refused = (value: string) => ({ refused: value });
type Answer = string | typeof ENTER | { refused: string };

type Run = InProcessRun<ProductAddResult>;

describe('store products:add on a terminal', () => {
  let config: Config;
  let db: TestDatabase;
  let admin: TestUser;
  const original = { ...prompt };
  const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, STORE_TOKEN: process.env.STORE_TOKEN };
  let selects: string[];
  let inputs: Answer[];
  let confirms: boolean[];
  let asked: string[];
  let refusals: string[];

  before(async () => {
    config = await Config.load(ROOT);
    // Loaded from the sources rather than the manifest, so the class does not know its id.
    ProductsAdd.id = 'products:add';
  });

  beforeEach(async () => {
    db = await freshDatabase();
    admin = await buildUser(db, { role: 'admin' });
    await db.query(`INSERT INTO warehouses (name, is_default) VALUES ('Bodega Central', true)`);
    await db.query(`INSERT INTO categories (slug, name) VALUES ('semillas', 'Semillas')`);
    await db.query(`INSERT INTO categories (slug, name, is_medicinal) VALUES ('medicinal', 'Medicinal', true)`);
    selects = [];
    inputs = [];
    confirms = [];
    asked = [];
    refusals = [];
    prompt.interactive = () => true;
    prompt.select = async <T extends string>(message: string, choices: Array<Choice<T>>): Promise<T> => {
      asked.push(message);
      const answer = selects.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${message}`);
      expect(choices.map((c) => c.value)).to.include(answer);
      return answer as T;
    };
    prompt.input = async (message: string, options: { default?: string; validate?: (value: string) => true | string } = {}): Promise<string> => {
      asked.push(message);
      for (;;) {
        const scripted = inputs.shift();
        if (scripted === undefined) throw new Error(`unexpected question: ${message}`);
        if (typeof scripted === 'object') {
          const verdict = options.validate?.(scripted.refused) ?? true;
          if (verdict === true) throw new Error(`the prompt accepted ${JSON.stringify(scripted.refused)} at ${message}`);
          refusals.push(verdict);
          continue;
        }
        const answer = scripted === ENTER ? (options.default ?? '') : scripted;
        const verdict = options.validate?.(answer) ?? true;
        if (verdict !== true) throw new Error(`the prompt would refuse ${JSON.stringify(answer)}: ${verdict}`);
        return answer;
      }
    };
    prompt.confirm = async (message: string): Promise<boolean> => {
      asked.push(message);
      const answer = confirms.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${message}`);
      return answer;
    };
    process.env.DATABASE_URL = db.url;
    process.env.STORE_TOKEN = admin.token;
  });

  afterEach(async () => {
    Object.assign(prompt, original);
    restoreEnv(savedEnv);
    await db.close();
  });

  /** Runs products:add with its output captured. */
  async function add(args: string[]): Promise<Run> {
    return runInProcess<ProductAddResult>(ProductsAdd, args, config);
  }

  const VARIANT_QUESTIONS = (n: number) => [
    `Variant ${n} label (like 5g):`,
    `Variant ${n} price in cents of a peso (499000 is $4.990):`,
    `Variant ${n} stock in the default warehouse:`,
    `Variant ${n} SKU (Enter to make one):`,
    'Add another variant?',
  ];

  it('asks for the missing name and variants one by one, shows a summary, and adds on confirmation', async () => {
    inputs = ['Semilla Índica', ENTER, ENTER, '1g', refused('-5'), '499000', '20', ENTER, '5g', '1999000', refused('muchas'), ENTER, refused('SKU CON ESPACIO'), 'SI-5G'];
    confirms = [true, false, true];

    const run = await add(['--category', 'semillas', '--json']);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(asked).to.deep.equal([
      'Product name:',
      'Description (Enter for none):',
      'Image URL, https:// (Enter for none):',
      ...VARIANT_QUESTIONS(1),
      ...VARIANT_QUESTIONS(2),
      'Add this product?',
    ]);
    expect(refusals).to.deep.equal([
      'must be a whole number of cents, 0 or more (499000 is $4.990)',
      'must be a whole number, 0 or more',
      'must start with a letter or digit and use only letters, digits and . _ / -',
    ]);
    // The summary, beside the prompts on stderr: prices in pesos, SKUs to be made.
    expect(run.stderr).to.include('Semilla Índica').and.include('made from the name').and.include('$4.990').and.include('$19.990').and.include('(made from the slug and label)').and.include('SI-5G');

    const product = run.result?.product;
    expect(run.result?.added).to.equal(true);
    expect(JSON.parse(run.stdout)).to.deep.equal(run.result);
    expect(product).to.deep.include({ slug: 'semilla-indica', name: 'Semilla Índica', category: 'semillas', description: null, imageUrl: null, warehouse: 'Bodega Central' });
    expect(product?.variants.map((v) => [v.sku, v.label, v.priceCents, v.stock])).to.deep.equal([
      ['SEMILLA-INDICA-1G', '1g', 499000, 20],
      ['SI-5G', '5g', 1999000, 0],
    ]);
    expect(await db.query(`SELECT v.sku, v.stock, coalesce(sum(i.quantity_available), 0)::int AS inventory FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id GROUP BY v.id ORDER BY v.id`)).to.deep.equal([
      { sku: 'SEMILLA-INDICA-1G', stock: 20, inventory: 20 },
      { sku: 'SI-5G', stock: 0, inventory: 0 },
    ]);
    expect(await db.query(`SELECT actor_user_id::int, action FROM system_logs`)).to.deep.equal([{ actor_user_id: admin.id, action: 'products.add' }]);
  });

  it('asks for the category among the tree when --category is missing, and takes the flags it was given', async () => {
    selects = ['medicinal'];
    confirms = [true];
    const run = await add(['--name', 'Aceite CBD', '--description', 'Espectro completo.', '--image-url', 'https://cdn.tienda.cl/cbd.jpg', '--variant', '10ml:2999000:4']);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(asked).to.deep.equal(['Category:', 'Add this product?']);
    expect(run.stdout).to.equal('Added product aceite-cbd (Aceite CBD) in medicinal, stock in Bodega Central: ACEITE-CBD-10ML $29.990 ×4.\n');
    expect(run.result?.product).to.deep.include({ category: 'medicinal', description: 'Espectro completo.', imageUrl: 'https://cdn.tienda.cl/cbd.jpg' });
  });

  it('writes nothing when the summary is declined', async () => {
    inputs = ['Semilla Índica', ENTER, ENTER, '1g', '499000', '20', ENTER];
    confirms = [false, false];
    const before = await databaseChecksum(db);
    const run = await add(['--category', 'semillas', '--json']);
    expect(run.error, run.stderr).to.equal(undefined);
    expect(asked.at(-1)).to.equal('Add this product?');
    expect(run.result).to.deep.equal({ added: false, product: null });
    expect(JSON.parse(run.stdout)).to.deep.equal({ added: false, product: null });
    expect(run.stderr).to.include('Nothing added.');
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });

  it('without a terminal asks nothing: a missing value is an error naming its flag (exit 3)', async () => {
    prompt.interactive = () => false;
    const before = await databaseChecksum(db);
    const run = await add(['--category', 'semillas', '--variant', '1g:499000:20']);
    expect(run.error).to.be.instanceOf(Errors.ExitError);
    expect(run.error?.oclif?.exit).to.equal(ExitCode.invalidInput);
    expect(run.stderr).to.equal('error: --name: is required\n');
    expect(asked).to.deep.equal([]);
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });

  it('refuses bad flags before asking anything', async () => {
    const before = await databaseChecksum(db);
    const run = await add(['--category', 'semillas', '--variant', '1g:-1:20']);
    expect(run.error?.oclif?.exit).to.equal(ExitCode.invalidInput);
    expect(run.stderr).to.equal('error: --variant "1g:-1:20" PRICE_CENTS: must be a whole number of cents, 0 or more (499000 is $4.990)\n');
    expect(await databaseChecksum(db)).to.deep.equal(before);
  });
});
