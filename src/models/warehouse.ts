/** warehouses: places that hold stock; one is the default for imports and new variants. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { InventoryLevel } from './inventory-level';
import { Seller } from './seller';

export interface WarehouseAttributes {
  id: number;
  sellerId: number | null;
  name: string;
  address: string | null;
  isDefault: boolean;
  createdAt: Date;
}

export type WarehouseCreationAttributes = Optional<
  WarehouseAttributes,
  'id' | 'sellerId' | 'address' | 'isDefault' | 'createdAt'
>;

@Table({ tableName: 'warehouses', underscored: true, timestamps: false })
export class Warehouse extends Model<WarehouseAttributes, WarehouseCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** FK to sellers.user_id (not users.id); NULL for the store's own. */
  @ForeignKey(() => Seller)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'sellers', key: 'user_id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  sellerId!: number | null;

  @Column({ type: DataType.STRING(100), allowNull: false, unique: 'warehouses_name_key' })
  name!: string;

  @Column({ type: DataType.STRING(300), allowNull: true })
  address!: string | null;

  /** At most one default warehouse (partial unique index uq_warehouses_one_default). */
  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false })
  isDefault!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsTo(() => Seller, 'sellerId')
  seller?: Seller | null;

  @HasMany(() => InventoryLevel, 'warehouseId')
  inventoryLevels?: InventoryLevel[];
}
