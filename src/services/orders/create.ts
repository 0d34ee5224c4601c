/**
 * orders:create — prices the lines from the variants' current prices, applies the best
 * promotion per line and the coupon (pricing.ts), adds shipping, and reserves every unit in
 * the same transaction, so two pending orders can never both count on the last unit.
 */
import { sqlOf } from '../../db/sql';
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { NotFoundError, RuleViolation, ValidationError } from '../../lib/errors';
import { id, validate } from '../../lib/validation';
import { Address, Order, OrderItem } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { retryingTransaction } from '../stock/transaction';
import { medicinalEligibility } from '../users/eligibility';
import { findUser } from '../users/find';
import { priceOrder, type PricingLine } from './pricing';
import { item, MAX_LINES, shippingMethod } from './schemas';
import { orderDetails, type OrderDetails } from './show';
import { reserveStock } from './stock';

const schema = z.object({
  user: z.string().trim().min(1, 'must name the buyer by e-mail or id'),
  items: z.array(item).min(1, 'give at least one --item SKU:QTY').max(MAX_LINES, `at most ${MAX_LINES} lines per order`),
  coupon: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(40, 'must be at most 40 characters')
    .transform((code) => code.toUpperCase())
    .optional(),
  shipping: shippingMethod.default('retiro_tienda'),
  address: id.optional(),
});

export type CreateOrderInput = z.input<typeof schema>;

interface VariantRow {
  variantId: number;
  sku: string;
  priceCents: number;
  variantActive: boolean;
  productId: number;
  productName: string;
  productActive: boolean;
  categoryId: number;
  medicinal: boolean;
}

export async function createOrder(context: ServiceContext, raw: CreateOrderInput): Promise<OrderDetails> {
  const itemLabels = Object.fromEntries((raw.items ?? []).map((_, index) => [`items.${index}`, '--item']));
  const input = validate(schema, raw, { items: '--item', ...itemLabels });
  const { sequelize } = context;
  // The same SKU twice is one line with the quantities added.
  const wanted = new Map<string, number>();
  for (const line of input.items) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);

  const id = await retryingTransaction(sequelize, async (transaction) => {
    const buyer = await findUser(input.user);
    if (!buyer.isActive) throw new RuleViolation(`${buyer.email} is deactivated: reactivate the account before ordering for it`);

    // The variants are locked first (ascending id), as every stock movement does, so that
    // concurrent orders for the last units queue here rather than deadlock later.
    const variants = await sequelize.query<VariantRow>(
      `SELECT v.id AS "variantId", v.sku, v.price_cents AS "priceCents", v.is_active AS "variantActive",
              p.id AS "productId", p.name AS "productName", p.is_active AS "productActive",
              c.id AS "categoryId", c.is_medicinal AS medicinal
       FROM product_variants v JOIN products p ON p.id = v.product_id JOIN categories c ON c.id = p.category_id
       WHERE v.sku IN (:skus) ORDER BY v.id
       FOR NO KEY UPDATE OF v`,
      { replacements: { skus: [...wanted.keys()] }, type: QueryTypes.SELECT, transaction },
    );
    const missing = [...wanted.keys()].filter((sku) => !variants.some((v) => v.sku === sku));
    if (missing.length > 0) throw new NotFoundError(`no variant with SKU ${missing.map((s) => JSON.stringify(s)).join(', ')}`);
    const inactive = variants.filter((v) => !v.variantActive || !v.productActive);
    if (inactive.length > 0) {
      throw new RuleViolation(`not for sale: ${inactive.map((v) => `${v.sku} (${v.productActive ? 'variant' : 'product'} deactivated)`).join(', ')}`);
    }

    const medicinal = variants.filter((v) => v.medicinal);
    if (medicinal.length > 0) {
      const eligibility = await medicinalEligibility(sequelize, buyer.id, transaction);
      if (!eligibility.eligible) {
        throw new RuleViolation(
          `${buyer.email} may not buy medicinal products (${[...new Set(medicinal.map((v) => v.productName))].join(', ')}): ${eligibility.reason.replace(/^not eligible: /, '')}; staff approve documents with \`store docs:review\``,
        );
      }
    }

    const addressId = await shippingAddress(buyer.id, input.shipping, input.address);
    // Lines keep the order they were given in.
    const bySku = new Map(variants.map((v) => [v.sku, v]));
    const lines: PricingLine[] = [...wanted.keys()].map((sku) => bySku.get(sku) as VariantRow).map((v) => ({
      variantId: v.variantId,
      productId: v.productId,
      categoryId: v.categoryId,
      unitPriceCents: v.priceCents,
      quantity: wanted.get(v.sku) ?? 0,
    }));
    const quote = await priceOrder(sequelize, transaction, { lines, couponCode: input.coupon, shippingMethod: input.shipping, at: new Date() });

    const order = await Order.create(
      { userId: buyer.id, couponId: quote.coupon?.id ?? null, shippingMethod: input.shipping, shippingAddressId: addressId, shippingPriceCents: quote.shippingPriceCents },
      { transaction },
    );
    await OrderItem.bulkCreate(
      quote.lines.map((line) => ({
        orderId: order.id,
        productId: line.productId,
        variantId: line.variantId,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        promotionId: line.promotion?.id ?? null,
        discountCents: line.promotionDiscountCents,
      })),
      { transaction },
    );
    // The total follows the lines (trigger); the discount can be written once they exist.
    if (quote.discountCents > 0) await Order.update({ discountCents: quote.discountCents }, { where: { id: order.id }, transaction });
    await reserveStock(sqlOf(sequelize, transaction), order.id);

    // What the database computed (total by trigger, amount due generated) must be the quote.
    await order.reload({ transaction });
    if (order.amountDueCents !== quote.amountDueCents) throw new Error(`order ${order.id}: amount due ${order.amountDueCents} differs from the quote ${quote.amountDueCents}`);
    await audit(sequelize, transaction, {
      actorId: actorId(context),
      action: 'orders.create',
      entity: 'orders',
      entityId: order.id,
      after: { status: 'pending', total_cents: order.totalCents, discount_cents: order.discountCents, shipping_price_cents: order.shippingPriceCents },
      meta: { user: buyer.email, items: Object.fromEntries(wanted), coupon: quote.coupon?.code ?? null, shipping: input.shipping },
    });
    return order.id;
  });
  // Read once committed: the variants' locks are not held while the card is assembled.
  return orderDetails(sqlOf(sequelize), id);
}

/** Delivery needs an address of the buyer's (the one named, or their default); pickup none. */
async function shippingAddress(userId: number, method: string, given: number | undefined): Promise<number | null> {
  if (method === 'retiro_tienda') {
    if (given !== undefined) throw new ValidationError('--address: retiro_tienda is picked up at the store; give --shipping chilexpress, starken or manual to ship to an address');
    return null;
  }
  if (given !== undefined) {
    const address = await Address.findByPk(given);
    if (!address || address.userId !== userId) throw new NotFoundError(`the buyer has no address ${given} (see \`store addresses:list\`)`);
    return address.id;
  }
  const fallback = await Address.findOne({ where: { userId, isDefault: true } });
  if (!fallback) throw new ValidationError(`--address: --shipping ${method} needs an address; give --address ID or add a default one with \`store addresses:add\``);
  return fallback.id;
}
