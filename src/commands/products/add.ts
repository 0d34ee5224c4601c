import { Flags } from '@oclif/core';
import type { z } from 'zod';
import { StoreCommand } from '../../lib/base-command';
import { RuleViolation } from '../../lib/errors';
import { prompt } from '../../lib/prompt';
import { formatCents, isTty, renderKeyValue, renderTable } from '../../lib/render';
import { listCategories } from '../../services/catalog/categories';
import { addProduct, checkGivenProduct, parseNewProduct, type AddedProduct, type NewProduct, type NewProductInput } from '../../services/catalog/products';
import {
  description,
  imageUrl,
  optionLabel,
  priceCents,
  productName,
  sku,
  stockQuantity,
  VARIANT_SPEC_FORMAT,
  type VariantFieldsInput,
} from '../../services/catalog/products-schemas';
import type { ServiceContext } from '../../services/context';

export interface ProductAddResult {
  /** False when the summary was declined at the prompt: nothing was written. */
  added: boolean;
  product: AddedProduct | null;
}

/** A prompt's check from a schema: true, or the reason shown under the question. */
const check =
  (schema: z.ZodType, optional = false) =>
  (value: string): true | string => {
    if (optional && value.trim() === '') return true;
    const result = schema.safeParse(value);
    return result.success || result.error.issues[0].message;
  };

export default class ProductsAdd extends StoreCommand {
  static summary = 'Add a product with its variants and their initial stock.';
  static description = `Each --variant is ${VARIANT_SPEC_FORMAT}: PRICE_CENTS in cents of a peso (499000 is $4.990), STOCK the units put in the default warehouse (0 puts none), SKU optional (default: the product slug and the label upper-cased, like SEMILLA-INDICA-5G, made unique). The slug is made from the name when --slug is not given (-2, -3… if taken); a given slug or SKU must be free. Everything is written in one transaction, or nothing.

On a terminal, what is missing (category, name, variants) is asked for, variant by variant, and a summary is shown to confirm. Without a terminal a missing value is an error naming its flag.

Exit codes: 3 invalid or missing input, 4 no such category, 5 slug or SKU already taken, or no default warehouse for the stock, 6 not allowed (admins only).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --category semillas --name "Semilla Índica" --variant 1g:499000:20 --variant 5g:1999000:8',
    '<%= config.bin %> <%= command.id %> --category medicinal --name "Aceite CBD 10%" --image-url https://cdn.tienda.cl/cbd.jpg --variant 10ml:2999000:10:CBD-10-10ML',
    '<%= config.bin %> <%= command.id %>   # on a terminal: asks for everything',
  ];

  static flags = {
    category: Flags.string({ summary: 'Slug of the category.' }),
    name: Flags.string({ summary: 'Product name.' }),
    slug: Flags.string({ summary: 'URL-safe key (default: made from the name).' }),
    description: Flags.string({ summary: 'Description.' }),
    'image-url': Flags.string({ summary: 'Picture, an https:// URL.' }),
    variant: Flags.string({ summary: `A variant, ${VARIANT_SPEC_FORMAT} (repeat for each).`, multiple: true }),
  };

  async run(): Promise<ProductAddResult> {
    const { flags } = await this.parse(ProductsAdd);
    const context = await this.authorized();
    let input: NewProductInput = {
      category: flags.category,
      name: flags.name,
      slug: flags.slug,
      description: flags.description,
      imageUrl: flags['image-url'],
      variants: flags.variant ?? [],
    };
    const missing = !input.category || !input.name || input.variants!.length === 0;
    if (missing && prompt.interactive()) {
      checkGivenProduct(input);
      input = await this.ask(context, input);
      this.tell(productSummary(parseNewProduct(input), input));
      if (!(await prompt.confirm('Add this product?', true))) {
        this.tell('Nothing added.');
        return { added: false, product: null };
      }
    }
    const product = await addProduct(context, input);
    const variants = product.variants.map((v) => `${v.sku} ${formatCents(v.priceCents)} ×${v.stock}`).join(', ');
    this.say(`Added product ${product.slug} (${product.name}) in ${product.category}${product.warehouse ? `, stock in ${product.warehouse}` : ''}: ${variants}.`);
    return { added: true, product };
  }

  /** Asks for what the flags left out: the required values, then the optional ones. */
  private async ask(context: ServiceContext, given: NewProductInput): Promise<NewProductInput> {
    const input = { ...given };
    if (!input.category) {
      const categories = await listCategories(context);
      if (categories.length === 0) throw new RuleViolation('there are no categories yet: add one with `store categories:add --name NAME`');
      input.category = await prompt.select(
        'Category:',
        categories.map((c) => ({ value: c.slug, name: `${'  '.repeat(c.depth)}${c.name} (${c.slug})`, description: c.isMedicinal ? 'Medicinal: sold only to validated buyers.' : undefined })),
      );
    }
    if (!input.name) input.name = await prompt.input('Product name:', { validate: check(productName) });
    if (input.description === undefined) input.description = (await prompt.input('Description (Enter for none):', { validate: check(description, true) })).trim() || undefined;
    if (input.imageUrl === undefined) input.imageUrl = (await prompt.input('Image URL, https:// (Enter for none):', { validate: check(imageUrl, true) })).trim() || undefined;
    if (input.variants!.length === 0) input.variants = await this.askVariants();
    return input;
  }

  private async askVariants(): Promise<VariantFieldsInput[]> {
    const variants: VariantFieldsInput[] = [];
    const skus = new Set<string>();
    for (;;) {
      const n = variants.length + 1;
      const label = await prompt.input(`Variant ${n} label (like 5g):`, { validate: check(optionLabel) });
      const price = await prompt.input(`Variant ${n} price in cents of a peso (499000 is $4.990):`, { validate: check(priceCents) });
      const stock = await prompt.input(`Variant ${n} stock in the default warehouse:`, { default: '0', validate: check(stockQuantity) });
      const given = await prompt.input(`Variant ${n} SKU (Enter to make one):`, {
        validate: (value) => (skus.has(value.trim()) ? 'is already given to another variant' : check(sku, true)(value)),
      });
      const variant: VariantFieldsInput = { label, priceCents: price, stock, ...(given.trim() ? { sku: given.trim() } : {}) };
      if (variant.sku) skus.add(variant.sku);
      variants.push(variant);
      if (!(await prompt.confirm('Add another variant?', false))) return variants;
    }
  }

  /** Beside the prompts on stderr, even under --json: the person confirming needs it. */
  private tell(message: string): void {
    process.stderr.write(`${message}\n`);
  }
}

function productSummary(product: NewProduct, given: NewProductInput): string {
  const pairs: Array<[string, string | undefined]> = [
    ['product', product.name],
    ['slug', given.slug ? product.slug : 'made from the name'],
    ['category', product.category],
    ['description', product.description],
    ['image', product.imageUrl],
  ];
  const card = renderKeyValue(pairs.filter((pair): pair is [string, string] => pair[1] !== undefined));
  const rows = product.variants.map((v) => ({ label: v.label, price: formatCents(v.priceCents), stock: v.stock, sku: v.sku ?? '(made from the slug and label)' }));
  const table = renderTable(
    rows,
    [
      { key: 'label', header: 'variant' },
      { key: 'price', header: 'price', align: 'right' },
      { key: 'stock', header: 'stock', align: 'right' },
      { key: 'sku', header: 'SKU' },
    ],
    isTty(process.stderr),
  );
  return `\n${card}\n${table}\n`;
}
