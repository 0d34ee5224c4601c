/**
 * Who is running this command: the user behind the token (STORE_TOKEN or the saved one),
 * checked against auth_tokens (unknown, revoked, expired) and the user (inactive), then
 * against the permission table.
 */
import type { Sql } from '../../db/sql';
import { NotAllowedError } from '../../lib/errors';
import type { UserRole } from '../../models/user';
import { accessFor } from './permissions';
import { tokenId } from './tokens';

export interface Actor {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  tokenId: string;
}

export async function authenticate(sql: Sql, token: string): Promise<Actor> {
  const rows = await sql.select<{
    id: number; email: string; name: string; role: UserRole; is_active: boolean; expires_at: Date; revoked_at: Date | null; expired: boolean;
  }>(
    // A function (SECURITY DEFINER), so a read-only role that may not read users or
    // auth_tokens (store_reporting) still authenticates.
    `SELECT id, email, name, role, is_active, expires_at, revoked_at, expired FROM store_token_holder($1)`,
    [tokenId(token)],
  );
  const row = rows[0];
  if (!row) throw new NotAllowedError('the login token is not known to this database: run `store auth:login`');
  if (row.revoked_at) throw new NotAllowedError('the login token was revoked (logged out): run `store auth:login`');
  if (row.expired) throw new NotAllowedError(`the login token expired at ${row.expires_at.toISOString()}: run \`store auth:login\``);
  if (!row.is_active) throw new NotAllowedError(`the account ${row.email} is deactivated`);
  return { id: row.id, email: row.email, name: row.name, role: row.role, tokenId: tokenId(token) };
}

/** Throws NotAllowedError unless the actor's role may run the command. */
export function authorize(commandId: string, actor: Actor | undefined): void {
  const access = accessFor(commandId);
  if (access === undefined) throw new NotAllowedError(`${commandId} is missing from the permission table`);
  if (access === 'operator' || access === 'anyone') return;
  if (!actor) throw new NotAllowedError(`${commandId} needs a login: run \`store auth:login\` or set STORE_TOKEN`);
  if (!access.includes(actor.role)) {
    throw new NotAllowedError(`${commandId} is not allowed to the ${actor.role} role (${actor.email}); it needs ${access.join(' or ')}`);
  }
}
