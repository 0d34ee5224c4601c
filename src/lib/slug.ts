import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { sqlOf } from '../db/sql';

/** URL-safe keys from names: "Semilla Índica" → "semilla-indica" (what categories and products CHECK). */
export function slugify(name: string, maxLength = 160): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ñ/g, 'n')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
}

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The suffixed form of a key: base, base-2, base-3…, cut to fit maxLength. */
function withSuffix(base: string, n: number, maxLength: number): string {
  if (n === 1) return base.slice(0, maxLength).replace(/[-._/]+$/, '');
  const suffix = `-${n}`;
  return `${base.slice(0, maxLength - suffix.length).replace(/[-._/]+$/, '')}${suffix}`;
}

/**
 * The first of base, base-2, base-3… that no row of table.column holds and that is not
 * reserved (keys already chosen in the same command). Table and column are ours, never input.
 */
export async function freeKey(
  sequelize: Sequelize,
  place: { table: 'categories' | 'products' | 'product_variants'; column: 'slug' | 'sku'; maxLength: number },
  base: string,
  transaction: Transaction,
  reserved: ReadonlySet<string> = new Set(),
): Promise<string> {
  for (let start = 1; ; start += 50) {
    const candidates = Array.from({ length: 50 }, (_, i) => withSuffix(base, start + i, place.maxLength));
    const rows = await sqlOf(sequelize, transaction).select<{ value: string }>(
      `SELECT ${place.column} AS value FROM ${place.table} WHERE ${place.column} = ANY(CAST($1 AS text[]))`,
      [candidates],
    );
    const taken = new Set(rows.map((row) => row.value));
    const free = candidates.find((candidate) => !taken.has(candidate) && !reserved.has(candidate));
    if (free) return free;
  }
}
