'use strict';
/**
 * sequelize-cli configuration (see .sequelizerc). DATABASE_URL when set; otherwise the
 * embedded server that `store` itself uses, started on demand (needs the build in dist/,
 * which `npm ci` makes).
 */
module.exports = async () => {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const { resolveDatabase } = require('../dist/db/connection');
    url = (await resolveDatabase()).url;
  }
  const config = { url, dialect: 'postgres', logging: false, seederStorage: 'none' };
  return { development: config, test: config, production: config };
};
