import type { Transaction } from 'sequelize';
import { NotFoundError } from '../../lib/errors';
import { email as emailSchema } from '../../lib/validation';
import { User } from '../../models';

/**
 * A user named the way people name them: an e-mail (any case) or a numeric id. With a
 * transaction, the row is locked for update.
 */
export async function findUser(reference: string, transaction?: Transaction): Promise<User> {
  const trimmed = reference.trim();
  const lock = transaction ? { transaction, lock: transaction.LOCK.UPDATE } : {};
  let user: User | null = null;
  if (/^[1-9][0-9]{0,15}$/.test(trimmed)) {
    user = await User.findByPk(Number(trimmed), lock);
  } else {
    const parsed = emailSchema.safeParse(trimmed);
    if (parsed.success) user = await User.findOne({ where: { email: parsed.data }, ...lock });
  }
  if (!user) throw new NotFoundError(`no user ${JSON.stringify(trimmed)} (give an e-mail or an id)`);
  return user;
}
