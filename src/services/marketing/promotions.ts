/**
 * promotions:add, promotions:list, promotions:disable. A promotion takes a percent off, between
 * two instants, from the products it names (applies_to product), the categories it names and
 * every category below them (category), or every line of an order (order). Which promotion a
 * line gets is decided by priceOrder (src/services/orders/pricing.ts): the best one.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors';
import { id, text, validate } from '../../lib/validation';
import { PROMOTION_APPLIES_TO, type PromotionAppliesTo } from '../../models/promotion';
import { audit } from '../audit';
import { findCategory, findProduct } from '../catalog/lookup';
import { actorId, type ServiceContext } from '../context';
import { moment, percent, resolveMoments, storeTimeZone } from './schemas';

/** What promotions:list shows: applying now, not started, over, or switched off. */
export const PROMOTION_STATUSES = ['active', 'scheduled', 'expired', 'disabled'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export interface PromotionRow {
  id: number;
  name: string;
  appliesTo: PromotionAppliesTo;
  percentOff: number;
  /** ISO instants; the end is exclusive. */
  startsAt: string;
  endsAt: string;
  isActive: boolean;
  status: PromotionStatus;
  /** Slugs of the products (applies_to product) or categories (category) it names. */
  products: string[];
  categories: string[];
  createdAt: string;
}

export interface PromotionList {
  timeZone: string;
  promotions: PromotionRow[];
}

export interface AddedPromotion extends PromotionRow {
  timeZone: string;
}

export interface DisabledPromotion extends PromotionRow {
  /** false when it was already disabled: nothing was written. */
  changed: boolean;
}

const slugList = z.array(z.string().trim()).default([]);

const newPromotion = z
  .object({
    name: text(120),
    appliesTo: z.enum(PROMOTION_APPLIES_TO, { message: `must be ${PROMOTION_APPLIES_TO.join(', ')}` }),
    percent,
    starts: moment,
    ends: moment,
    products: slugList,
    categories: slugList,
  })
  .superRefine((input, ctx) => {
    const rule = (path: 'products' | 'categories', message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (input.products.some((slug) => slug === '')) rule('products', 'must not be empty');
    if (input.categories.some((slug) => slug === '')) rule('categories', 'must not be empty');
    if (input.appliesTo === 'product' && input.products.length === 0) rule('products', 'a product promotion needs at least one --product SLUG');
    if (input.appliesTo === 'category' && input.categories.length === 0) rule('categories', 'a category promotion needs at least one --category SLUG');
    if (input.appliesTo !== 'product' && input.products.length > 0) rule('products', `is only for --applies-to product (this one applies to ${input.appliesTo})`);
    if (input.appliesTo !== 'category' && input.categories.length > 0) rule('categories', `is only for --applies-to category (this one applies to ${input.appliesTo})`);
  });

export type NewPromotionInput = z.input<typeof newPromotion>;

const LABELS = { appliesTo: '--applies-to', products: '--product', categories: '--category' };

const SELECT_ROWS = `
  SELECT p.id, p.name, p.applies_to AS "appliesTo", p.percent_off AS "percentOff", p.starts_at AS "startsAt", p.ends_at AS "endsAt",
         p.is_active AS "isActive", p.created_at AS "createdAt",
         CASE WHEN NOT p.is_active THEN 'disabled'
              WHEN p.ends_at <= now() THEN 'expired'
              WHEN p.starts_at > now() THEN 'scheduled'
              ELSE 'active' END AS status,
         ARRAY(SELECT pr.slug FROM promotion_products pp JOIN products pr ON pr.id = pp.product_id WHERE pp.promotion_id = p.id ORDER BY pr.slug) AS products,
         ARRAY(SELECT c.slug FROM promotion_categories pc JOIN categories c ON c.id = pc.category_id WHERE pc.promotion_id = p.id ORDER BY c.slug) AS categories
  FROM promotions p`;

type RawRow = Omit<PromotionRow, 'startsAt' | 'endsAt' | 'createdAt'> & { startsAt: Date; endsAt: Date; createdAt: Date };

const toRow = (raw: RawRow): PromotionRow => ({ ...raw, startsAt: raw.startsAt.toISOString(), endsAt: raw.endsAt.toISOString(), createdAt: raw.createdAt.toISOString() });

async function promotionRow(sequelize: Sequelize, promotionId: number, transaction: Transaction): Promise<PromotionRow> {
  const [raw] = await sequelize.query<RawRow>(`${SELECT_ROWS} WHERE p.id = :id`, { replacements: { id: promotionId }, type: QueryTypes.SELECT, transaction });
  return toRow(raw);
}

/** Adds a promotion and its product or category links; an unknown slug is not found (exit 4). */
export async function addPromotion(context: ServiceContext, raw: NewPromotionInput): Promise<AddedPromotion> {
  const input = validate(newPromotion, raw, LABELS);
  const { sequelize } = context;
  const productIds = [...new Set(await Promise.all(input.products.map(async (slug) => (await findProduct(slug)).id)))];
  const categoryIds = [...new Set(await Promise.all(input.categories.map(async (slug) => (await findCategory(slug)).id)))];
  return sequelize.transaction(async (transaction) => {
    const period = await resolveMoments(sequelize, transaction, input.starts, input.ends);
    const [created] = await sequelize.query<{ id: number }>(
      `INSERT INTO promotions (name, applies_to, percent_off, starts_at, ends_at) VALUES (:name, :appliesTo, :percent, :startsAt, :endsAt) RETURNING id`,
      { replacements: { name: input.name, appliesTo: input.appliesTo, percent: input.percent, startsAt: period.startsAt, endsAt: period.endsAt }, type: QueryTypes.SELECT, transaction },
    );
    const links = { promotionId: created.id, productIds: `{${productIds.join(',')}}`, categoryIds: `{${categoryIds.join(',')}}` };
    await sequelize.query('INSERT INTO promotion_products (promotion_id, product_id) SELECT :promotionId, unnest(CAST(:productIds AS bigint[]))', { replacements: links, transaction });
    await sequelize.query('INSERT INTO promotion_categories (promotion_id, category_id) SELECT :promotionId, unnest(CAST(:categoryIds AS bigint[]))', { replacements: links, transaction });
    const row = await promotionRow(sequelize, created.id, transaction);
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'promotions.add',
      entity: 'promotions',
      entityId: row.id,
      after: { name: row.name, applies_to: row.appliesTo, percent_off: row.percentOff, starts_at: row.startsAt, ends_at: row.endsAt, products: row.products, categories: row.categories },
    });
    return { ...row, timeZone: await storeTimeZone(sequelize, transaction) };
  });
}

