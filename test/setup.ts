// Mocha root hooks: one PostgreSQL for the whole run (see test/helpers/database.ts).
import 'reflect-metadata';
import { startTestServer, stopTestServer } from './helpers/database';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await startTestServer();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopTestServer();
  },
};
