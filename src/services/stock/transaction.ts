/**
 * A transaction that is tried again when PostgreSQL breaks a deadlock or a serialization
 * conflict by aborting it: the work is all-or-nothing, so running it again is safe.
 */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';

const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

function sqlState(error: unknown): string | undefined {
  const e = error as { original?: { code?: string }; parent?: { code?: string }; code?: string } | null;
  return e?.original?.code ?? e?.parent?.code ?? e?.code;
}

export async function retryingTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(work);
    } catch (error) {
      const state = sqlState(error);
      if (attempt >= ATTEMPTS || !state || !RETRYABLE.has(state)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
