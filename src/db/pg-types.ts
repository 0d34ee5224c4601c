/**
 * How `pg` reads values, for every connection of this process (sequelize's and plain ones):
 * int8 (ids, counts, sums of cents) as JS numbers, exact up to 2^53, far beyond any amount
 * this store will hold; an id or sum past that would be a bug worth failing on.
 */
import pg from 'pg';

pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`integer ${value} is beyond 2^53`);
  return parsed;
});
