/** TEMPORARY stub with the agreed interface; replaced by the pricing engine (branch marketing). */
import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { RuleViolation } from '../../lib/errors';

export type ShippingMethod = 'retiro_tienda' | 'chilexpress' | 'starken' | 'manual';
export const SHIPPING_PRICES_CENTS: Readonly<Record<ShippingMethod, number>> = { retiro_tienda: 0, chilexpress: 499000, starken: 399000, manual: 0 };
export interface PricingLine { variantId: number; productId: number; categoryId: number; unitPriceCents: number; quantity: number }
export interface PricedLine extends PricingLine { lineTotalCents: number; promotion: { id: number; name: string; percentOff: number } | null; promotionDiscountCents: number }
export interface Quote {
  lines: PricedLine[];
  totalCents: number;
  promotionDiscountCents: number;
  coupon: { id: number; code: string; discountCents: number } | null;
  discountCents: number;
  shippingMethod: ShippingMethod;
  shippingPriceCents: number;
  amountDueCents: number;
}

export async function priceOrder(_sequelize: Sequelize, _transaction: Transaction, input: { lines: PricingLine[]; couponCode?: string; shippingMethod: ShippingMethod; at: Date }): Promise<Quote> {
  if (input.couponCode) throw new RuleViolation('coupons are not supported yet');
  const lines = input.lines.map((l) => ({ ...l, lineTotalCents: l.unitPriceCents * l.quantity, promotion: null, promotionDiscountCents: 0 }));
  const totalCents = lines.reduce((s, l) => s + l.lineTotalCents, 0);
  const shippingPriceCents = SHIPPING_PRICES_CENTS[input.shippingMethod];
  return { lines, totalCents, promotionDiscountCents: 0, coupon: null, discountCents: 0, shippingMethod: input.shippingMethod, shippingPriceCents, amountDueCents: totalCents + shippingPriceCents };
}

export async function claimCoupon(_sequelize: Sequelize, _transaction: Transaction, _input: { couponId: number; orderTotalCents: number; at: Date }): Promise<void> {
  throw new RuleViolation('coupons are not supported yet');
}
