import { expect } from 'chai';
import { readEnv } from '../../src/lib/env';
import { ValidationError } from '../../src/lib/errors';

describe('readEnv (the environment variables store understands)', () => {
  const DEFAULTS = { STORE_REPORTS_FAST_ROWS: 500_000, PGCONNECT_TIMEOUT: 3, STORE_PREPARED_STATEMENTS: 'on' };

  it('unset or empty, a variable takes its default or stays absent; others in the environment are not read', () => {
    expect(readEnv({})).to.deep.equal(DEFAULTS);
    const empty = { DATABASE_URL: '', STORE_DATA_DIR: '', STORE_TIMEZONE: '', STORE_REPORTS_FAST_ROWS: '', PGCONNECT_TIMEOUT: '', STORE_PREPARED_STATEMENTS: '', DEBUG: '', STORE_SEED_PASSWORD: '' };
    expect(readEnv(empty)).to.deep.equal(DEFAULTS);
    expect(readEnv({ HOME: '/home/tienda', PATH: '/usr/bin' })).to.deep.equal(DEFAULTS);
  });

  it('parses what is set: URLs and paths trimmed, numbers coerced, the rest as given', () => {
    expect(
      readEnv({
        DATABASE_URL: ' postgres://u:p@db:5432/store ',
        STORE_DATA_DIR: '/var/lib/store ',
        STORE_TIMEZONE: 'America/Punta_Arenas',
        STORE_REPORTS_FAST_ROWS: '0',
        PGCONNECT_TIMEOUT: '10',
        STORE_PREPARED_STATEMENTS: 'off',
        DEBUG: '1',
        STORE_SEED_PASSWORD: 'una clave larga',
      }),
    ).to.deep.equal({
      DATABASE_URL: 'postgres://u:p@db:5432/store',
      STORE_DATA_DIR: '/var/lib/store',
      STORE_TIMEZONE: 'America/Punta_Arenas',
      STORE_REPORTS_FAST_ROWS: 0,
      PGCONNECT_TIMEOUT: 10,
      STORE_PREPARED_STATEMENTS: 'off',
      DEBUG: '1',
      STORE_SEED_PASSWORD: 'una clave larga',
    });
  });

  it('parses an environment once while its values stay the same, and again when one changes', () => {
    const env: NodeJS.ProcessEnv = { PGCONNECT_TIMEOUT: '10' };
    const first = readEnv(env);
    expect(readEnv(env)).to.equal(first);
    expect(Object.isFrozen(first)).to.equal(true);
    env.PGCONNECT_TIMEOUT = '20';
    expect(readEnv(env).PGCONNECT_TIMEOUT).to.equal(20);
    env.PGCONNECT_TIMEOUT = 'pronto';
    expect(() => readEnv(env)).to.throw(ValidationError, 'environment variable PGCONNECT_TIMEOUT: must be a number of seconds');
    delete env.PGCONNECT_TIMEOUT;
    expect(readEnv(env).PGCONNECT_TIMEOUT).to.equal(3);
    // Another object with the same values is read on its own.
    expect(readEnv({ PGCONNECT_TIMEOUT: '20' })).to.deep.equal({ ...readEnv({}), PGCONNECT_TIMEOUT: 20 });
  });

  it('names the first bad variable (in the order above) and why, as one ValidationError', () => {
    const refused: Array<[NodeJS.ProcessEnv, string]> = [
      [{ DATABASE_URL: 'mysql://x/y' }, 'environment variable DATABASE_URL: must be a postgres:// or postgresql:// URL'],
      [{ DATABASE_URL: '   ' }, 'environment variable DATABASE_URL: Too small: expected string to have >=1 characters'],
      [{ STORE_DATA_DIR: 'relative/dir' }, 'environment variable STORE_DATA_DIR: must be an absolute path'],
      [{ STORE_TIMEZONE: 'Mars/Olympus' }, 'environment variable STORE_TIMEZONE: must be a time zone name like America/Santiago'],
      [{ STORE_REPORTS_FAST_ROWS: '1.5' }, 'environment variable STORE_REPORTS_FAST_ROWS: must be a whole number'],
      [{ PGCONNECT_TIMEOUT: '0' }, 'environment variable PGCONNECT_TIMEOUT: must be at least 1 second'],
      [{ PGCONNECT_TIMEOUT: 'pronto' }, 'environment variable PGCONNECT_TIMEOUT: must be a number of seconds'],
      [{ STORE_PREPARED_STATEMENTS: 'yes' }, 'environment variable STORE_PREPARED_STATEMENTS: must be on or off'],
      [{ STORE_SEED_PASSWORD: 'corta' }, 'environment variable STORE_SEED_PASSWORD: must have at least 8 characters'],
      [{ PGCONNECT_TIMEOUT: '0', DATABASE_URL: 'nope' }, 'environment variable DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    ];
    for (const [env, message] of refused) {
      let caught: unknown;
      try {
        readEnv(env);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(env)).to.be.instanceOf(ValidationError);
      expect((caught as Error).message, JSON.stringify(env)).to.equal(message);
    }
  });
});
