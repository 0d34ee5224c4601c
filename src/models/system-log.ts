/** system_logs: audit trail, one row per change made through the tool. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { User } from './user';

export interface SystemLogAttributes {
  id: number;
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId: number | null;
  meta: Record<string, unknown>;
  createdAt: Date;
}

export type SystemLogCreationAttributes = Optional<
  SystemLogAttributes,
  'id' | 'actorUserId' | 'entityId' | 'meta' | 'createdAt'
>;

@Table({ tableName: 'system_logs', underscored: true, timestamps: false })
export class SystemLog extends Model<SystemLogAttributes, SystemLogCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** The user who made the change; NULL for the system itself (migrations, seeds). */
  @ForeignKey(() => User)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'users', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  actorUserId!: number | null;

  @Column({ type: DataType.STRING(80), allowNull: false })
  action!: string;

  /** Table name of the changed row. */
  @Column({ type: DataType.STRING(60), allowNull: false })
  entity!: string;

  /** Id of the changed row in the table named by entity (not a FK). */
  @Column({ type: DataType.BIGINT, allowNull: true })
  entityId!: number | null;

  /** Before/after of what changed; never a password or token. */
  @Column({ type: DataType.JSONB, allowNull: false, defaultValue: {} })
  meta!: Record<string, unknown>;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsTo(() => User, 'actorUserId')
  actor?: User | null;
}
