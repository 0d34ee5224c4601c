/**
 * When a coupon may be used, in one place: pricing an order (orders:create) and counting a
 * use at payment (claimCoupon) both read the coupon through `readCoupon` and explain a
 * refusal through `couponRefusal`, so the customer hears the same reason at both steps.
 *
 * A coupon is usable at instant `at` for an order whose list subtotal is `orderTotalCents`
 * when: it is active, starts_at <= at (or no start), at < ends_at (or no end: the end is
 * exclusive), used_count < usage_limit (or no limit) and min_order_cents <= orderTotalCents.
 * claimCoupon's UPDATE carries the same conditions in its WHERE clause.
 */
import { z } from 'zod';
import type { Sql } from '../../db/sql';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { formatCents } from '../../lib/render';
import type { CouponType } from '../../models/coupon';

/** A coupon code as people type it: any case, stored and compared upper-case. */
export const couponCode = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .transform((value) => value.toUpperCase())
  .refine((value) => /^[A-Z0-9][A-Z0-9_-]*$/.test(value), 'must be letters and digits, optionally with - or _ (e.g. BIENVENIDA10)');

/** A coupon as the rules see it at one instant. */
export interface CouponState {
  id: number;
  code: string;
  type: CouponType;
  valueCents: number | null;
  percentValue: number | null;
  minOrderCents: number;
  usageLimit: number | null;
  usedCount: number;
  isActive: boolean;
  /** starts_at is after the instant asked about. */
  notStarted: boolean;
  /** ends_at is at or before the instant asked about. */
  ended: boolean;
  /** starts_at / ends_at in the store's time zone, YYYY-MM-DD HH:MM, for messages. */
  startsLocal: string | null;
  endsLocal: string | null;
  timeZone: string;
}

/** The coupon with that code (already upper-case) or id, judged at `at`; undefined if none. */
export async function readCoupon(sql: Sql, key: { code: string } | { id: number }, at: Date): Promise<CouponState | undefined> {
  const [row] = await sql.select<CouponState>(
    `SELECT id, code, type, value_cents AS "valueCents", percent_value AS "percentValue", min_order_cents AS "minOrderCents",
            usage_limit AS "usageLimit", used_count AS "usedCount", is_active AS "isActive",
            coalesce(starts_at > CAST($2 AS timestamptz), false) AS "notStarted",
            coalesce(ends_at <= CAST($2 AS timestamptz), false) AS "ended",
            to_char(starts_at AT TIME ZONE store_timezone(), 'YYYY-MM-DD HH24:MI') AS "startsLocal",
            to_char(ends_at AT TIME ZONE store_timezone(), 'YYYY-MM-DD HH24:MI') AS "endsLocal",
            store_timezone() AS "timeZone"
     FROM coupons
     WHERE ${'code' in key ? 'code = CAST($1 AS text)' : 'id = CAST($1 AS bigint)'}`,
    ['code' in key ? key.code : key.id, at],
  );
  return row;
}

/** The coupon named by code, or NotFound. */
export async function couponByCode(sql: Sql, code: string, at: Date): Promise<CouponState> {
  const coupon = await readCoupon(sql, { code }, at);
  if (!coupon) throw new NotFoundError(`no coupon ${JSON.stringify(code)}`);
  return coupon;
}

/**
 * Why the coupon cannot be used now for an order of that list subtotal, or null when it
 * can. Reasons in a fixed order: disabled, not started, ended, used up, below minimum.
 */
export function couponRefusal(coupon: CouponState, orderTotalCents: number): RuleViolation | null {
  const name = `coupon ${coupon.code}`;
  if (!coupon.isActive) return new RuleViolation(`${name} is disabled: it can no longer be used`);
  if (coupon.notStarted) return new RuleViolation(`${name} is not valid yet: it starts ${coupon.startsLocal} (${coupon.timeZone})`);
  if (coupon.ended) return new RuleViolation(`${name} has expired: it ended ${coupon.endsLocal} (${coupon.timeZone})`);
  if (coupon.usageLimit !== null && coupon.usedCount >= coupon.usageLimit) {
    return new RuleViolation(`${name} has been used up: ${coupon.usedCount} of ${coupon.usageLimit} uses taken`);
  }
  if (orderTotalCents < coupon.minOrderCents) {
    return new RuleViolation(
      `${name} needs an order of at least ${formatCents(coupon.minOrderCents)} before discounts and shipping; this one is ${formatCents(orderTotalCents)}`,
    );
  }
  return null;
}
