/**
 * The closed lists the schema's CHECK constraints name, with no model attached: a command
 * whose use cases run plain SQL (orders:pay, the reports) imports them from here and never
 * loads sequelize. The models re-export them.
 */

/**
 * orders.status: CHECK (status IN (...)). Transitions are enforced by the trigger
 * orders_status_transition: pending → paid | failed | cancelled; paid → shipped | cancelled;
 * shipped → delivered.
 */
export const ORDER_STATUSES = ['pending', 'paid', 'failed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** orders.shipping_method: CHECK (shipping_method IN (...)). */
export const SHIPPING_METHODS = ['retiro_tienda', 'chilexpress', 'starken', 'manual'] as const;
export type ShippingMethod = (typeof SHIPPING_METHODS)[number];

/** payments.provider and orders.payment_provider: CHECK (... IN ('webpay', 'flow', 'mp', 'test')). */
export const PAYMENT_PROVIDERS = ['webpay', 'flow', 'mp', 'test'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

/** payments.status: CHECK (status IN (...)). */
export const PAYMENT_STATUSES = ['pending', 'approved', 'rejected', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
