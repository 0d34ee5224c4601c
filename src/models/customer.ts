/** customers: customer subtype of users, 1:1 optional. */
import type { Optional } from 'sequelize';
import { BelongsTo, Column, DataType, ForeignKey, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { ProductReview } from './product-review';
import { User } from './user';

/** customers.loyalty_level: CHECK (loyalty_level IN ('bronze', 'silver', 'gold', 'platinum')). */
export const LOYALTY_LEVELS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export type LoyaltyLevel = (typeof LOYALTY_LEVELS)[number];

export interface CustomerAttributes {
  userId: number;
  registeredAt: Date;
  loyaltyLevel: LoyaltyLevel;
}

export type CustomerCreationAttributes = Optional<CustomerAttributes, 'registeredAt' | 'loyaltyLevel'>;

@Table({ tableName: 'customers', underscored: true, timestamps: false })
export class Customer extends Model<CustomerAttributes, CustomerCreationAttributes> {
  /** Primary key and FK to users. */
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

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  registeredAt!: Date;

  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: 'bronze', validate: { isIn: [LOYALTY_LEVELS] } })
  loyaltyLevel!: LoyaltyLevel;

  @BelongsTo(() => User, 'userId')
  user?: User;

  /** product_reviews.user_id references customers.user_id. */
  @HasMany(() => ProductReview, 'userId')
  reviews?: ProductReview[];
}
