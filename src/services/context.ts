import type { Sequelize } from 'sequelize-typescript';
import type { Actor } from './auth/session';

/** What every use case receives: the database and who is acting (undefined: no login). */
export interface ServiceContext {
  sequelize: Sequelize;
  actor: Actor | undefined;
}

export function actorId(context: ServiceContext): number | null {
  return context.actor?.id ?? null;
}