const listFilters = z.object({ active: z.boolean().default(false) });

/** Every promotion, oldest first; --active keeps those applying now. */
export async function listPromotions(context: ServiceContext, raw: z.input<typeof listFilters>): Promise<PromotionList> {
  const input = validate(listFilters, raw);
  const { sequelize } = context;
  const rows = await sequelize.query<RawRow>(`SELECT * FROM (${SELECT_ROWS}) p WHERE NOT :active OR p.status = 'active' ORDER BY p.id`, {
    replacements: { active: input.active },
    type: QueryTypes.SELECT,
  });
  return { timeZone: await storeTimeZone(sequelize), promotions: rows.map(toRow) };
}

const disableInput = z.object({ id });

/** Switches a promotion off: orders priced from now on no longer get it. Already off: no change. */
export async function disablePromotion(context: ServiceContext, raw: { id: string | number }): Promise<DisabledPromotion> {
  const input = validate(disableInput, { id: String(raw.id) }, { id: 'ID' });
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const [locked] = await sequelize.query<{ isActive: boolean }>('SELECT is_active AS "isActive" FROM promotions WHERE id = :id FOR UPDATE', {
      replacements: { id: input.id },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (!locked) throw new NotFoundError(`no promotion with id ${input.id}`);
    if (!locked.isActive) return { ...(await promotionRow(sequelize, input.id, transaction)), changed: false };
    await sequelize.query('UPDATE promotions SET is_active = false WHERE id = :id', { replacements: { id: input.id }, transaction });
    const row = await promotionRow(sequelize, input.id, transaction);
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'promotions.disable',
      entity: 'promotions',
      entityId: row.id,
      before: { is_active: true },
      after: { is_active: false },
      meta: { name: row.name },
    });
    return { ...row, changed: true };
  });
}
