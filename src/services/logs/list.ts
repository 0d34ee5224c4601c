import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { isoDate, text, validate } from '../../lib/validation';
import type { ServiceContext } from '../context';
import { findUser } from '../users/find';

const filters = z.object({
  entity: text(60).optional(),
  entityId: z.number().int().positive().optional(),
  actor: z.string().trim().min(1).optional(),
  action: text(80).optional(),
  since: isoDate.optional(),
  limit: z.number().int().min(1).max(100_000).default(100),
});

export interface LogRow {
  id: number;
  createdAt: string;
  actor: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  meta: Record<string, unknown>;
}

/** The audit trail, newest first. --since is a day in the store's time zone. */
export async function listLogs(context: ServiceContext, raw: z.input<typeof filters>): Promise<LogRow[]> {
  const input = validate(filters, raw, { entityId: '--entity-id' });
  const actorId = input.actor ? (await findUser(input.actor)).id : null;
  const rows = await context.sequelize.query<{ id: number; created_at: Date; actor: string | null; action: string; entity: string; entity_id: number | null; meta: Record<string, unknown> }>(
    `SELECT l.id, l.created_at, u.email AS actor, l.action, l.entity, l.entity_id, l.meta
     FROM system_logs l LEFT JOIN users u ON u.id = l.actor_user_id
     WHERE (:entity::text IS NULL OR l.entity = :entity)
       AND (:entityId::bigint IS NULL OR l.entity_id = :entityId)
       AND (:action::text IS NULL OR l.action = :action)
       AND (:actorId::bigint IS NULL OR l.actor_user_id = :actorId)
       AND (:since::date IS NULL OR l.created_at >= (:since::date::timestamp AT TIME ZONE store_timezone()))
     ORDER BY l.created_at DESC, l.id DESC
     LIMIT :limit`,
    {
      replacements: { entity: input.entity ?? null, entityId: input.entityId ?? null, action: input.action ?? null, actorId, since: input.since ?? null, limit: input.limit },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at.toISOString(), actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, meta: r.meta }));
}
