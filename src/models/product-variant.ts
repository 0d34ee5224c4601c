/** product_variants: sellable variants of a product (1g, 5g, M, L…). */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, HasMany, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { InventoryLevel } from './inventory-level';
import { OrderItem } from './order-item';
import { PriceHistory } from './price-history';
import { Product } from './product';

export interface ProductVariantAttributes {
  id: number;
  productId: number;
  sku: string;
  optionLabel: string;
  size: string | null;
  color: string | null;
  priceCents: number;
  stock: number;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ProductVariantCreationAttributes = Optional<
  ProductVariantAttributes,
  'id' | 'size' | 'color' | 'stock' | 'isActive' | 'createdAt' | 'updatedAt'
>;

@Table({ tableName: 'product_variants', underscored: true, timestamps: false })
export class ProductVariant extends Model<ProductVariantAttributes, ProductVariantCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  @ForeignKey(() => Product)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'products', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  productId!: number;

  /** Unique stock-keeping unit; imports match variants on it. */
  @Column({ type: DataType.STRING(64), allowNull: false, unique: 'product_variants_sku_key' })
  sku!: string;

  @Column({ type: DataType.STRING(60), allowNull: false })
  optionLabel!: string;

  @Column({ type: DataType.STRING(30), allowNull: true })
  size!: string | null;

  @Column({ type: DataType.STRING(30), allowNull: true })
  color!: string | null;

  /**
   * Current unit price in integer cents. Every change is written to price_history by the
   * trigger product_variants_price_history.
   */
  @Column({ type: DataType.BIGINT, allowNull: false })
  priceCents!: number;

  /**
   * Always the sum of inventory.quantity_available over warehouses, maintained by the
   * triggers inventory_stock_after_*; a direct write that disagrees is refused by
   * product_variants_stock_is_derived. Change InventoryLevel rows instead, and never set
   * this attribute (on insert the default 0 matches a variant without inventory).
   */
  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  stock!: number;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  isActive!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger product_variants_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => Product, 'productId')
  product?: Product;

  @HasMany(() => InventoryLevel, 'variantId')
  inventoryLevels?: InventoryLevel[];

  @HasMany(() => PriceHistory, 'variantId')
  priceHistory?: PriceHistory[];

  @HasMany(() => OrderItem, 'variantId')
  orderItems?: OrderItem[];
}
