/**
 * Test factories for people: users with known passwords and ready-made login tokens, written
 * straight to the database (the commands under test are not used to set up their own tests).
 */
import { hashPassword } from '../../src/lib/password';
import { newToken, tokenId } from '../../src/services/auth/tokens';
import type { TestDatabase } from './database';

export const PASSWORD = 'contraseña-de-prueba';
let sequence = 0;

/** A valid RUT that no other factory call returns. */
export function uniqueRut(): string {
  const body = String(20_000_000 + ++sequence * 7 + (process.pid % 1000) * 10_000);
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const expected = 11 - (sum % 11);
  return `${body}-${expected === 11 ? '0' : expected === 10 ? 'K' : expected}`;
}

export interface TestUser {
  id: number;
  email: string;
  role: string;
  token: string;
}

export async function buildUser(db: TestDatabase, overrides: { role?: 'admin' | 'staff' | 'customer'; email?: string; name?: string; active?: boolean; validatedMedicinal?: boolean } = {}): Promise<TestUser> {
  const role = overrides.role ?? 'customer';
  const email = overrides.email ?? `${role}${++sequence}@test.cl`;
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO users (name, email, rut, password_hash, role, is_active, validated_medicinal) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [overrides.name ?? `Persona ${sequence}`, email, uniqueRut(), await hashPassword(PASSWORD), role, overrides.active ?? true, overrides.validatedMedicinal ?? false],
  );
  if (role === 'customer') await db.query('INSERT INTO customers (user_id) VALUES ($1)', [row.id]);
  return { id: row.id, email, role, token: await loginToken(db, row.id) };
}

/** A valid token for the user, as auth:login would issue (expires in an hour unless told). */
export async function loginToken(db: TestDatabase, userId: number, expiresIn = '1 hour'): Promise<string> {
  const token = newToken();
  await db.query(`INSERT INTO auth_tokens (user_id, jti, expires_at) VALUES ($1, $2, now() + $3::interval)`, [userId, tokenId(token), expiresIn]);
  return token;
}

/** Environment for running the CLI as this user against this database. */
export function as(user: TestUser | undefined, db: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: db.url, ...(user ? { STORE_TOKEN: user.token } : {}), ...extra };
}
