/**
 * products:add, products:update and products:deactivate. A new product arrives with its
 * variants and their initial stock (inventory rows in the default warehouse; the variants'
 * stock follows by trigger, their first price_history rows too), all in one transaction
 * with one audit row.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { RuleViolation, ValidationError } from '../../lib/errors';
import { freeKey, slugify } from '../../lib/slug';
import { text, validate } from '../../lib/validation';
import { Category, InventoryLevel, Product, ProductVariant } from '../../models';
import { audit, changedFields } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { defaultWarehouse, findCategory, findProduct } from './lookup';
import {
  clearable,
  description,
  imageUrl,
  MAX_SKU_LENGTH,
  PRODUCT_SLUG_MAX,
  productName,
  skuBase,
  slug,
  summariseProduct,
  summariseVariant,
  variantLabels,
  variantSpec,
  VARIANT_SPEC_FORMAT,
  type ProductSummary,
  type VariantFields,
  type VariantFieldsInput,
  type VariantSummary,
} from './products-schemas';

const newProduct = z.object({
  category: text(120),
  name: productName,
  slug: slug(PRODUCT_SLUG_MAX).optional(),
  description: description.optional(),
  imageUrl: imageUrl.optional(),
  variants: z.array(variantSpec).min(1, `is required: give at least one --variant ${VARIANT_SPEC_FORMAT}`),
});
export type NewProduct = z.output<typeof newProduct>;

export interface NewProductInput {
  category?: string;
  name?: string;
  slug?: string;
  description?: string;
  imageUrl?: string;
  /** --variant specs, or variants entered part by part. */
  variants?: Array<string | VariantFieldsInput>;
}

const PRODUCT_LABELS = { imageUrl: '--image-url', variants: '--variant' };

function refuseRepeatedSkus(variants: VariantFields[]): void {
  const seen = new Map<string, number>();
  variants.forEach((variant, index) => {
    if (variant.sku === undefined) return;
    const first = seen.get(variant.sku);
    if (first !== undefined) throw new ValidationError(`--variant: SKU ${variant.sku} is given twice (variants ${first + 1} and ${index + 1})`);
    seen.set(variant.sku, index);
  });
}

const productLabels = (raw: NewProductInput) => ({ ...PRODUCT_LABELS, ...variantLabels(raw.variants ?? []) });

/** Checks a new product without touching the database (a prompt shows it before confirming). */
export function parseNewProduct(raw: NewProductInput): NewProduct {
  const input = validate(newProduct, { ...raw, variants: raw.variants ?? [] }, productLabels(raw));
  refuseRepeatedSkus(input.variants);
  return input;
}

/** Checks only the values given so far, before prompts ask for the rest. */
export function checkGivenProduct(raw: NewProductInput): void {
  const given = validate(newProduct.partial(), { ...raw, variants: raw.variants?.length ? raw.variants : undefined }, productLabels(raw));
  refuseRepeatedSkus(given.variants ?? []);
}

export interface AddedProduct extends ProductSummary {
  variants: VariantSummary[];
  /** Where the initial stock went (null when every variant starts at 0). */
  warehouse: string | null;
}

/**
 * Creates variants of a product with their SKUs (given ones must be free; missing ones are
 * generated from the product slug and label) and their initial stock in the default
 * warehouse. Shared by products:add and variants:add.
 */
export async function createVariants(
  sequelize: Sequelize,
  product: Product,
  variants: VariantFields[],
  transaction: Transaction,
): Promise<{ variants: VariantSummary[]; warehouse: string | null }> {
  const given = variants.flatMap((variant) => (variant.sku === undefined ? [] : [variant.sku]));
  if (given.length > 0) {
    const clash = await ProductVariant.findOne({ where: { sku: given }, include: [{ model: Product, attributes: ['slug'] }], transaction });
    if (clash) throw new RuleViolation(`SKU ${clash.sku} already exists (product ${clash.product?.slug ?? clash.productId})`);
  }
  const existing = await ProductVariant.count({ where: { productId: product.id }, transaction });
  const chosen = new Set(given);
  const created: ProductVariant[] = [];
  for (const [index, variant] of variants.entries()) {
    let skuValue = variant.sku;
    if (skuValue === undefined) {
      const base = skuBase(product.slug, variant.label, existing + index + 1);
      skuValue = await freeKey(sequelize, { table: 'product_variants', column: 'sku', maxLength: MAX_SKU_LENGTH }, base, transaction, chosen);
      chosen.add(skuValue);
    }
    created.push(
      await ProductVariant.create(
        { productId: product.id, sku: skuValue, optionLabel: variant.label, priceCents: variant.priceCents, size: variant.size ?? null, color: variant.color ?? null },
        { transaction },
      ),
    );
  }
  const stocked = variants.map((variant, index) => ({ variant: created[index], quantity: variant.stock })).filter((entry) => entry.quantity > 0);
  let warehouse: string | null = null;
  if (stocked.length > 0) {
    const target = await defaultWarehouse(transaction);
    warehouse = target.name;
    await InventoryLevel.bulkCreate(
      stocked.map((entry) => ({ warehouseId: target.id, variantId: entry.variant.id, quantityAvailable: entry.quantity })),
      { transaction },
    );
  }
  // Stock is derived from inventory by trigger: read it back rather than assume it.
  const reloaded = await ProductVariant.findAll({ where: { id: created.map((variant) => variant.id) }, order: [['id', 'ASC']], transaction });
  return { variants: reloaded.map(summariseVariant), warehouse };
}

