/**
 * Password hashing: argon2id (the OWASP-recommended memory-hard hash) with a random salt per
 * hash, as a PHC string that records its own parameters. Loaded lazily: only the commands
 * that hash or verify pay for the native module.
 */
export const MIN_PASSWORD_LENGTH = 8;

type Argon2 = typeof import('argon2');
const argon2 = (): Argon2 => require('argon2') as Argon2;

export async function hashPassword(password: string): Promise<string> {
  return argon2().hash(password, { type: argon2().argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2().verify(hash, password);
  } catch {
    return false; // a malformed hash never verifies
  }
}
