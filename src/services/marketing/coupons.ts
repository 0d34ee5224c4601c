/**
 * coupons:add, coupons:list, coupons:disable. Codes are case-insensitive: stored upper-case
 * (the column's CHECK), compared upper-case. When a coupon may be used is decided in
 * coupon-rules.ts; the status shown here is the same judgement made at this moment.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { validate } from '../../lib/validation';
import { COUPON_TYPES, type CouponType } from '../../models/coupon';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { couponCode } from './coupon-rules';
import { cents, moment, percent, resolveMoments, storeTimeZone, wholeNumber } from './schemas';

/** What coupons:list shows: valid now, not started, over, out of uses, or switched off. */
export const COUPON_STATUSES = ['valid', 'scheduled', 'expired', 'exhausted', 'disabled'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];

export interface CouponRow {
  id: number;
  code: string;
  type: CouponType;
  /** Percent off, for type percent. */
  percentValue: number | null;
  /** Cents off, for type fixed. */
  valueCents: number | null;
  minOrderCents: number;
  /** ISO instants; null: no start / no end. The end is exclusive. */
  startsAt: string | null;
  endsAt: string | null;
  usedCount: number;
  usageLimit: number | null;
  isActive: boolean;
  status: CouponStatus;
  createdAt: string;
}

export interface CouponList {
  /** The store time zone (for showing the instants as wall-clock times). */
  timeZone: string;
  coupons: CouponRow[];
}

export interface AddedCoupon extends CouponRow {
  timeZone: string;
}

export interface DisabledCoupon extends CouponRow {
  /** false when it was already disabled: nothing was written. */
  changed: boolean;
}

const MAX_USES = 2_147_483_647;

