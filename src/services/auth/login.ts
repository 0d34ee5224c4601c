/**
 * auth:login, auth:logout, auth:whoami. A failed login says the same thing whether the
 * e-mail or the password was wrong, and costs the same argon2 verification either way.
 */
import { sqlOf } from '../../db/sql';
import { NotAllowedError } from '../../lib/errors';
import { verifyPassword } from '../../lib/password';
import { duration, email, validate } from '../../lib/validation';
import { AuthToken, User } from '../../models';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { authenticate } from './session';
import { newToken, tokenId } from './tokens';

// A well-formed argon2id hash of a random password: verified against when the e-mail is
// unknown, so that timing does not tell which e-mails exist.
const DECOY_HASH = '$argon2id$v=19$m=65536,p=4,t=3$3Onp4bdVZqutyuRS1dGHnA$ssCYqgxba/qjIk82/IrsUYu+ZRKqhzrwypslSiYe0o8';

/** Token lifetime: 1 hour to 1 year, written like 12h, 30d or 90m. */
export const ttl = duration.refine((seconds) => seconds >= 3600 && seconds <= 366 * 86_400, 'must be between 1h and 366d');

export interface LoginResult {
  token: string;
  email: string;
  role: string;
  expiresAt: string;
}

export async function login(context: ServiceContext, input: { email: string; password: string; ttl?: string }): Promise<LoginResult> {
  const address = validate(email, input.email, { '': '--email' });
  const seconds = validate(ttl, input.ttl ?? '12h', { '': '--ttl' });
  const user = await User.findOne({ where: { email: address } });
  const verified = await verifyPassword(user?.passwordHash ?? DECOY_HASH, input.password);
  if (!user || !verified) throw new NotAllowedError('wrong e-mail or password');
  if (!user.isActive) throw new NotAllowedError(`the account ${user.email} is deactivated`);
  const token = newToken();
  const { sequelize } = context;
  const expiresAt = await sequelize.transaction(async (transaction) => {
    const row = await AuthToken.create({ userId: user.id, jti: tokenId(token), expiresAt: new Date(Date.now() + seconds * 1000) }, { transaction });
    await audit(sequelize, transaction, { actorId: user.id, action: 'auth.login', entity: 'auth_tokens', entityId: row.id, after: { userId: user.id, expiresAt: row.expiresAt } });
    return row.expiresAt;
  });
  return { token, email: user.email, role: user.role, expiresAt: new Date(expiresAt).toISOString() };
}

/** Revokes the token (if the database knows it); true when one was revoked. */
export async function logout(context: ServiceContext, token: string): Promise<boolean> {
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const row = await AuthToken.findOne({ where: { jti: tokenId(token) }, transaction, lock: transaction.LOCK.UPDATE });
    if (!row || row.revokedAt) return false;
    await row.update({ revokedAt: new Date() }, { transaction });
    await audit(sequelize, transaction, { actorId: row.userId, action: 'auth.logout', entity: 'auth_tokens', entityId: row.id, after: { revokedAt: row.revokedAt } });
    return true;
  });
}

export interface WhoAmI {
  id: number;
  email: string;
  name: string;
  role: string;
  expiresAt: string;
}

export async function whoami(context: ServiceContext, token: string): Promise<WhoAmI> {
  const actor = await authenticate(sqlOf(context.sequelize), token);
  const row = await AuthToken.findOne({ where: { jti: actor.tokenId }, rejectOnEmpty: true });
  return { id: actor.id, email: actor.email, name: actor.name, role: actor.role, expiresAt: new Date(row.expiresAt).toISOString() };
}
