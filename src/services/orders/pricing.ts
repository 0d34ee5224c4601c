/**
 * How much an order costs: list prices, the best promotion per line, an optional coupon and
 * a flat shipping price. Every amount is integer cents of a peso; no float ever touches one.
 *
 * The rules (README "Prices, promotions and coupons"):
 * - Lines keep their list price: lineTotal = quantity × unitPrice, and totalCents is their
 *   sum (what orders.total_cents holds). Discounts live in discountCents.
 * - Promotions: each line gets at most one, the best valid one: the highest percent_off
 *   among active promotions with starts_at <= at < ends_at that name the line's product, its
 *   category or any ancestor of it (a promotion on "medicinal" covers its subcategories), or
 *   the whole order. Ties go to the lowest promotion id. Promotions never stack.
 * - Rounding: a percentage of an amount is rounded half up to the cent, per line, in integer
 *   arithmetic: round(amount × percent / 100) = floor((amount × percent + 50) / 100).
 * - Coupon, after promotions: percent coupons take that percent of (total − promotion
 *   discount), rounded as above; fixed coupons take their value, capped at that remainder,
 *   so the discount never exceeds the total.
 * - The coupon's minimum order is compared with totalCents, the list subtotal of the goods
 *   (before any discount, without shipping): the figure the order row keeps
 *   (orders.total_cents), so the check at payment (claimCoupon's orderTotalCents) is the
 *   same number as at creation, and a promotion that ends between the two cannot flip it.
 * - Shipping is a flat price per method (SHIPPING_PRICES_CENTS) and is never discounted.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { sqlOf, type Sql } from '../../db/sql';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { validate } from '../../lib/validation';
import { couponByCode, couponCode, couponRefusal, readCoupon } from '../marketing/coupon-rules';

export type ShippingMethod = 'retiro_tienda' | 'chilexpress' | 'starken' | 'manual';

/**
 * Flat shipping price per method, in cents of a peso: the one table (README, orders:create
 * --help). retiro_tienda is picking the order up at the store; manual is the store's own
 * delivery arranged by staff (a courier or motorbike within the city).
 */
export const SHIPPING_PRICES_CENTS: Readonly<Record<ShippingMethod, number>> = Object.freeze({
  retiro_tienda: 0, // $0
  chilexpress: 499_000, // $4.990
  starken: 399_000, // $3.990
  manual: 299_000, // $2.990
});

export interface PricingLine {
  variantId: number;
  productId: number;
  categoryId: number;
  unitPriceCents: number;
  quantity: number;
}

export interface PricedLine extends PricingLine {
  lineTotalCents: number;
  promotion: { id: number; name: string; percentOff: number } | null;
  promotionDiscountCents: number;
}

export interface Quote {
  lines: PricedLine[];
  /** Σ lineTotalCents (undiscounted: order_items keep list prices). */
  totalCents: number;
  /** Σ line promotion discounts. */
  promotionDiscountCents: number;
  coupon: { id: number; code: string; discountCents: number } | null;
  /** promotion + coupon, never above totalCents. */
  discountCents: number;
  shippingMethod: ShippingMethod;
  shippingPriceCents: number;
  /** totalCents - discountCents + shippingPriceCents (orders.amount_due_cents). */
  amountDueCents: number;
}

const dbId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const line = z.object({ variantId: dbId, productId: dbId, categoryId: dbId, unitPriceCents: cents, quantity: z.number().int().min(1).max(2_147_483_647) });
const shippingMethods = Object.keys(SHIPPING_PRICES_CENTS) as [ShippingMethod, ...ShippingMethod[]];
const quoteInput = z.object({
  lines: z.array(line),
  couponCode: couponCode.optional(),
  shippingMethod: z.enum(shippingMethods, { message: `must be one of ${shippingMethods.join(', ')}` }),
  at: z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date'),
});
const LABELS = { couponCode: '--coupon', shippingMethod: '--shipping', at: 'pricing time' };

/** round(amount × percent / 100), halves up, exact for any amount (BigInt, no floats). */
function percentOf(amountCents: number, percent: number): number {
  return Number((BigInt(amountCents) * BigInt(percent) + 50n) / 100n);
}

function safeSum(values: number[], what: string): number {
  const sum = values.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(sum)) throw new RuleViolation(`${what} is too large to price`);
  return sum;
}

interface BestPromotion {
  n: number;
  id: number;
  name: string;
  percentOff: number;
}

/**
 * The best valid promotion of each line (by position), in one statement: the line's
 * category and its ancestors are walked up the tree, and DISTINCT ON keeps the highest
 * percent, then the lowest id.
 */
