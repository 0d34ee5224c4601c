/**
 * products:show: a product with its category path, its variants and their stock per
 * warehouse, the promotions that apply to it now, and its rating from visible reviews.
 */
import { QueryTypes } from 'sequelize';
import { InventoryLevel, ProductVariant, Warehouse } from '../../models';
import type { ServiceContext } from '../context';
import { findProduct } from './lookup';
import { summariseProduct, summariseVariant, type ProductSummary, type VariantSummary } from './products-schemas';

export interface VariantDetail extends VariantSummary {
  inventory: Array<{ warehouse: string; available: number; reserved: number }>;
}

export interface ActivePromotion {
  id: number;
  name: string;
  appliesTo: string;
  percentOff: number;
  startsAt: string;
  endsAt: string;
}

export interface ProductDetail extends ProductSummary {
  /** From the root category down to the product's own. */
  categoryPath: Array<{ slug: string; name: string }>;
  isMedicinal: boolean;
  createdAt: string;
  updatedAt: string;
  variants: VariantDetail[];
  promotions: ActivePromotion[];
  /** Average of visible reviews (two decimals), null without any. */
  rating: { average: number | null; reviews: number };
}

export async function showProduct(context: ServiceContext, reference: string): Promise<ProductDetail> {
  const { sequelize } = context;
  const product = await findProduct(reference);
  const replacements = { productId: product.id, categoryId: product.categoryId };
  const [path, variants, promotions, [rating]] = await Promise.all([
    sequelize.query<{ slug: string; name: string; is_medicinal: boolean }>(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, slug, name, is_medicinal, 0 AS level FROM categories WHERE id = :categoryId
         UNION ALL
         SELECT c.id, c.parent_id, c.slug, c.name, c.is_medicinal, up.level + 1 FROM categories c JOIN up ON c.id = up.parent_id
       )
       SELECT slug, name, is_medicinal FROM up ORDER BY level DESC`,
      { replacements, type: QueryTypes.SELECT },
    ),
    ProductVariant.findAll({
      where: { productId: product.id },
      include: [{ model: InventoryLevel, include: [{ model: Warehouse, attributes: ['name'] }] }],
      order: [['id', 'ASC'], [{ model: InventoryLevel, as: 'inventoryLevels' }, 'warehouseId', 'ASC']],
    }),
    sequelize.query<{ id: number; name: string; applies_to: string; percent_off: number; starts_at: Date; ends_at: Date }>(
      `WITH RECURSIVE ancestors AS (
         SELECT id, parent_id FROM categories WHERE id = :categoryId
         UNION
         SELECT c.id, c.parent_id FROM categories c JOIN ancestors a ON c.id = a.parent_id
       )
       SELECT pr.id, pr.name, pr.applies_to, pr.percent_off, pr.starts_at, pr.ends_at
       FROM promotions pr
       WHERE pr.is_active AND pr.starts_at <= now() AND now() < pr.ends_at  -- as pricing: the end is excluded
         AND (pr.applies_to = 'order'
              OR EXISTS (SELECT 1 FROM promotion_products pp WHERE pp.promotion_id = pr.id AND pp.product_id = :productId)
              OR EXISTS (SELECT 1 FROM promotion_categories pc WHERE pc.promotion_id = pr.id AND pc.category_id IN (SELECT id FROM ancestors)))
       ORDER BY pr.percent_off DESC, pr.id`,
      { replacements, type: QueryTypes.SELECT },
    ),
    sequelize.query<{ average: number | null; reviews: number }>(
      `SELECT round(avg(rating), 2)::float8 AS average, count(*)::int AS reviews FROM product_reviews WHERE product_id = :productId AND is_visible`,
      { replacements, type: QueryTypes.SELECT },
    ),
  ]);
  const own = path[path.length - 1];
  return {
    ...summariseProduct(product, own.slug),
    categoryPath: path.map((c) => ({ slug: c.slug, name: c.name })),
    isMedicinal: own.is_medicinal,
    createdAt: new Date(product.createdAt).toISOString(),
    updatedAt: new Date(product.updatedAt).toISOString(),
    variants: variants.map((variant) => ({
      ...summariseVariant(variant),
      inventory: (variant.inventoryLevels ?? []).map((level) => ({ warehouse: level.warehouse?.name ?? String(level.warehouseId), available: level.quantityAvailable, reserved: level.quantityReserved })),
    })),
    promotions: promotions.map((p) => ({ id: p.id, name: p.name, appliesTo: p.applies_to, percentOff: p.percent_off, startsAt: p.starts_at.toISOString(), endsAt: p.ends_at.toISOString() })),
    rating: { average: rating.average, reviews: rating.reviews },
  };
}
