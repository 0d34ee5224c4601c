/** users:update, users:deactivate and users:profile: each change audited with before/after. */
import { QueryTypes, type Transaction } from 'sequelize';
import { z } from 'zod';
import { RuleViolation, ValidationError } from '../../lib/errors';
import { hashPassword } from '../../lib/password';
import { email, password, rut, text, validate } from '../../lib/validation';
import { Customer, User, UserProfile } from '../../models';
import { audit, changedFields } from '../audit';
import type { ServiceContext } from '../context';
import { findUser } from './find';
import { profileFields, role, summarise, USER_LABELS, type UserSummary } from './schemas';

const userChanges = z.object({
  name: text(200).optional(),
  email: email.optional(),
  rut: rut.optional(),
  role: role.optional(),
  validatedMedicinal: z.boolean().optional(),
  password: password.optional(),
  active: z.boolean().optional(),
});

/** Refuses a change that would leave the store without an active admin. */
async function keepAnAdmin(context: ServiceContext, user: User, transaction: Transaction): Promise<void> {
  await context.sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('store.bootstrap-admin'))`, { transaction });
  const [{ others }] = await context.sequelize.query<{ others: number }>(
    `SELECT count(*)::int AS others FROM users WHERE role = 'admin' AND is_active AND id <> :id`,
    { replacements: { id: user.id }, type: QueryTypes.SELECT, transaction },
  );
  if (others === 0) throw new RuleViolation(`${user.email} is the last active admin: make another admin first`);
}

export async function updateUser(context: ServiceContext, reference: string, raw: z.input<typeof userChanges>): Promise<UserSummary & { changed: string[] }> {
  const changes = validate(userChanges, raw, USER_LABELS);
  const fields = Object.keys(changes).filter((key) => changes[key as keyof typeof changes] !== undefined);
  if (fields.length === 0) throw new ValidationError('nothing to change: give at least one flag (see --help)');
  const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const user = await findUser(reference, transaction);
    const before = summarise(user);
    const losesAdmin = user.role === 'admin' && user.isActive && ((changes.role && changes.role !== 'admin') || changes.active === false);
    if (losesAdmin) await keepAnAdmin(context, user, transaction);
    if (changes.email && changes.email !== user.email && (await User.findOne({ where: { email: changes.email }, transaction }))) {
      throw new RuleViolation(`a user with e-mail ${changes.email} already exists`);
    }
    if (changes.rut && changes.rut !== user.rut && (await User.findOne({ where: { rut: changes.rut }, transaction }))) {
      throw new RuleViolation(`a user with RUT ${changes.rut} already exists`);
    }
    user.set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.email !== undefined && { email: changes.email }),
      ...(changes.rut !== undefined && { rut: changes.rut }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.validatedMedicinal !== undefined && { validatedMedicinal: changes.validatedMedicinal }),
      ...(changes.active !== undefined && { isActive: changes.active }),
      ...(passwordHash !== undefined && { passwordHash }),
    });
    await user.save({ transaction });
    if (user.role === 'customer') await Customer.findOrCreate({ where: { userId: user.id }, transaction });
    // A deactivated account, or a new password, ends every open login of that user.
    if (changes.active === false || passwordHash !== undefined) {
      await sequelize.query(`UPDATE auth_tokens SET revoked_at = now() WHERE user_id = :id AND revoked_at IS NULL`, { replacements: { id: user.id }, transaction });
    }
    await user.reload({ transaction });
    const after = summarise(user);
    const diff = changedFields(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
    await audit(sequelize, transaction, {
      actorId: context.actor?.id ?? null,
      action: changes.active === false && fields.length === 1 ? 'users.deactivate' : 'users.update',
      entity: 'users',
      entityId: user.id,
      before: diff.before,
      after: diff.after,
      ...(passwordHash !== undefined ? { meta: { passwordChanged: true } } : {}),
    });
    return { ...after, changed: [...Object.keys(diff.after), ...(passwordHash !== undefined ? ['password'] : [])] };
  });
}

export async function deactivateUser(context: ServiceContext, reference: string): Promise<UserSummary & { changed: string[] }> {
  return updateUser(context, reference, { active: false });
}

export interface ProfileResult {
  userId: number;
  profile: { phone: string | null; birthdate: string | null; address: string | null; comuna: string | null; region: string | null };
}

export async function setProfile(context: ServiceContext, reference: string, raw: z.input<typeof profileFields>): Promise<ProfileResult> {
  const changes = validate(profileFields, raw);
  if (Object.values(changes).every((value) => value === undefined)) throw new ValidationError('nothing to change: give --phone, --birthdate, --address or --comuna with --region');
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const user = await findUser(reference, transaction);
    const existing = await UserProfile.findByPk(user.id, { transaction, lock: transaction.LOCK.UPDATE });
    const pick = (p: UserProfile | null) => ({ phone: p?.phone ?? null, birthdate: p?.birthdate ?? null, address: p?.address ?? null, comuna: p?.comuna ?? null, region: p?.region ?? null });
    const before = pick(existing);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const profile = existing ? await existing.update(defined, { transaction }) : await UserProfile.create({ userId: user.id, ...defined }, { transaction });
    const after = pick(profile);
    const diff = changedFields(before, after);
    await audit(sequelize, transaction, { actorId: context.actor?.id ?? null, action: 'users.profile', entity: 'user_profiles', entityId: user.id, before: diff.before, after: diff.after });
    return { userId: user.id, profile: after };
  });
}