export async function addProduct(context: ServiceContext, raw: NewProductInput): Promise<AddedProduct> {
  const input = parseNewProduct(raw);
  const base = input.slug ?? slugify(input.name, PRODUCT_SLUG_MAX);
  if (!base) throw new ValidationError('--name: has no letters or digits to make a slug of: give --slug');
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const category = await findCategory(input.category);
    let slugValue: string;
    if (input.slug !== undefined) {
      if (await Product.findOne({ where: { slug: input.slug }, transaction })) throw new RuleViolation(`product slug ${JSON.stringify(input.slug)} already exists`);
      slugValue = input.slug;
    } else {
      slugValue = await freeKey(sequelize, { table: 'products', column: 'slug', maxLength: PRODUCT_SLUG_MAX }, base, transaction);
    }
    const product = await Product.create(
      { categoryId: category.id, slug: slugValue, name: input.name, description: input.description ?? null, imageUrl: input.imageUrl ?? null },
      { transaction },
    );
    const { variants, warehouse } = await createVariants(sequelize, product, input.variants, transaction);
    const added: AddedProduct = { ...summariseProduct(product, category.slug), variants, warehouse };
    await audit(sequelize, transaction, { actorId: actorId(context), action: 'products.add', entity: 'products', entityId: product.id, after: added });
    return added;
  });
}

const productChanges = z.object({
  name: productName.optional(),
  slug: slug(PRODUCT_SLUG_MAX).optional(),
  description: clearable(description).optional(),
  imageUrl: clearable(imageUrl).optional(),
  category: text(120).optional(),
  active: z.boolean().optional(),
});
export type ProductChanges = z.input<typeof productChanges>;

export interface UpdatedProduct extends ProductSummary {
  /** The fields that changed (empty: nothing did). */
  changed: string[];
}

/** Changes the flags given; an empty --description or --image-url clears it. */
export async function updateProduct(context: ServiceContext, reference: string, raw: ProductChanges): Promise<UpdatedProduct> {
  const changes = validate(productChanges, raw, PRODUCT_LABELS);
  const fields = Object.keys(changes).filter((key) => changes[key as keyof typeof changes] !== undefined);
  if (fields.length === 0) throw new ValidationError('nothing to change: give at least one flag (see --help)');
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const product = await findProduct(reference, transaction);
    const currentCategory = await Category.findByPk(product.categoryId, { transaction });
    const before = summariseProduct(product, currentCategory!.slug);
    const category = changes.category === undefined ? currentCategory! : await findCategory(changes.category);
    if (changes.slug !== undefined && changes.slug !== product.slug && (await Product.findOne({ where: { slug: changes.slug }, transaction }))) {
      throw new RuleViolation(`product slug ${JSON.stringify(changes.slug)} already exists`);
    }
    product.set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.slug !== undefined && { slug: changes.slug }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.imageUrl !== undefined && { imageUrl: changes.imageUrl }),
      ...(changes.active !== undefined && { isActive: changes.active }),
      categoryId: category.id,
    });
    const after = summariseProduct(product, category.slug);
    const diff = changedFields(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
    const changed = Object.keys(diff.after);
    if (changed.length === 0) return { ...after, changed };
    await product.save({ transaction });
    const onlyStatus = changed.length === 1 && changed[0] === 'isActive';
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: onlyStatus ? (after.isActive ? 'products.reactivate' : 'products.deactivate') : 'products.update',
      entity: 'products',
      entityId: product.id,
      before: diff.before,
      after: diff.after,
    });
    return { ...after, changed };
  });
}

/** Hides a product: its variants stay (orders and reports still name them) but it is not sold. */
export async function deactivateProduct(context: ServiceContext, reference: string): Promise<UpdatedProduct> {
  return updateProduct(context, reference, { active: false });
}
