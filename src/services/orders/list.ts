/** orders:list — orders by status, buyer and creation day (days in the store's time zone). */
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { isoDate, validate } from '../../lib/validation';
import { ORDER_STATUSES } from '../../models';
import type { ServiceContext } from '../context';
import { findUser } from '../users/find';

export const orderFilters = z.object({
  status: z.string().trim().pipe(z.enum(ORDER_STATUSES, { message: `must be one of ${ORDER_STATUSES.join(', ')}` })).optional(),
  user: z.string().trim().min(1).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  limit: z.number().int().min(1).max(100_000).default(1000),
});

export interface OrderListRow {
  id: number;
  createdAt: string;
  user: string;
  status: string;
  items: number;
  totalCents: number;
  discountCents: number;
  shippingPriceCents: number;
  amountDueCents: number;
  paidAt: string | null;
}

export async function listOrders(context: ServiceContext, raw: z.input<typeof orderFilters>): Promise<OrderListRow[]> {
  const filters = validate(orderFilters, raw);
  if (filters.since && filters.until && filters.since > filters.until) throw new ValidationError(`--until: ${filters.until} is before --since ${filters.since}`);
  const userId = filters.user ? (await findUser(filters.user)).id : null;
  const rows = await context.sequelize.query<{
    id: number; created_at: Date; email: string; status: string; items: number; total_cents: number; discount_cents: number; shipping_price_cents: number; amount_due_cents: number; paid_at: Date | null;
  }>(
    `SELECT o.id, o.created_at, u.email, o.status, (SELECT coalesce(sum(quantity), 0)::int FROM order_items i WHERE i.order_id = o.id) AS items,
            o.total_cents, o.discount_cents, o.shipping_price_cents, o.amount_due_cents, o.paid_at
     FROM orders o JOIN users u ON u.id = o.user_id
     WHERE (CAST(:status AS text) IS NULL OR o.status = :status)
       AND (CAST(:userId AS bigint) IS NULL OR o.user_id = :userId)
       AND (CAST(:since AS date) IS NULL OR o.created_at >= (CAST(:since AS date)::timestamp AT TIME ZONE store_timezone()))
       AND (CAST(:until AS date) IS NULL OR o.created_at < ((CAST(:until AS date) + 1)::timestamp AT TIME ZONE store_timezone()))
     ORDER BY o.id
     LIMIT :limit`,
    {
      replacements: { status: filters.status ?? null, userId, since: filters.since ?? null, until: filters.until ?? null, limit: filters.limit },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => ({
    id: r.id,
    createdAt: new Date(r.created_at).toISOString(),
    user: r.email,
    status: r.status,
    items: r.items,
    totalCents: r.total_cents,
    discountCents: r.discount_cents,
    shippingPriceCents: r.shipping_price_cents,
    amountDueCents: r.amount_due_cents,
    paidAt: r.paid_at ? new Date(r.paid_at).toISOString() : null,
  }));
}
