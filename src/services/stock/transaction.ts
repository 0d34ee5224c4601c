/**
 * A transaction that is tried again when PostgreSQL breaks a deadlock or a serialization
 * conflict by aborting it: the work is all-or-nothing, so running it again is safe.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { Sql } from '../../db/sql';

const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

function sqlState(error: unknown): string | undefined {
  const e = error as { original?: { code?: string }; parent?: { code?: string }; code?: string } | null;
  return e?.original?.code ?? e?.parent?.code ?? e?.code;
}

/** Runs `attempt` (one whole transaction) again, after a short random pause, when it was aborted as a deadlock or serialization victim. */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlState(error);
      if (tries >= ATTEMPTS || !state || !RETRYABLE.has(state)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * tries + Math.random() * 20));
    }
  }
}

export async function retryingTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  return retried(() => sequelize.transaction(work));
}

/** The same over plain SQL (src/db/sql.ts). */
export async function retryingSqlTransaction<T>(sql: Sql, work: (sql: Sql) => Promise<T>): Promise<T> {
  return retried(() => sql.transaction(work));
}
