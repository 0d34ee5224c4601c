/** addresses: shipping addresses of a user; at most one default per user. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Order } from './order';
import { User } from './user';

export interface AddressAttributes {
  id: number;
  userId: number;
  name: string;
  addressLine: string;
  comuna: string;
  region: string;
  notes: string | null;
  isDefault: boolean;
  createdAt: Date;
}

export type AddressCreationAttributes = Optional<AddressAttributes, 'id' | 'notes' | 'isDefault' | 'createdAt'>;

@Table({ tableName: 'addresses', underscored: true, timestamps: false })
export class Address extends Model<AddressAttributes, AddressCreationAttributes> {
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

  @Column({ type: DataType.STRING(100), allowNull: false })
  name!: string;

  @Column({ type: DataType.STRING(300), allowNull: false })
  addressLine!: string;

  /** Official comuna name (CUT 2018); must belong to region. */
  @Column({ type: DataType.STRING(100), allowNull: false })
  comuna!: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  region!: string;

  @Column({ type: DataType.TEXT, allowNull: true })
  notes!: string | null;

  /** One default per user (partial unique index uq_addresses_one_default_per_user). */
  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false })
  isDefault!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsTo(() => User, 'userId')
  user?: User;

  /** Orders shipped to this address (orders.shipping_address_id). */
  @HasMany(() => Order, 'shippingAddressId')
  orders?: Order[];
}
