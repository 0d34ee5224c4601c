/** order_items: lines of an order; deleting an order deletes its lines. */
import type { Optional, UpdateOptions } from 'sequelize';
import {
  AutoIncrement,
  BeforeBulkCreate,
  BeforeBulkUpdate,
  BeforeValidate,
  BelongsTo,
  Column,
  DataType,
  ForeignKey,
  HasMany,
  Model,
  PrimaryKey,
  Table,
} from 'sequelize-typescript';
import { Order } from './order';
import { Product } from './product';
import { ProductVariant } from './product-variant';
import { Promotion } from './promotion';
import { Return } from './return';

export interface OrderItemAttributes {
  id: number;
  orderId: number;
  productId: number;
  variantId: number;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
  promotionId: number | null;
  discountCents: number;
}

/** line_total_cents is computed from quantity and unit price by the hook below. */
export type OrderItemCreationAttributes = Optional<OrderItemAttributes, 'id' | 'lineTotalCents' | 'promotionId' | 'discountCents'>;

/**
 * Every change of lines recomputes orders.total_cents (statement-level triggers
 * order_items_total_after_*); the trigger order_items_variant_of_product checks that the
 * variant belongs to product_id.
 */
@Table({ tableName: 'order_items', underscored: true, timestamps: false })
export class OrderItem extends Model<OrderItemAttributes, OrderItemCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** The only FK that cascades on delete: deleting an order deletes its lines. */
  @ForeignKey(() => Order)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'orders', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'CASCADE',
  })
  orderId!: number;

  /** Must be the variant's product (trigger order_items_variant_of_product). */
  @ForeignKey(() => Product)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'products', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  productId!: number;

  @ForeignKey(() => ProductVariant)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'product_variants', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  variantId!: number;

  @Column({ type: DataType.INTEGER, allowNull: false })
  quantity!: number;

  @Column({ type: DataType.BIGINT, allowNull: false })
  unitPriceCents!: number;

  /** Always quantity * unit_price_cents (CHECK order_items_line_total_matches). */
  @Column({ type: DataType.BIGINT, allowNull: false })
  lineTotalCents!: number;

  /** The promotion applied to this line, if any. */
  @ForeignKey(() => Promotion)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'promotions', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  promotionId!: number | null;

  /** What the promotion took off this line: 0 ≤ discount ≤ line total (CHECK). */
  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: 0 })
  discountCents!: number;

  @BelongsTo(() => Order, 'orderId')
  order?: Order;

  @BelongsTo(() => Product, 'productId')
  product?: Product;

  @BelongsTo(() => ProductVariant, 'variantId')
  variant?: ProductVariant;

  @HasMany(() => Return, 'orderItemId')
  returns?: Return[];

  /**
   * lineTotalCents = quantity * unitPriceCents, whenever both are known. Runs when an
   * instance is validated: create(), save(), instance update().
   */
  @BeforeValidate
  static computeLineTotal(item: OrderItem, options?: { fields?: string[] }): void {
    const total = lineTotal(item.getDataValue('quantity'), item.getDataValue('unitPriceCents'));
    if (total === undefined || total === item.getDataValue('lineTotalCents')) return;
    item.lineTotalCents = total;
    // save() picks its fields before it validates, so a save that changed only quantity or
    // price would leave the new total out: add it (validation gets save()'s own array).
    if (options?.fields && !options.fields.includes('lineTotalCents')) options.fields.push('lineTotalCents');
  }

  /** bulkCreate does not validate by default, so beforeValidate would not run there. */
  @BeforeBulkCreate
  static computeLineTotals(items: OrderItem[]): void {
    for (const item of items) OrderItem.computeLineTotal(item);
  }

  /**
   * Static OrderItem.update(values, { where }): the total is computed when the values hold
   * both quantity and unitPriceCents. With only one of them the row's other value is not
   * known here; pass both (or save an instance), else the CHECK refuses the row.
   */
  @BeforeBulkUpdate
  static computeLineTotalOfBulkUpdate(
    options: UpdateOptions<OrderItemAttributes> & { attributes?: Partial<OrderItemAttributes> },
  ): void {
    const values = options.attributes;
    if (!values) return;
    const total = lineTotal(values.quantity, values.unitPriceCents);
    if (total === undefined) return;
    values.lineTotalCents = total;
    if (options.fields && !options.fields.includes('lineTotalCents')) options.fields.push('lineTotalCents');
  }
}

/** quantity * unit price when both are present and the product is an exact integer. */
function lineTotal(quantity: unknown, unitPriceCents: unknown): number | undefined {
  if (quantity === null || quantity === undefined || unitPriceCents === null || unitPriceCents === undefined) return undefined;
  const total = Number(quantity) * Number(unitPriceCents);
  return Number.isSafeInteger(total) ? total : undefined;
}
