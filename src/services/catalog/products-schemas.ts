/**
 * What catalog commands (and catalog files) accept and what they give back: slugs, SKUs,
 * money and stock, the variant spec `LABEL:PRICE_CENTS:STOCK[:SKU]` and the plain shapes
 * of products and variants that results and audit rows carry.
 */
import { z } from 'zod';
import { SLUG_PATTERN, slugify } from '../../lib/slug';
import { httpsUrl, text } from '../../lib/validation';
import type { Product, ProductVariant } from '../../models';

/** What the CHECK on product_variants.sku accepts. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
export const MAX_SKU_LENGTH = 64;
/** The lengths of products.slug and categories.slug. */
export const PRODUCT_SLUG_MAX = 160;
export const CATEGORY_SLUG_MAX = 120;
export const MAX_STOCK = 2_000_000_000;
/** Ten thousand million pesos: far above any price, far below where cents lose precision. */
export const MAX_PRICE_CENTS = 1_000_000_000_000;

export const slug = (max: number) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(max, `must be at most ${max} characters`)
    .regex(SLUG_PATTERN, 'must be lower-case letters and digits joined by single dashes, like semilla-indica');

/** A whole number written as text, 0 up to max; `hint` ends the refusal. */
export const wholeNumberText = (max: number, hint: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9]+$/, `must be a whole number${hint}`)
    .transform(Number)
    .refine((value) => value <= max, `must be at most ${max}`);

/** A whole number given as text or number (flags, prompts, spec parts), 0 up to max. */
export const wholeNumber = (max: number, hint: string) => z.preprocess((value) => (typeof value === 'number' ? String(value) : value), wholeNumberText(max, hint));

export const priceCents = wholeNumber(MAX_PRICE_CENTS, ' of cents, 0 or more (499000 is $4.990)');
export const stockQuantity = wholeNumber(MAX_STOCK, ', 0 or more');

export const sku = z
  .string()
  .trim()
  .max(MAX_SKU_LENGTH, `must be at most ${MAX_SKU_LENGTH} characters`)
  .regex(SKU_PATTERN, 'must start with a letter or digit and use only letters, digits and . _ / -');

/** Text that may be cleared: an empty value means "none" (null). */
export const clearable = (schema: z.ZodType<string>) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullable());

export const productName = text(200);
export const description = text(10_000);
export const imageUrl = httpsUrl;
export const optionLabel = text(60);
export const size = text(30);
export const color = text(30);

export const variantFields = z.object({
  label: optionLabel,
  priceCents,
  stock: stockQuantity,
  sku: sku.optional(),
  size: size.optional(),
  color: color.optional(),
});
export type VariantFields = z.output<typeof variantFields>;
/** A variant as prompts collect it: each part on its own (labels may then hold a colon). */
export type VariantFieldsInput = { label: string; priceCents: string | number; stock: string | number; sku?: string; size?: string; color?: string };

export const VARIANT_SPEC_FORMAT = 'LABEL:PRICE_CENTS:STOCK[:SKU]';

/** "5g:1299000:10" or "5g:1299000:10:SEM-5G" as its parts; anything else is refused whole. */
export const variantSpec = z.preprocess((value, ctx) => {
  if (typeof value !== 'string') return value;
  const parts = value.split(':');
  if (parts.length < 3 || parts.length > 4) {
    ctx.addIssue({ code: 'custom', input: value, message: `must be ${VARIANT_SPEC_FORMAT}, like "5g:1299000:10"` });
    return z.NEVER;
  }
  const [label, price, stock, given] = parts;
  return { label, priceCents: price, stock, sku: given?.trim() ? given : undefined };
}, variantFields);

/** How a variant is named in an error: its --variant spec (shortened), or its place. */
export function variantLabels(variants: unknown[], flag = '--variant'): Record<string, string> {
  const labels: Record<string, string> = {};
  const parts: Record<string, string> = { label: 'LABEL', priceCents: 'PRICE_CENTS', stock: 'STOCK', sku: 'SKU', size: 'size', color: 'color' };
  variants.forEach((variant, index) => {
    const shown = typeof variant === 'string' ? `${flag} ${JSON.stringify(variant.length > 60 ? `${variant.slice(0, 57)}…` : variant)}` : `variant ${index + 1}`;
    labels[`variants.${index}`] = shown;
    for (const [key, name] of Object.entries(parts)) labels[`variants.${index}.${key}`] = `${shown} ${name}`;
  });
  return labels;
}

/** The SKU a variant gets when none is given: product slug and label, upper-cased. */
export function skuBase(productSlug: string, label: string, position: number): string {
  const option = slugify(label) || `v${position}`;
  return `${productSlug}-${option}`.toUpperCase();
}

export interface VariantSummary {
  id: number;
  sku: string;
  label: string;
  size: string | null;
  color: string | null;
  priceCents: number;
  stock: number;
  isActive: boolean;
}

export function summariseVariant(variant: ProductVariant): VariantSummary {
  return {
    id: variant.id,
    sku: variant.sku,
    label: variant.optionLabel,
    size: variant.size,
    color: variant.color,
    priceCents: variant.priceCents,
    stock: variant.stock,
    isActive: variant.isActive,
  };
}

export interface ProductSummary {
  id: number;
  slug: string;
  name: string;
  /** The category's slug. */
  category: string;
  description: string | null;
  imageUrl: string | null;
  isActive: boolean;
}

export function summariseProduct(product: Product, categorySlug: string): ProductSummary {
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    category: categorySlug,
    description: product.description,
    imageUrl: product.imageUrl,
    isActive: product.isActive,
  };
}
