import { Address, Customer, MedicinalDocument, Seller, UserProfile } from '../../models';
import type { ServiceContext } from '../context';
import { medicinalEligibility, type Eligibility } from './eligibility';
import { findUser } from './find';
import { summarise, type UserSummary } from './schemas';

export interface UserDetails extends UserSummary {
  profile: { phone: string | null; birthdate: string | null; address: string | null; comuna: string | null; region: string | null } | null;
  customer: { loyaltyLevel: string; registeredAt: string } | null;
  seller: { reputation: string; joinedAt: string } | null;
  addresses: Array<{ id: number; name: string; addressLine: string; comuna: string; region: string; isDefault: boolean }>;
  documents: Array<{ id: number; docType: string; status: string; validUntil: string | null; createdAt: string }>;
  medicinal: Eligibility;
}

export async function showUser(context: ServiceContext, reference: string): Promise<UserDetails> {
  const user = await findUser(reference);
  const [profile, customer, seller, addresses, documents, medicinal] = await Promise.all([
    UserProfile.findByPk(user.id),
    Customer.findByPk(user.id),
    Seller.findByPk(user.id),
    Address.findAll({ where: { userId: user.id }, order: [['id', 'ASC']] }),
    MedicinalDocument.findAll({ where: { userId: user.id }, order: [['createdAt', 'DESC'], ['id', 'DESC']] }),
    medicinalEligibility(context.sequelize, user.id),
  ]);
  return {
    ...summarise(user),
    profile: profile ? { phone: profile.phone, birthdate: profile.birthdate, address: profile.address, comuna: profile.comuna, region: profile.region } : null,
    customer: customer ? { loyaltyLevel: customer.loyaltyLevel, registeredAt: new Date(customer.registeredAt).toISOString() } : null,
    seller: seller ? { reputation: seller.reputation, joinedAt: new Date(seller.joinedAt).toISOString() } : null,
    addresses: addresses.map((a) => ({ id: a.id, name: a.name, addressLine: a.addressLine, comuna: a.comuna, region: a.region, isDefault: a.isDefault })),
    documents: documents.map((d) => ({ id: d.id, docType: d.docType, status: d.status, validUntil: d.validUntil, createdAt: new Date(d.createdAt).toISOString() })),
    medicinal,
  };
}
