/** Input shapes shared by the user use cases, with the checks people's data needs. */
import { z } from 'zod';
import { resolvePlace } from '../../lib/chile';
import { email, isoDate, password, phone, rut, text } from '../../lib/validation';
import { USER_ROLES, type User } from '../../models';

export const role = z.enum(USER_ROLES, { message: `must be one of ${USER_ROLES.join(', ')}` });

const birthdate = isoDate.refine((value) => value >= '1900-01-02' && value <= new Date().toISOString().slice(0, 10), 'must be between 1900-01-02 and today');

/** Profile fields; comuna and region go together and the comuna must belong to the region. */
export const profileFields = z
  .object({
    phone: phone.optional(),
    birthdate: birthdate.optional(),
    address: text(300).optional(),
    comuna: text(100).optional(),
    region: text(100).optional(),
  })
  .transform((profile, ctx) => {
    if ((profile.comuna === undefined) !== (profile.region === undefined)) {
      ctx.addIssue({ code: 'custom', path: [profile.comuna === undefined ? 'comuna' : 'region'], message: 'is required with --comuna and --region together' });
      return z.NEVER;
    }
    if (profile.comuna !== undefined && profile.region !== undefined) {
      const place = resolvePlace(profile.comuna, profile.region);
      if (!place.ok) {
        ctx.addIssue({ code: 'custom', path: [place.field], message: place.reason });
        return z.NEVER;
      }
      return { ...profile, comuna: place.comuna, region: place.region };
    }
    return profile;
  });

export const newUser = z
  .object({
    name: text(200),
    email,
    rut,
    role: role.default('customer'),
    password: password.optional(),
    seller: z.boolean().default(false),
    validatedMedicinal: z.boolean().default(false),
  })
  .and(profileFields);
export type NewUserInput = z.input<typeof newUser>;

/** What commands show of a user: never the password hash. */
export interface UserSummary {
  id: number;
  name: string;
  email: string;
  rut: string;
  role: string;
  isActive: boolean;
  validatedMedicinal: boolean;
  createdAt: string;
}

export function summarise(user: User): UserSummary {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    rut: user.rut,
    role: user.role,
    isActive: user.isActive,
    validatedMedicinal: user.validatedMedicinal,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

export const USER_LABELS: Record<string, string> = { password: '--password-stdin', validatedMedicinal: '--validated-medicinal' };
