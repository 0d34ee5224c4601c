/** What people type about orders, checked at the edge. */
import { z } from 'zod';
import { PAYMENT_PROVIDERS, SHIPPING_METHODS } from '../../models/vocabulary';
import { sku, wholeNumber } from '../catalog/products-schemas';
import { id, text } from '../../lib/validation';

export const MAX_LINE_QUANTITY = 10_000;
export const MAX_LINES = 200;

export const orderId = id;

export const ITEM_FORMAT = 'SKU:QTY';

/** --item SKU:QTY; the quantity defaults to nothing: it must be written. */
export const item = z.string().transform((value, ctx) => {
  const at = value.lastIndexOf(':');
  const parsedSku = sku.safeParse(at < 0 ? value : value.slice(0, at));
  const quantity = /^\s*[1-9][0-9]*\s*$/.test(at < 0 ? '' : value.slice(at + 1)) ? Number(value.slice(at + 1)) : NaN;
  if (at < 0 || !parsedSku.success || !(quantity >= 1 && quantity <= MAX_LINE_QUANTITY)) {
    ctx.addIssue({ code: 'custom', message: `must be ${ITEM_FORMAT} with a quantity from 1 to ${MAX_LINE_QUANTITY}, like NL-AUTO-X3:2 (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  return { sku: parsedSku.data, quantity };
});

export const shippingMethod = z.string().trim().pipe(z.enum(SHIPPING_METHODS, { message: `must be one of ${SHIPPING_METHODS.join(', ')}` }));
export const provider = z.string().trim().pipe(z.enum(PAYMENT_PROVIDERS, { message: `must be one of ${PAYMENT_PROVIDERS.join(', ')}` }));
export const paymentRef = text(120);
export const amountCents = wholeNumber(1_000_000_000_000, ' of cents, like 1299000 for $12.990').refine((value) => value > 0, 'must be more than 0');
