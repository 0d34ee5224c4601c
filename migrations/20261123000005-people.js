'use strict';
// Medicinal eligibility, reviewer rule, document hashes, reporting role: migrations/sql/005_people.sql.
module.exports = require('./lib/sql-file').sqlMigration('005_people.sql');
