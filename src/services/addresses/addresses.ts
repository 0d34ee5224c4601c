/**
 * A user's shipping addresses. One default per user (the partial unique index
 * uq_addresses_one_default_per_user is the guard; the user row is locked so that two
 * changes of default queue instead of failing).
 */
import type { Transaction } from 'sequelize';
import { z } from 'zod';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { resolvePlace } from '../../lib/chile';
import { id, text, validate } from '../../lib/validation';
import { Address, Order, User } from '../../models';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { findUser } from '../users/find';

export interface AddressView {
  id: number;
  userId: number;
  name: string;
  addressLine: string;
  comuna: string;
  region: string;
  notes: string | null;
  isDefault: boolean;
}

const view = (a: Address): AddressView => ({ id: a.id, userId: a.userId, name: a.name, addressLine: a.addressLine, comuna: a.comuna, region: a.region, notes: a.notes, isDefault: a.isDefault });

const newAddress = z
  .object({
    user: z.string().trim().min(1, 'is required'),
    name: text(100),
    line: text(300),
    comuna: text(100),
    region: text(100),
    notes: text(1000).optional(),
    default: z.boolean().default(false),
  })
  .transform((input, ctx) => {
    const place = resolvePlace(input.comuna, input.region);
    if (!place.ok) {
      ctx.addIssue({ code: 'custom', path: [place.field], message: place.reason });
      return z.NEVER;
    }
    return { ...input, comuna: place.comuna, region: place.region };
  });

async function lockUser(user: User, transaction: Transaction): Promise<void> {
  await User.findByPk(user.id, { transaction, lock: transaction.LOCK.UPDATE });
}

export async function addAddress(context: ServiceContext, raw: z.input<typeof newAddress>): Promise<AddressView> {
  const input = validate(newAddress, raw);
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const user = await findUser(input.user, transaction);
    await lockUser(user, transaction);
    const count = await Address.count({ where: { userId: user.id }, transaction });
    // The first address is the default; a new default replaces the old one.
    const isDefault = input.default || count === 0;
    if (isDefault) await Address.update({ isDefault: false }, { where: { userId: user.id, isDefault: true }, transaction });
    const address = await Address.create(
      { userId: user.id, name: input.name, addressLine: input.line, comuna: input.comuna, region: input.region, notes: input.notes ?? null, isDefault },
      { transaction },
    );
    await audit(sequelize, transaction, { actorId: context.actor?.id ?? null, action: 'addresses.add', entity: 'addresses', entityId: address.id, after: view(address) });
    return view(address);
  });
}

export async function listAddresses(_context: ServiceContext, userReference: string): Promise<AddressView[]> {
  const user = await findUser(userReference);
  const addresses = await Address.findAll({ where: { userId: user.id }, order: [['isDefault', 'DESC'], ['id', 'ASC']] });
  return addresses.map(view);
}

async function findAddress(reference: string, transaction: Transaction): Promise<Address> {
  const addressId = validate(id, reference, { '': 'ID' });
  const address = await Address.findByPk(addressId, { transaction, lock: transaction.LOCK.UPDATE });
  if (!address) throw new NotFoundError(`no address ${addressId}`);
  return address;
}

export async function setDefaultAddress(context: ServiceContext, reference: string): Promise<AddressView> {
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    // Lock order: the user row first, then their addresses (as addresses:add does), so two
    // changes of default queue on the user instead of deadlocking on each other's rows.
    const addressId = validate(id, reference, { '': 'ID' });
    const owner = await Address.findByPk(addressId, { transaction });
    if (!owner) throw new NotFoundError(`no address ${addressId}`);
    await User.findByPk(owner.userId, { transaction, lock: transaction.LOCK.UPDATE });
    const address = await findAddress(reference, transaction);
    const previous = await Address.findOne({ where: { userId: address.userId, isDefault: true }, transaction });
    if (previous?.id !== address.id) {
      await Address.update({ isDefault: false }, { where: { userId: address.userId, isDefault: true }, transaction });
      await address.update({ isDefault: true }, { transaction });
      await audit(sequelize, transaction, {
        actorId: context.actor?.id ?? null,
        action: 'addresses.set-default',
        entity: 'addresses',
        entityId: address.id,
        before: { defaultAddressId: previous?.id ?? null },
        after: { defaultAddressId: address.id },
      });
    }
    return view(address);
  });
}

export async function removeAddress(context: ServiceContext, reference: string): Promise<AddressView> {
  const { sequelize } = context;
  return sequelize.transaction(async (transaction) => {
    const address = await findAddress(reference, transaction);
    const orders = await Order.count({ where: { shippingAddressId: address.id }, transaction });
    if (orders > 0) throw new RuleViolation(`address ${address.id} is used by ${orders} order(s) and stays on record`);
    const removed = view(address);
    await address.destroy({ transaction });
    await audit(sequelize, transaction, { actorId: context.actor?.id ?? null, action: 'addresses.remove', entity: 'addresses', entityId: removed.id, before: removed });
    return removed;
  });
}