const newCoupon = z
  .object({
    code: couponCode,
    type: z.enum(COUPON_TYPES, { message: `must be ${COUPON_TYPES.join(' or ')}` }),
    percent: percent.optional(),
    amount: cents(1).optional(),
    minOrder: cents(0).optional(),
    starts: moment.optional(),
    ends: moment.optional(),
    usageLimit: wholeNumber(1, MAX_USES).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.type === 'percent' && input.percent === undefined) ctx.addIssue({ code: 'custom', path: ['percent'], message: 'is required with --type percent' });
    if (input.type === 'percent' && input.amount !== undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is for --type fixed; use --percent with --type percent' });
    if (input.type === 'fixed' && input.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required with --type fixed (cents of a peso: 500000 = $5.000)' });
    if (input.type === 'fixed' && input.percent !== undefined) ctx.addIssue({ code: 'custom', path: ['percent'], message: 'is for --type percent; use --amount with --type fixed' });
  });

export type NewCouponInput = z.input<typeof newCoupon>;

const SELECT_ROWS = `
  SELECT id, code, type, percent_value AS "percentValue", value_cents AS "valueCents", min_order_cents AS "minOrderCents",
         starts_at AS "startsAt", ends_at AS "endsAt", used_count AS "usedCount", usage_limit AS "usageLimit",
         is_active AS "isActive", created_at AS "createdAt",
         CASE WHEN NOT is_active THEN 'disabled'
              WHEN ends_at <= now() THEN 'expired'
              WHEN usage_limit IS NOT NULL AND used_count >= usage_limit THEN 'exhausted'
              WHEN starts_at > now() THEN 'scheduled'
              ELSE 'valid' END AS status
  FROM coupons`;

type RawRow = Omit<CouponRow, 'startsAt' | 'endsAt' | 'createdAt'> & { startsAt: Date | null; endsAt: Date | null; createdAt: Date };

const toRow = (raw: RawRow): CouponRow => ({
  ...raw,
  startsAt: raw.startsAt?.toISOString() ?? null,
  endsAt: raw.endsAt?.toISOString() ?? null,
  createdAt: raw.createdAt.toISOString(),
});

async function couponRow(sequelize: Sequelize, id: number, transaction: Transaction): Promise<CouponRow> {
  const [raw] = await sequelize.query<RawRow>(`${SELECT_ROWS} WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT, transaction });
  return toRow(raw);
}

/** What the audit trail keeps of a coupon. */
const auditView = (row: CouponRow) => ({
  code: row.code,
  type: row.type,
  percent_value: row.percentValue,
  value_cents: row.valueCents,
  min_order_cents: row.minOrderCents,
  starts_at: row.startsAt,
  ends_at: row.endsAt,
  usage_limit: row.usageLimit,
  is_active: row.isActive,
});

const LABELS = { minOrder: '--min-order', usageLimit: '--usage-limit' };

/** Adds a coupon; a code taken in any case is refused (exit 5), even by a racing addition. */
export async function addCoupon(context: ServiceContext, raw: NewCouponInput): Promise<AddedCoupon> {
  const input = validate(newCoupon, raw, LABELS);
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const period = await resolveMoments(sequelize, transaction, input.starts, input.ends);
    const [inserted] = await sequelize.query<{ id: number }>(
      `INSERT INTO coupons (code, type, percent_value, value_cents, min_order_cents, starts_at, ends_at, usage_limit)
       VALUES (:code, :type, :percent, :amount, :minOrder, :startsAt, :endsAt, :usageLimit)
       ON CONFLICT (code) DO NOTHING
       RETURNING id`,
      {
        replacements: {
          code: input.code,
          type: input.type,
          percent: input.percent ?? null,
          amount: input.amount ?? null,
          minOrder: input.minOrder ?? 0,
          startsAt: period.startsAt,
          endsAt: period.endsAt,
          usageLimit: input.usageLimit ?? null,
        },
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    if (!inserted) {
      const [existing] = await sequelize.query<{ id: number }>('SELECT id FROM coupons WHERE code = :code', { replacements: { code: input.code }, type: QueryTypes.SELECT, transaction });
      throw new RuleViolation(`coupon ${input.code} already exists (id ${existing?.id ?? '?'}): codes are case-insensitive; pick another code`);
    }
    const row = await couponRow(sequelize, inserted.id, transaction);
    await audit(sequelize, transaction, { actorId: actorId(context), action: 'coupons.add', entity: 'coupons', entityId: row.id, after: auditView(row) });
    return { ...row, timeZone: await storeTimeZone(sequelize, transaction) };
  });
}

const listFilters = z.object({ active: z.boolean().default(false) });

/** Every coupon by code; --active keeps those usable now (status valid). */
export async function listCoupons(context: ServiceContext, raw: z.input<typeof listFilters>): Promise<CouponList> {
  const input = validate(listFilters, raw);
  const { sequelize } = context;
  const rows = await sequelize.query<RawRow>(`SELECT * FROM (${SELECT_ROWS}) c WHERE NOT :active OR c.status = 'valid' ORDER BY c.code`, {
    replacements: { active: input.active },
    type: QueryTypes.SELECT,
  });
  return { timeZone: await storeTimeZone(sequelize), coupons: rows.map(toRow) };
}

const disableInput = z.object({ code: couponCode });

/**
 * Switches a coupon off for good: orders can no longer be priced with it, and pending orders
 * that carry it are refused when paid (claimCoupon checks is_active). Already off: no change.
 */
export async function disableCoupon(context: ServiceContext, raw: z.input<typeof disableInput>): Promise<DisabledCoupon> {
  const { code } = validate(disableInput, raw, { code: 'CODE' });
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const [locked] = await sequelize.query<{ id: number; isActive: boolean }>('SELECT id, is_active AS "isActive" FROM coupons WHERE code = :code FOR UPDATE', {
      replacements: { code },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (!locked) throw new NotFoundError(`no coupon ${JSON.stringify(code)}`);
    if (!locked.isActive) return { ...(await couponRow(sequelize, locked.id, transaction)), changed: false };
    await sequelize.query('UPDATE coupons SET is_active = false WHERE id = :id', { replacements: { id: locked.id }, transaction });
    const row = await couponRow(sequelize, locked.id, transaction);
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'coupons.disable',
      entity: 'coupons',
      entityId: row.id,
      before: { is_active: true },
      after: { is_active: false },
      meta: { code: row.code, used_count: row.usedCount },
    });
    return { ...row, changed: true };
  });
}
