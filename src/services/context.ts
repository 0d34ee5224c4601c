import type { Sequelize } from 'sequelize-typescript';
import type { Sql } from '../db/sql';
import type { Actor } from './auth/session';

/** What every use case receives: the database and who is acting (undefined: no login). */
export interface ServiceContext {
  sequelize: Sequelize;
  actor: Actor | undefined;
}

/** For use cases written in plain SQL (src/db/sql.ts): the reports and payOrder. */
export interface SqlContext {
  sql: Sql;
  actor: Actor | undefined;
}

export function actorId(context: { actor: Actor | undefined }): number | null {
  return context.actor?.id ?? null;
}