async function bestPromotions(sequelize: Sequelize, transaction: Transaction, lines: PricingLine[], at: Date): Promise<Map<number, BestPromotion>> {
  if (lines.length === 0) return new Map();
  const rows = await sqlOf(sequelize, transaction).select<BestPromotion>(
    `WITH RECURSIVE line AS (
       SELECT l.n, l.product_id, l.category_id
       FROM jsonb_to_recordset(CAST($1 AS jsonb)) AS l(n int, product_id bigint, category_id bigint)
     ), covers AS (
       SELECT n, category_id FROM line
       UNION
       SELECT covers.n, c.parent_id FROM covers JOIN categories c ON c.id = covers.category_id WHERE c.parent_id IS NOT NULL
     ), live AS (
       SELECT id, name, applies_to, percent_off FROM promotions
       WHERE is_active AND starts_at <= CAST($2 AS timestamptz) AND ends_at > CAST($2 AS timestamptz)
     )
     SELECT DISTINCT ON (line.n) line.n, live.id, live.name, live.percent_off AS "percentOff"
     FROM line JOIN live ON
          live.applies_to = 'order'
       OR (live.applies_to = 'product' AND EXISTS (
             SELECT 1 FROM promotion_products pp WHERE pp.promotion_id = live.id AND pp.product_id = line.product_id))
       OR (live.applies_to = 'category' AND EXISTS (
             SELECT 1 FROM promotion_categories pc JOIN covers ON covers.category_id = pc.category_id AND covers.n = line.n
             WHERE pc.promotion_id = live.id))
     ORDER BY line.n, live.percent_off DESC, live.id`,
    [JSON.stringify(lines.map((l, n) => ({ n, product_id: l.productId, category_id: l.categoryId }))), at],
  );
  return new Map(rows.map((row) => [row.n, row]));
}

/**
 * Prices an order inside the caller's transaction. Refuses (RuleViolation, exit 5) a coupon
 * that is disabled, not yet valid, expired, used up or above the order's list subtotal; an
 * unknown code is NotFoundError (exit 4). Nothing is written: the coupon's use is counted at
 * payment by claimCoupon.
 */
export async function priceOrder(
  sequelize: Sequelize,
  transaction: Transaction,
  input: { lines: PricingLine[]; couponCode?: string; shippingMethod: ShippingMethod; at: Date },
): Promise<Quote> {
  const { lines, couponCode: code, shippingMethod, at } = validate(quoteInput, input, LABELS);
  const best = await bestPromotions(sequelize, transaction, lines, at);
  const priced: PricedLine[] = lines.map((l, n) => {
    const lineTotalCents = l.quantity * l.unitPriceCents;
    if (!Number.isSafeInteger(lineTotalCents)) throw new RuleViolation(`line ${n + 1} (${l.quantity} × ${l.unitPriceCents} cents) is too large to price`);
    const promotion = best.get(n);
    return {
      ...l,
      lineTotalCents,
      promotion: promotion ? { id: promotion.id, name: promotion.name, percentOff: promotion.percentOff } : null,
      promotionDiscountCents: promotion ? percentOf(lineTotalCents, promotion.percentOff) : 0,
    };
  });
  const totalCents = safeSum(priced.map((l) => l.lineTotalCents), 'the order total');
  const promotionDiscountCents = safeSum(priced.map((l) => l.promotionDiscountCents), 'the promotion discount');

  let coupon: Quote['coupon'] = null;
  if (code !== undefined) {
    const state = await couponByCode(sqlOf(sequelize, transaction), code, at);
    const refusal = couponRefusal(state, totalCents);
    if (refusal) throw refusal;
    const remaining = totalCents - promotionDiscountCents;
    const discountCents = state.type === 'percent' ? percentOf(remaining, state.percentValue!) : Math.min(state.valueCents!, remaining);
    coupon = { id: state.id, code: state.code, discountCents };
  }

  const discountCents = promotionDiscountCents + (coupon?.discountCents ?? 0);
  const shippingPriceCents = SHIPPING_PRICES_CENTS[shippingMethod];
  return {
    lines: priced,
    totalCents,
    promotionDiscountCents,
    coupon,
    discountCents,
    shippingMethod,
    shippingPriceCents,
    amountDueCents: totalCents - discountCents + shippingPriceCents,
  };
}

/**
 * Counts one use of the coupon when its order is paid, inside the payment's transaction.
 * ONE conditional UPDATE carries every rule, so concurrent payers cannot push used_count
 * past usage_limit: each waits for the row lock of the one before, re-checks the WHERE
 * clause on the row it committed, and updates nothing once the limit is reached. When no
 * row changed, the coupon is read again to say why (RuleViolation, exit 5; NotFound, 4).
 *
 * orderTotalCents is the order's list subtotal (orders.total_cents), as in priceOrder.
 */
export async function claimCoupon(sql: Sql, input: { couponId: number; orderTotalCents: number; at: Date }): Promise<void> {
  const [claimed] = await sql.select<{ id: number }>(
    `UPDATE coupons SET used_count = used_count + 1
     WHERE id = $1
       AND is_active
       AND (usage_limit IS NULL OR used_count < usage_limit)
       AND (starts_at IS NULL OR starts_at <= CAST($2 AS timestamptz))
       AND (ends_at IS NULL OR ends_at > CAST($2 AS timestamptz))
       AND min_order_cents <= $3
     RETURNING id`,
    [input.couponId, input.at, input.orderTotalCents],
  );
  if (claimed) return;
  const state = await readCoupon(sql, { id: input.couponId }, input.at);
  if (!state) throw new NotFoundError(`no coupon with id ${input.couponId}`);
  throw couponRefusal(state, input.orderTotalCents) ?? new RuleViolation(`coupon ${state.code} could not be used`);
}
