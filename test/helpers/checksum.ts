import type { TestDatabase } from './database';

/**
 * Row count and content hash of every table: equal checksums before and after a refused
 * statement prove that it wrote nothing.
 */
export async function databaseChecksum(db: TestDatabase): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ n: string; h: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${name}" t`,
    );
    sums[name] = `${row.n}:${row.h ?? ''}`;
  }
  return sums;
}
