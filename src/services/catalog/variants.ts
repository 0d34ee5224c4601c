/**
 * variants:add, variants:update and variants:deactivate. Stock is not theirs to change
 * (stock:* commands move inventory); a new price closes the current price_history period
 * and opens the next one, by trigger.
 */
import { z } from 'zod';
import { RuleViolation, ValidationError } from '../../lib/errors';
import { text, validate } from '../../lib/validation';
import { Product, ProductVariant } from '../../models';
import { audit, changedFields } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { findProduct, findVariant } from './lookup';
import { createVariants } from './products';
import {
  clearable,
  color,
  optionLabel,
  priceCents,
  size,
  sku,
  summariseVariant,
  variantLabels,
  variantSpec,
  type VariantSummary,
} from './products-schemas';

const newVariant = z.object({
  product: text(160),
  variant: variantSpec,
  size: size.optional(),
  color: color.optional(),
});
export type NewVariantInput = z.input<typeof newVariant>;

export interface AddedVariant extends VariantSummary {
  /** The product's slug. */
  product: string;
  /** Where the initial stock went (null when it starts at 0). */
  warehouse: string | null;
}

export async function addVariant(context: ServiceContext, raw: NewVariantInput): Promise<AddedVariant> {
  const labels = Object.fromEntries(Object.entries(variantLabels([raw.variant])).map(([key, label]) => [key.replace(/^variants\.0/, 'variant'), label]));
  const input = validate(newVariant, raw, labels);
  const fields = { ...input.variant, size: input.size ?? input.variant.size, color: input.color ?? input.variant.color };
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    // Locked: two variants added at once to one product get their generated SKUs in turn.
    const product = await findProduct(input.product, transaction);
    const { variants, warehouse } = await createVariants(sequelize, product, [fields], transaction);
    const added: AddedVariant = { ...variants[0], product: product.slug, warehouse };
    await audit(sequelize, transaction, { actorId: actorId(context), action: 'variants.add', entity: 'product_variants', entityId: added.id, after: added });
    return added;
  });
}

const variantChanges = z.object({
  priceCents: priceCents.optional(),
  label: optionLabel.optional(),
  size: clearable(size).optional(),
  color: clearable(color).optional(),
  sku: sku.optional(),
  active: z.boolean().optional(),
});
export type VariantChanges = z.input<typeof variantChanges>;

export interface UpdatedVariant extends VariantSummary {
  product: string;
  /** The fields that changed (empty: nothing did). */
  changed: string[];
  /** The price before this change, when it changed (price_history keeps every one). */
  previousPriceCents: number | null;
}

export async function updateVariant(context: ServiceContext, reference: string, raw: VariantChanges): Promise<UpdatedVariant> {
  const changes = validate(variantChanges, raw, { priceCents: '--price' });
  const fields = Object.keys(changes).filter((key) => changes[key as keyof typeof changes] !== undefined);
  if (fields.length === 0) throw new ValidationError('nothing to change: give at least one flag (see --help)');
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const variant = await findVariant(reference, transaction);
    const product = await Product.findByPk(variant.productId, { transaction });
    const before = summariseVariant(variant);
    if (changes.sku !== undefined && changes.sku !== variant.sku) {
      const clash = await ProductVariant.findOne({ where: { sku: changes.sku }, transaction });
      if (clash) throw new RuleViolation(`SKU ${changes.sku} already exists`);
    }
    variant.set({
      ...(changes.priceCents !== undefined && { priceCents: changes.priceCents }),
      ...(changes.label !== undefined && { optionLabel: changes.label }),
      ...(changes.size !== undefined && { size: changes.size }),
      ...(changes.color !== undefined && { color: changes.color }),
      ...(changes.sku !== undefined && { sku: changes.sku }),
      ...(changes.active !== undefined && { isActive: changes.active }),
    });
    const diff = changedFields(before as unknown as Record<string, unknown>, summariseVariant(variant) as unknown as Record<string, unknown>);
    const changed = Object.keys(diff.after);
    const result = (summary: VariantSummary): UpdatedVariant => ({
      ...summary,
      product: product!.slug,
      changed,
      previousPriceCents: changed.includes('priceCents') ? before.priceCents : null,
    });
    if (changed.length === 0) return result(before);
    await variant.save({ transaction });
    await variant.reload({ transaction });
    const onlyStatus = changed.length === 1 && changed[0] === 'isActive';
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: onlyStatus ? (variant.isActive ? 'variants.reactivate' : 'variants.deactivate') : 'variants.update',
      entity: 'product_variants',
      entityId: variant.id,
      before: diff.before,
      after: diff.after,
    });
    return result(summariseVariant(variant));
  });
}

/** The variant can no longer be sold; its history (orders, prices, stock) stays. */
export async function deactivateVariant(context: ServiceContext, reference: string): Promise<UpdatedVariant> {
  return updateVariant(context, reference, { active: false });
}
