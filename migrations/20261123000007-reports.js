'use strict';
// Refunds per day, parameterised report functions, view freshness, token lookup for the reporting role: migrations/sql/007_reports.sql.
module.exports = require('./lib/sql-file').sqlMigration('007_reports.sql');
