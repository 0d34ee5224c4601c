'use strict';
// Analytics views and their materialized copies: migrations/sql/004_views.sql.
module.exports = require('./lib/sql-file').sqlMigration('004_views.sql');
