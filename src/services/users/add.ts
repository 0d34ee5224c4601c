/**
 * users:add. A staff member or admin must also get a password (they log in); a customer
 * may have none (created at the counter). With no login at all, only the first admin of
 * an empty store can be created: the bootstrap path.
 */
import { QueryTypes } from 'sequelize';
import { NotAllowedError, RuleViolation, ValidationError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import { hashPassword } from '../../lib/password';
import { Customer, Seller, User, UserProfile } from '../../models';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { newUser, summarise, USER_LABELS, type NewUserInput, type UserSummary } from './schemas';

export async function addUser(context: ServiceContext, raw: NewUserInput): Promise<UserSummary & { bootstrap: boolean }> {
  const input = validate(newUser, raw, USER_LABELS);
  if (input.role !== 'customer' && !input.password) {
    throw new ValidationError(`--password-stdin: a ${input.role} logs in, so needs a password`);
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const bootstrap = !context.actor;
    if (bootstrap) {
      // Serialise bootstraps so two racing processes cannot both create "the first" admin.
      await sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('store.bootstrap-admin'))`, { transaction });
      const [{ admins }] = await sequelize.query<{ admins: number }>(`SELECT count(*)::int AS admins FROM users WHERE role = 'admin'`, { type: QueryTypes.SELECT, transaction });
      if (admins > 0 || input.role !== 'admin') {
        throw new NotAllowedError('users:add needs a login: run `store auth:login` (without one, only the first admin of an empty store can be created)');
      }
    }
    const clash = await User.findOne({ where: { email: input.email }, transaction });
    if (clash) throw new RuleViolation(`a user with e-mail ${input.email} already exists (id ${clash.id})`);
    const rutClash = await User.findOne({ where: { rut: input.rut }, transaction });
    if (rutClash) throw new RuleViolation(`a user with RUT ${input.rut} already exists (${rutClash.email})`);

    const user = await User.create(
      { name: input.name, email: input.email, rut: input.rut, role: input.role, passwordHash, validatedMedicinal: input.validatedMedicinal },
      { transaction },
    );
    if (input.role === 'customer') await Customer.create({ userId: user.id }, { transaction });
    if (input.seller) await Seller.create({ userId: user.id }, { transaction });
    const profile = { phone: input.phone, birthdate: input.birthdate, address: input.address, comuna: input.comuna, region: input.region };
    const hasProfile = Object.values(profile).some((value) => value !== undefined);
    if (hasProfile) await UserProfile.create({ userId: user.id, ...profile }, { transaction });

    const summary = summarise(user);
    await audit(sequelize, transaction, {
      actorId: context.actor?.id ?? null,
      action: bootstrap ? 'users.bootstrap-admin' : 'users.add',
      entity: 'users',
      entityId: user.id,
      after: { ...summary, customer: input.role === 'customer', seller: input.seller, ...(hasProfile ? { profile } : {}) },
    });
    return { ...summary, bootstrap };
  });
}
