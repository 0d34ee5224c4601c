/** user_profiles: optional personal data of a user, 1:1 with users. */
import type { Optional } from 'sequelize';
import { BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { User } from './user';

export interface UserProfileAttributes {
  userId: number;
  phone: string | null;
  /** date: 'YYYY-MM-DD'. */
  birthdate: string | null;
  address: string | null;
  comuna: string | null;
  region: string | null;
  updatedAt: Date;
}

export type UserProfileCreationAttributes = Optional<UserProfileAttributes, 'updatedAt'>;

@Table({ tableName: 'user_profiles', underscored: true, timestamps: false })
export class UserProfile extends Model<UserProfileAttributes, UserProfileCreationAttributes> {
  /** Primary key and FK to users (1:1). */
  @PrimaryKey
  @ForeignKey(() => User)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'users', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  userId!: number;

  @Column({ type: DataType.STRING(30), allowNull: true })
  phone!: string | null;

  @Column({ type: DataType.DATEONLY, allowNull: true })
  birthdate!: string | null;

  @Column({ type: DataType.STRING(300), allowNull: true })
  address!: string | null;

  /** Official comuna name (CUT 2018); must belong to region. */
  @Column({ type: DataType.STRING(100), allowNull: true })
  comuna!: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true })
  region!: string | null;

  /** Kept by the trigger user_profiles_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => User, 'userId')
  user?: User;
}
