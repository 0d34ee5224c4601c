/**
 * The audit trail: one system_logs row per change, written in the transaction of the change.
 * Secrets never enter it: keys that name one are dropped at any depth.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { sqlOf, type Sql } from '../db/sql';

const SECRET_KEY = /pass(word)?|hash|token|jti|secret/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !SECRET_KEY.test(key))
        .map(([key, inner]) => [key, redact(inner)]),
    );
  }
  return value;
}

export interface AuditEntry {
  actorId: number | null;
  /** dotted verb, e.g. users.add, documents.approve */
  action: string;
  /** the table changed */
  entity: string;
  entityId: number | null;
  before?: object | null;
  after?: object | null;
  meta?: Record<string, unknown>;
}

/** Only the keys whose values differ, for a before/after pair. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const keys = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, after[k]])) };
}

export async function audit(sequelize: Sequelize, transaction: Transaction, entry: AuditEntry): Promise<void> {
  await recordAudit(sqlOf(sequelize, transaction), entry);
}

/** audit() over plain SQL (src/db/sql.ts), inside the transaction `sql` runs in. */
export async function recordAudit(sql: Sql, entry: AuditEntry): Promise<void> {
  const meta = redact({ ...(entry.meta ?? {}), ...(entry.before !== undefined ? { before: entry.before } : {}), ...(entry.after !== undefined ? { after: entry.after } : {}) });
  await sql.select('INSERT INTO system_logs (actor_user_id, action, entity, entity_id, meta) VALUES ($1, $2, $3, $4, CAST($5 AS jsonb))', [
    entry.actorId,
    entry.action,
    entry.entity,
    entry.entityId,
    JSON.stringify(meta),
  ]);
}
