/**
 * src/db/pg-crypto.ts stands in for pg's own pg/lib/crypto/utils.js in the bundle: each function
 * must return what pg's returns for the same input (pg's WebCrypto digests are ArrayBuffers, ours
 * Buffers; pg reads both through Buffer.from). Logging in through the bundle is exercised by every
 * command test; test/build/bundle.test.ts checks that the bundle holds this module and not pg's.
 */
import { expect } from 'chai';
import * as mine from '../../src/db/pg-crypto';

const pg = require('pg/lib/crypto/utils') as typeof mine;

const hex = (value: Buffer | ArrayBuffer | string) => (typeof value === 'string' ? value : Buffer.from(value as ArrayBuffer).toString('hex'));

describe('pg-crypto: pg\'s password hashing on node:crypto', () => {
  const salt = Buffer.from('c2FsdHNhbHRzYWx0c2FsdA==', 'base64');

  it('SCRAM: the salted password, the client and server keys and the signatures are pg\'s', async () => {
    for (const password of ['tienda-dev-2026', 'contraseña con ñ y tildes áé', '', 'x'.repeat(300)]) {
      for (const iterations of [1, 4096]) {
        const [ours, theirs] = [await mine.deriveKey(password, salt, iterations), await pg.deriveKey(password, salt, iterations)];
        expect(hex(ours), `deriveKey(${JSON.stringify(password)}, ${iterations})`).to.equal(hex(theirs));
        expect(ours.length).to.equal(32);
        const clientKey = await mine.hmacSha256(ours, 'Client Key');
        expect(hex(clientKey)).to.equal(hex(await pg.hmacSha256(theirs, 'Client Key')));
        expect(hex(await mine.sha256(clientKey))).to.equal(hex(await pg.sha256(clientKey)));
        const authMessage = 'n=*,r=abc,r=abcdef,s=c2FsdA==,i=4096,c=biws,r=abcdef ñ';
        expect(hex(await mine.hmacSha256(clientKey, authMessage))).to.equal(hex(await pg.hmacSha256(clientKey, authMessage)));
      }
    }
  });

  it('channel binding digests by pg\'s names, md5 logins and random bytes', async () => {
    const certificate = Buffer.from('0123456789abcdef'.repeat(40));
    for (const name of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']) {
      expect(hex(await mine.hashByName(name, certificate)), name).to.equal(hex(await pg.hashByName(name, certificate)));
    }
    // Names WebCrypto lacks (pg's own call would reject), which certificates can name.
    expect((await mine.hashByName('SHA-224', certificate)).length).to.equal(28);
    expect((await mine.hashByName('SHA512-256', certificate)).length).to.equal(32);
    expect(await mine.postgresMd5PasswordHash('store', 'contraseña', Buffer.from([1, 2, 3, 4]))).to.equal(
      await pg.postgresMd5PasswordHash('store', 'contraseña', Buffer.from([1, 2, 3, 4])),
    );
    expect(await mine.md5('abc')).to.equal('900150983cd24fb0d6963f7d28e17f72');
    const random = mine.randomBytes(18);
    expect(Buffer.isBuffer(random)).to.equal(true);
    expect(random.length).to.equal(18);
  });
});
