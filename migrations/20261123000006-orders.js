'use strict';
// Stock allocations of order lines, line promotions, paid-order guards: migrations/sql/006_orders.sql.
module.exports = require('./lib/sql-file').sqlMigration('006_orders.sql');
