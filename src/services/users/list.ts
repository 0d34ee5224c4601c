import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { likeContains, likeStartsWith } from '../../lib/like';
import { text, validate } from '../../lib/validation';
import type { ServiceContext } from '../context';
import { role } from './schemas';

export const listFilters = z.object({
  role: role.optional(),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
  medicinal: z.enum(['eligible', 'not-eligible', 'pending']).optional(),
  search: text(200).optional(),
  limit: z.number().int().min(1).max(100_000).default(1000),
});

export interface UserListRow {
  id: number;
  name: string;
  email: string;
  rut: string;
  role: string;
  isActive: boolean;
  medicinalEligible: boolean;
  pendingDocuments: number;
}

/** Users with their medicinal status, filtered in SQL (one query, whatever the count). */
export async function listUsers(context: ServiceContext, raw: z.input<typeof listFilters>): Promise<UserListRow[]> {
  const filters = validate(listFilters, raw);
  const rows = await context.sequelize.query<{
    id: number; name: string; email: string; rut: string; role: string; is_active: boolean; eligible: boolean; pending: number;
  }>(
    `SELECT * FROM (
       SELECT u.id, u.name, u.email, u.rut, u.role, u.is_active, medicinal_eligible(u.id) AS eligible,
              (SELECT count(*)::int FROM medicinal_documents d WHERE d.user_id = u.id AND d.status = 'pending') AS pending
       FROM users u
       WHERE (:role::text IS NULL OR u.role = :role)
         AND (:status = 'all' OR u.is_active = (:status = 'active'))
         AND (:contains::text IS NULL OR u.email ILIKE :contains OR u.name ILIKE :contains OR u.rut LIKE :startsWith)
     ) s
     WHERE (:medicinal::text IS NULL
            OR (:medicinal = 'eligible' AND s.eligible)
            OR (:medicinal = 'not-eligible' AND NOT s.eligible)
            OR (:medicinal = 'pending' AND s.pending > 0))
     ORDER BY s.id
     LIMIT :limit`,
    {
      replacements: { role: filters.role ?? null, status: filters.status, medicinal: filters.medicinal ?? null, contains: filters.search === undefined ? null : likeContains(filters.search), startsWith: filters.search === undefined ? null : likeStartsWith(filters.search), limit: filters.limit },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, rut: r.rut, role: r.role, isActive: r.is_active, medicinalEligible: r.eligible, pendingDocuments: r.pending }));
}
