/**
 * A sequelize connection to the database that src/db/target.ts resolves (DATABASE_URL or the
 * embedded server). Loading this module does not load the models; the commands that need
 * them ask for them. Commands that need neither use src/db/sql.ts.
 */
import pg from 'pg';
import { Sequelize } from 'sequelize-typescript';
import './pg-types';
import { translateDatabaseError } from './errors';
import { connectionSettings, redactUrl } from './target';

export { redactUrl, resolveDatabase, type DatabaseTarget } from './target';

export interface ConnectOptions {
  /** Register the models (commands that only run SQL skip their load time). */
  withModels?: boolean;
  logging?: boolean;
  /** Most connections open at once (default 5: one command at a time needs no more). */
  poolMax?: number;
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<Sequelize> {
  const models = options.withModels ? (require('../models') as typeof import('../models')).models : [];
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: pg,
    models,
    logging: options.logging ? (sql: string) => process.stderr.write(`${sql}\n`) : false,
    pool: { max: options.poolMax ?? 5, min: 0, idle: 1000, acquire: 10_000 },
    dialectOptions: connectionSettings(),
    define: { timestamps: false, underscored: true },
  });
  try {
    await sequelize.authenticate();
  } catch (error) {
    await sequelize.close().catch(() => undefined);
    throw translateDatabaseError(error, redactUrl(url));
  }
  return sequelize;
}
