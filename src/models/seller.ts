/** sellers: seller subtype of users, 1:1 optional; products without a seller belong to the store. */
import type { Optional } from 'sequelize';
import { BelongsTo, Column, DataType, ForeignKey, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Product } from './product';
import { User } from './user';
import { Warehouse } from './warehouse';

export interface SellerAttributes {
  userId: number;
  /** numeric(3,2), returned by pg as a string such as '4.50'. */
  reputation: string;
  joinedAt: Date;
}

export type SellerCreationAttributes = Optional<SellerAttributes, 'reputation' | 'joinedAt'>;

@Table({ tableName: 'sellers', underscored: true, timestamps: false })
export class Seller extends Model<SellerAttributes, SellerCreationAttributes> {
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

  /** Average seller rating, 0 to 5 (CHECK). */
  @Column({ type: DataType.DECIMAL(3, 2), allowNull: false, defaultValue: 0 })
  reputation!: string;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  joinedAt!: Date;

  @BelongsTo(() => User, 'userId')
  user?: User;

  /** products.seller_id references sellers.user_id. */
  @HasMany(() => Product, 'sellerId')
  products?: Product[];

  /** warehouses.seller_id references sellers.user_id. */
  @HasMany(() => Warehouse, 'sellerId')
  warehouses?: Warehouse[];
}
