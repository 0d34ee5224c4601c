/** auth_tokens: login sessions issued by auth:login. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { User } from './user';

export interface AuthTokenAttributes {
  id: number;
  userId: number;
  jti: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type AuthTokenCreationAttributes = Optional<AuthTokenAttributes, 'id' | 'createdAt' | 'revokedAt'>;

@Table({ tableName: 'auth_tokens', underscored: true, timestamps: false })
export class AuthToken extends Model<AuthTokenAttributes, AuthTokenCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @ForeignKey(() => User)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'users', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  userId!: number;

  /** Unique token id; the secret part of a token is never stored. */
  @Column({ type: DataType.STRING(64), allowNull: false, unique: 'auth_tokens_jti_key' })
  jti!: string;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @Column({ type: DataType.DATE, allowNull: false })
  expiresAt!: Date;

  @Column({ type: DataType.DATE, allowNull: true })
  revokedAt!: Date | null;

  @BelongsTo(() => User, 'userId')
  user?: User;
}
