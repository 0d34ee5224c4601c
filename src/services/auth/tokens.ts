/**
 * Login tokens. A token is `stk_` + 32 random bytes (base64url); the database keeps only its
 * SHA-256 as the jti, so a copy of the database does not hold usable tokens. The CLI saves the
 * token in the user's config directory, readable by the owner only.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { PARSE_ONCE } from '../../lib/validate';

export const TOKEN_PATTERN = /^stk_[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return `stk_${randomBytes(32).toString('base64url')}`;
}

export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const savedToken = z.object({ token: z.string().regex(TOKEN_PATTERN), email: z.string(), expiresAt: z.string() });
export type SavedToken = z.infer<typeof savedToken>;

export function tokenFile(configDir: string): string {
  return path.join(configDir, 'token.json');
}

/** Writes the token file with mode 0600 (atomically: a reader never sees half a file). */
export function saveToken(configDir: string, saved: SavedToken): string {
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const file = tokenFile(configDir);
  const scratch = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(scratch, JSON.stringify(saved, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(scratch, 0o600);
  fs.renameSync(scratch, file);
  return file;
}

export function readSavedToken(configDir: string): SavedToken | undefined {
  const file = tokenFile(configDir);
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new ValidationError(`${file} is not a store token file: run \`store auth:logout\` and log in again`);
  }
  const parsed = savedToken.safeParse(raw, PARSE_ONCE);
  if (!parsed.success) throw new ValidationError(`${file} is not a store token file: run \`store auth:logout\` and log in again`);
  return parsed.data;
}

export function forgetToken(configDir: string): boolean {
  const file = tokenFile(configDir);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file);
  return true;
}

/** The token to act with: STORE_TOKEN, else the saved one. */
export function currentToken(configDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.STORE_TOKEN?.trim();
  if (fromEnv) {
    if (!TOKEN_PATTERN.test(fromEnv)) throw new ValidationError('environment variable STORE_TOKEN: is not a store token (stk_…)');
    return fromEnv;
  }
  return readSavedToken(configDir)?.token;
}
