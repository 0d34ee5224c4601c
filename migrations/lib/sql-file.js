'use strict';
/**
 * Migrations and seeders are thin wrappers around the SQL deliverables in migrations/sql/:
 * those files are the single source of the schema. Each wrapper runs its file in one
 * transaction, so a failed or killed step leaves the database as it was.
 *
 * CommonJS on purpose: sequelize-cli loads migrations with require().
 */
const fs = require('node:fs');
const path = require('node:path');

const SQL_DIR = path.join(__dirname, '..', 'sql');

/**
 * The SQL of a file, to run inside a transaction we hold: the files carry BEGIN/COMMIT
 * lines for psql users, which are dropped here.
 */
function readSql(relative) {
  return fs.readFileSync(path.join(SQL_DIR, relative), 'utf8').replace(/^(BEGIN|COMMIT);\s*$/gm, '');
}

/**
 * A sequelize-cli migration that applies `file` up and `down/<file>` down. `sql` names the
 * files so that `store db:migrate` can run them itself and record the migration in the same
 * transaction.
 */
function sqlMigration(file) {
  const sql = { up: file, down: path.join('down', file) };
  const run = (relative) => async (queryInterface) => {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(readSql(relative), { transaction, raw: true });
    });
  };
  return { sql, up: run(sql.up), down: run(sql.down) };
}

module.exports = { SQL_DIR, readSql, sqlMigration };
