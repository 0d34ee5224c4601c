'use strict';
/**
 * The seed data of seed 000 §4: migrations/sql/002_seed.sql, run in one transaction.
 * Idempotent (the SQL matches every row on its natural key). The two accounts get an
 * argon2id hash of STORE_SEED_PASSWORD (a salt each) when it is set, else the file's hashes
 * of the development default password.
 *
 * CommonJS on purpose: sequelize-cli loads seeders with require(); `store db:seed` runs this
 * same file.
 */
const argon2 = require('argon2');
const { readSql } = require('../migrations/lib/sql-file');

const DEFAULT_PASSWORD = 'tienda-dev-2026';

const ACCOUNTS = ['admin@store.test', 'cliente@store.test'];

/** {email: argon2id hash} with a salt of its own per account, or '' for the SQL defaults. */
async function passwordHashes(password) {
  if (password === undefined || password === '') return '';
  if (password.length < 8) throw new Error('STORE_SEED_PASSWORD must have at least 8 characters');
  const hashes = {};
  for (const email of ACCOUNTS) hashes[email] = await argon2.hash(password, { type: argon2.argon2id });
  return JSON.stringify(hashes);
}

module.exports = {
  ACCOUNTS,
  DEFAULT_PASSWORD,
  async up(queryInterface) {
    const hashes = await passwordHashes(process.env.STORE_SEED_PASSWORD);
    const { sequelize } = queryInterface;
    await sequelize.transaction(async (transaction) => {
      await sequelize.query("SELECT set_config('store.seed_password_hashes', :hashes, true)", { replacements: { hashes }, transaction });
      await sequelize.query(readSql('002_seed.sql'), { transaction, raw: true });
    });
  },
  async down(queryInterface) {
    const { sequelize } = queryInterface;
    await sequelize.transaction(async (transaction) => {
      await sequelize.query(readSql('down/002_seed.sql'), { transaction, raw: true });
    });
  },
};
