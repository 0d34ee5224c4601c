/** users: everyone who uses the store (customers, staff and admins). */
import type { Optional } from 'sequelize';
import { AutoIncrement, Column, DataType, HasMany, HasOne, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Address } from './address';
import { AuthToken } from './auth-token';
import { Customer } from './customer';
import { MedicinalDocument } from './medicinal-document';
import { Order } from './order';
import { Seller } from './seller';
import { SystemLog } from './system-log';
import { UserProfile } from './user-profile';

/** users.role: CHECK (role IN ('customer', 'admin', 'staff')). */
export const USER_ROLES = ['customer', 'admin', 'staff'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserAttributes {
  id: number;
  name: string;
  email: string;
  rut: string;
  passwordHash: string | null;
  role: UserRole;
  isActive: boolean;
  validatedMedicinal: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type UserCreationAttributes = Optional<
  UserAttributes,
  'id' | 'passwordHash' | 'role' | 'isActive' | 'validatedMedicinal' | 'createdAt' | 'updatedAt'
>;

@Table({ tableName: 'users', underscored: true, timestamps: false })
export class User extends Model<UserAttributes, UserCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @Column({ type: DataType.STRING(200), allowNull: false })
  name!: string;

  /** Stored lower-case (CHECK); unique. */
  @Column({ type: DataType.STRING(254), allowNull: false, unique: 'users_email_key' })
  email!: string;

  /** Canonical RUT 12345678-5; check digit verified by CHECK (rut_is_valid(rut)); unique. */
  @Column({ type: DataType.STRING(12), allowNull: false, unique: 'users_rut_key' })
  rut!: string;

  /** argon2id PHC string; NULL means the user cannot log in. */
  @Column({ type: DataType.STRING(255), allowNull: true })
  passwordHash!: string | null;

  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: 'customer', validate: { isIn: [USER_ROLES] } })
  role!: UserRole;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  isActive!: boolean;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false })
  validatedMedicinal!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger users_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @HasOne(() => UserProfile, 'userId')
  profile?: UserProfile;

  @HasOne(() => Customer, 'userId')
  customer?: Customer;

  @HasOne(() => Seller, 'userId')
  seller?: Seller;

  @HasMany(() => AuthToken, 'userId')
  tokens?: AuthToken[];

  @HasMany(() => Address, 'userId')
  addresses?: Address[];

  /** Medicinal documents this user uploaded. */
  @HasMany(() => MedicinalDocument, 'userId')
  documents?: MedicinalDocument[];

  /** Medicinal documents this user (staff or admin) approved or rejected. */
  @HasMany(() => MedicinalDocument, 'reviewedBy')
  reviewedDocuments?: MedicinalDocument[];

  @HasMany(() => Order, 'userId')
  orders?: Order[];

  /** Audit rows of changes this user made (system_logs.actor_user_id). */
  @HasMany(() => SystemLog, 'actorUserId')
  logs?: SystemLog[];
}
