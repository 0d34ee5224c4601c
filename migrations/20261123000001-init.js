'use strict';
// Tables, keys, constraints, comments and triggers: migrations/sql/001_init.sql.
module.exports = require('./lib/sql-file').sqlMigration('001_init.sql');
