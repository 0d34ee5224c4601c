/**
 * The category tree: add (slug from the name, medicinal inherited from the parent unless
 * stated), list (depth first) and move (no cycles: the trigger categories_no_cycle decides,
 * under its advisory lock, and its refusal is told in the shop's words).
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { RuleViolation, ValidationError } from '../../lib/errors';
import { freeKey, slugify } from '../../lib/slug';
import { text, validate } from '../../lib/validation';
import { Category } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { findCategory } from './lookup';
import { CATEGORY_SLUG_MAX, slug } from './products-schemas';

export interface CategoryRow {
  id: number;
  slug: string;
  name: string;
  /** null for a root. */
  parentSlug: string | null;
  /** 0 for a root. */
  depth: number;
  isMedicinal: boolean;
  /** Active products directly in this category. */
  products: number;
}

const TREE = `
  WITH RECURSIVE tree AS (
    SELECT c.id, c.parent_id, 0 AS depth, ARRAY[c.slug::text COLLATE "C"] AS path
    FROM categories c WHERE c.parent_id IS NULL
    UNION ALL
    SELECT c.id, c.parent_id, t.depth + 1, t.path || (c.slug::text COLLATE "C")
    FROM categories c JOIN tree t ON c.parent_id = t.id
  )
  SELECT c.id, c.slug, c.name, p.slug AS parent_slug, t.depth, c.is_medicinal,
         (SELECT count(*)::int FROM products pr WHERE pr.category_id = c.id AND pr.is_active) AS products
  FROM tree t
  JOIN categories c ON c.id = t.id
  LEFT JOIN categories p ON p.id = t.parent_id`;

type TreeRow = { id: number; slug: string; name: string; parent_slug: string | null; depth: number; is_medicinal: boolean; products: number };

const toRow = (r: TreeRow): CategoryRow => ({ id: r.id, slug: r.slug, name: r.name, parentSlug: r.parent_slug, depth: r.depth, isMedicinal: r.is_medicinal, products: r.products });

/** Every category, parents before their children, siblings by slug. */
export async function listCategories(context: ServiceContext): Promise<CategoryRow[]> {
  const rows = await context.sequelize.query<TreeRow>(`${TREE} ORDER BY t.path`, { type: QueryTypes.SELECT });
  return rows.map(toRow);
}

async function categoryRow(sequelize: Sequelize, id: number, transaction: Transaction): Promise<CategoryRow> {
  const [row] = await sequelize.query<TreeRow>(`${TREE} WHERE c.id = :id`, { replacements: { id }, type: QueryTypes.SELECT, transaction });
  return toRow(row);
}

/**
 * Tree changes take the trigger's own advisory lock first, before any row lock, so that an
 * add and a move (or two moves) never wait on each other in opposite orders.
 */
async function lockTree(sequelize: Sequelize, transaction: Transaction): Promise<void> {
  await sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('store.categories.tree'))`, { transaction });
}

const newCategory = z.object({
  name: text(120),
  slug: slug(CATEGORY_SLUG_MAX).optional(),
  parent: z.string().trim().min(1, 'must not be empty').optional(),
  medicinal: z.boolean().optional(),
});
export type NewCategoryInput = z.input<typeof newCategory>;

export interface AddedCategory extends CategoryRow {
  /** True when is_medicinal came from the parent rather than --medicinal/--no-medicinal. */
  medicinalInherited: boolean;
}

export async function addCategory(context: ServiceContext, raw: NewCategoryInput): Promise<AddedCategory> {
  const input = validate(newCategory, raw);
  const base = input.slug ?? slugify(input.name, CATEGORY_SLUG_MAX);
  if (!base) throw new ValidationError('--name: has no letters or digits to make a slug of: give --slug');
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    await lockTree(sequelize, transaction);
    const parent = input.parent === undefined ? null : await findCategory(input.parent, transaction);
    let slugValue: string;
    if (input.slug !== undefined) {
      if (await Category.findOne({ where: { slug: input.slug }, transaction })) throw new RuleViolation(`category slug ${JSON.stringify(input.slug)} already exists`);
      slugValue = input.slug;
    } else {
      slugValue = await freeKey(sequelize, { table: 'categories', column: 'slug', maxLength: CATEGORY_SLUG_MAX }, base, transaction);
    }
    const isMedicinal = input.medicinal ?? parent?.isMedicinal ?? false;
    const category = await Category.create({ slug: slugValue, name: input.name, parentId: parent?.id ?? null, isMedicinal }, { transaction });
    const row = await categoryRow(sequelize, category.id, transaction);
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'categories.add',
      entity: 'categories',
      entityId: category.id,
      after: { slug: row.slug, name: row.name, parent: row.parentSlug, isMedicinal: row.isMedicinal },
    });
    return { ...row, medicinalInherited: input.medicinal === undefined && parent !== null };
  });
}

const moveTarget = z
  .object({ parent: z.string().trim().min(1, 'must not be empty').optional(), root: z.boolean().optional() })
  .refine((target) => (target.parent !== undefined) !== Boolean(target.root), { message: 'give either --parent SLUG or --root', path: ['parent'] });
export type MoveTarget = z.input<typeof moveTarget>;

export interface MovedCategory extends CategoryRow {
  previousParentSlug: string | null;
  /** The new parent's medicinal status (null at the root): the category keeps its own. */
  parentIsMedicinal: boolean | null;
  moved: boolean;
}

function isCycleRefusal(error: unknown): boolean {
  const cause = (error as { original?: { constraint?: string }; parent?: { constraint?: string } } | null) ?? {};
  return (cause.original ?? cause.parent)?.constraint === 'categories_no_cycle';
}

/** Moves a category (with its subtree) under another one, or to the root. */
export async function moveCategory(context: ServiceContext, reference: string, rawTarget: MoveTarget): Promise<MovedCategory> {
  const target = validate(moveTarget, rawTarget);
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    await lockTree(sequelize, transaction);
    const category = await findCategory(reference, transaction);
    const parent = target.parent !== undefined ? await findCategory(target.parent, transaction) : null;
    const before = await categoryRow(sequelize, category.id, transaction);
    if (parent?.id === category.id) throw new RuleViolation(`cannot move ${category.slug} under itself`);
    if ((parent?.id ?? null) === category.parentId) {
      return { ...before, previousParentSlug: before.parentSlug, parentIsMedicinal: parent?.isMedicinal ?? null, moved: false };
    }
    try {
      await category.update({ parentId: parent?.id ?? null }, { transaction });
    } catch (error) {
      if (parent && isCycleRefusal(error)) throw new RuleViolation(`cannot move ${category.slug} under ${parent.slug}: ${parent.slug} is inside ${category.slug}`, { cause: error });
      throw error;
    }
    const after = await categoryRow(sequelize, category.id, transaction);
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'categories.move',
      entity: 'categories',
      entityId: category.id,
      before: { parent: before.parentSlug },
      after: { parent: after.parentSlug },
    });
    return { ...after, previousParentSlug: before.parentSlug, parentIsMedicinal: parent?.isMedicinal ?? null, moved: true };
  });
}
