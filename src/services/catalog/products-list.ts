/** products:list: one query, whatever the filters; a category includes its subcategories. */
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { likeContains } from '../../lib/like';
import { text, validate } from '../../lib/validation';
import type { ServiceContext } from '../context';
import { findCategory } from './lookup';
import { MAX_STOCK } from './products-schemas';

export const DEFAULT_LOW_STOCK = 5;

const listFilters = z.object({
  category: z.string().trim().min(1, 'must not be empty').optional(),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
  medicinal: z.boolean().optional(),
  lowStock: z.number().int().min(1, 'must be 1 or more').max(MAX_STOCK, `must be at most ${MAX_STOCK}`).optional(),
  search: text(200).optional(),
  limit: z.number().int().min(1, 'must be 1 or more').max(100_000, 'must be at most 100000').default(1000),
});
export type ProductListFilters = z.input<typeof listFilters>;

export interface ProductListRow {
  id: number;
  slug: string;
  name: string;
  /** The category's slug. */
  category: string;
  isMedicinal: boolean;
  /** Active variants. */
  variants: number;
  /** Lowest price of an active variant, in cents; null without one. */
  minPriceCents: number | null;
  /** Stock of the active variants, all warehouses. */
  totalStock: number;
  isActive: boolean;
}


export async function listProducts(context: ServiceContext, raw: ProductListFilters): Promise<ProductListRow[]> {
  const filters = validate(listFilters, raw, { lowStock: '--low-stock' });
  const categoryId = filters.category === undefined ? null : (await findCategory(filters.category)).id;
  const rows = await context.sequelize.query<{
    id: number; slug: string; name: string; category: string; is_medicinal: boolean; variants: number; min_price_cents: number | null; total_stock: number; is_active: boolean;
  }>(
    `WITH RECURSIVE scope AS (
       SELECT id FROM categories WHERE id = :categoryId
       UNION
       SELECT c.id FROM categories c JOIN scope s ON c.parent_id = s.id
     )
     SELECT p.id, p.slug, p.name, c.slug AS category, c.is_medicinal, p.is_active,
            (count(v.id) FILTER (WHERE v.is_active))::int AS variants,
            min(v.price_cents) FILTER (WHERE v.is_active) AS min_price_cents,
            coalesce(sum(v.stock) FILTER (WHERE v.is_active), 0)::bigint AS total_stock
     FROM products p
     JOIN categories c ON c.id = p.category_id
     LEFT JOIN product_variants v ON v.product_id = p.id
     WHERE (:categoryId::bigint IS NULL OR p.category_id IN (SELECT id FROM scope))
       AND (:status = 'all' OR p.is_active = (:status = 'active'))
       AND (:medicinal::boolean IS NULL OR c.is_medicinal = :medicinal::boolean)
       AND (:pattern::text IS NULL
            OR p.name ILIKE :pattern OR p.slug ILIKE :pattern
            OR EXISTS (SELECT 1 FROM product_variants sv WHERE sv.product_id = p.id AND sv.sku ILIKE :pattern))
     GROUP BY p.id, c.id
     HAVING (:lowStock::int IS NULL OR coalesce(bool_or(v.is_active AND v.stock < :lowStock::int), false))
     ORDER BY p.slug COLLATE "C"
     LIMIT :limit`,
    {
      replacements: {
        categoryId,
        status: filters.status,
        medicinal: filters.medicinal ?? null,
        pattern: filters.search === undefined ? null : likeContains(filters.search),
        lowStock: filters.lowStock ?? null,
        limit: filters.limit,
      },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    category: r.category,
    isMedicinal: r.is_medicinal,
    variants: r.variants,
    minPriceCents: r.min_price_cents,
    totalStock: r.total_stock,
    isActive: r.is_active,
  }));
}
