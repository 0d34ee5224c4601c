/** coupons: discount codes; used_count grows only when an order using it is paid. */
import type { Optional } from 'sequelize';
import { AutoIncrement, Column, DataType, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Order } from './order';

/** coupons.type: CHECK (type IN ('percent', 'fixed')). */
export const COUPON_TYPES = ['percent', 'fixed'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

export interface CouponAttributes {
  id: number;
  code: string;
  type: CouponType;
  valueCents: number | null;
  percentValue: number | null;
  minOrderCents: number;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  usedCount: number;
  isActive: boolean;
  createdAt: Date;
}

export type CouponCreationAttributes = Optional<
  CouponAttributes,
  | 'id'
  | 'valueCents'
  | 'percentValue'
  | 'minOrderCents'
  | 'startsAt'
  | 'endsAt'
  | 'usageLimit'
  | 'usedCount'
  | 'isActive'
  | 'createdAt'
>;

/**
 * CHECK coupons_value_matches_type: type percent has percent_value and no value_cents;
 * type fixed has value_cents and no percent_value.
 */
@Table({ tableName: 'coupons', underscored: true, timestamps: false })
export class Coupon extends Model<CouponAttributes, CouponCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** Unique, stored upper-case so that codes are case-insensitive. */
  @Column({ type: DataType.STRING(40), allowNull: false, unique: 'coupons_code_key' })
  code!: string;

  @Column({ type: DataType.STRING(10), allowNull: false, validate: { isIn: [COUPON_TYPES] } })
  type!: CouponType;

  /** Amount off for type fixed. */
  @Column({ type: DataType.BIGINT, allowNull: true })
  valueCents!: number | null;

  /** Percent off (1-100) for type percent. */
  @Column({ type: DataType.SMALLINT, allowNull: true })
  percentValue!: number | null;

  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: 0 })
  minOrderCents!: number;

  @Column({ type: DataType.DATE, allowNull: true })
  startsAt!: Date | null;

  @Column({ type: DataType.DATE, allowNull: true })
  endsAt!: Date | null;

  @Column({ type: DataType.INTEGER, allowNull: true })
  usageLimit!: number | null;

  /** Paid orders that used the coupon; never above usage_limit (CHECK). */
  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  usedCount!: number;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  isActive!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @HasMany(() => Order, 'couponId')
  orders?: Order[];
}
