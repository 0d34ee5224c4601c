/**
 * pg's password hashing (pg/lib/crypto/utils.js: the same exports, the same results), on
 * node:crypto's one-shot functions instead of WebCrypto. The bundle gives pg this module in place
 * of its own (scripts/bundle.js, "pg-crypto"); node_modules keeps pg's.
 *
 * Why: every command logs in to PostgreSQL with SCRAM-SHA-256, whose client side is one PBKDF2
 * (4,096 rounds) and four HMACs. Through WebCrypto (importKey, deriveBits and sign, each a
 * promise settled by the thread pool) that took ~6 ms of a report's start-up here; pbkdf2Sync and
 * createHmac take ~1.5 ms (docs/benchmarks.md, "Start-up"). test/db/pg-crypto.test.ts checks that
 * each function returns what pg's does.
 */
import * as crypto from 'node:crypto';

type Bytes = Buffer | ArrayBuffer | Uint8Array;

const bytes = (data: Bytes): Buffer => (Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));

export function randomBytes(length: number): Buffer {
  return crypto.randomBytes(length);
}

export async function md5(text: string | Buffer): Promise<string> {
  return crypto.createHash('md5').update(text).digest('hex');
}

/** AuthenticationMD5Password (servers configured for md5). */
export async function postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string> {
  const inner = await md5(password + user);
  const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
  return `md5${outer}`;
}

export async function sha256(data: Bytes): Promise<Buffer> {
  return crypto.createHash('sha256').update(bytes(data)).digest();
}

/**
 * A digest by the name pg gives it (SHA-256, SHA-384, SHA512-256…: the certificate's signature
 * hash, for SCRAM's channel binding over TLS); Node spells them sha256, sha384, sha512-256.
 */
export async function hashByName(hashName: string, data: Bytes): Promise<Buffer> {
  return crypto.createHash(hashName.toLowerCase().replace(/^sha-/, 'sha')).update(bytes(data)).digest();
}

export async function hmacSha256(key: Bytes, message: string): Promise<Buffer> {
  return crypto.createHmac('sha256', bytes(key)).update(message, 'utf8').digest();
}

/** SCRAM's SaltedPassword: PBKDF2-HMAC-SHA-256 of the (SASLprepped) password, 32 bytes. */
export async function deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<Buffer> {
  return crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
}
