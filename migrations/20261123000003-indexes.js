'use strict';
// Further indexes: migrations/sql/003_indexes.sql (002_seed.sql is data, applied by the seeder).
module.exports = require('./lib/sql-file').sqlMigration('003_indexes.sql');
