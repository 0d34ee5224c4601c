/**
 * The one query that reads product reviews with their product's slug and their customer's
 * e-mail, shared by reviews:list and the moderation commands.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';

export const MAX_REVIEW_LIMIT = 10_000;

export interface ReviewRow {
  id: number;
  productSlug: string;
  customerEmail: string;
  rating: number;
  title: string | null;
  visible: boolean;
  createdAt: string;
}

export async function reviewRows(
  sequelize: Sequelize,
  where: { id?: number; productId?: number; visible?: boolean; limit?: number },
  transaction?: Transaction,
): Promise<ReviewRow[]> {
  const rows = await sequelize.query<Omit<ReviewRow, 'createdAt'> & { createdAt: Date }>(
    `SELECT r.id, p.slug AS "productSlug", u.email AS "customerEmail", r.rating, r.title, r.is_visible AS visible, r.created_at AS "createdAt"
     FROM product_reviews r
     JOIN products p ON p.id = r.product_id
     JOIN users u ON u.id = r.user_id
     WHERE (:id::bigint IS NULL OR r.id = :id)
       AND (:productId::bigint IS NULL OR r.product_id = :productId)
       AND (:visible::boolean IS NULL OR r.is_visible = :visible)
     ORDER BY r.created_at DESC, r.id DESC
     LIMIT :limit`,
    {
      replacements: { id: where.id ?? null, productId: where.productId ?? null, visible: where.visible ?? null, limit: where.limit ?? MAX_REVIEW_LIMIT },
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
