/**
 * The sequelize-typescript models, one per table of migrations/sql/001_init.sql (the schema's
 * single source of truth). `models` is the one explicit registration list.
 */
import { Address } from './address';
import { AuthToken } from './auth-token';
import { Category } from './category';
import { Coupon } from './coupon';
import { Customer } from './customer';
import { InventoryLevel } from './inventory-level';
import { MedicinalDocument } from './medicinal-document';
import { Order } from './order';
import { OrderItem } from './order-item';
import { Payment } from './payment';
import { PriceHistory } from './price-history';
import { Product } from './product';
import { ProductReview } from './product-review';
import { ProductVariant } from './product-variant';
import { Promotion } from './promotion';
import { PromotionCategory } from './promotion-category';
import { PromotionProduct } from './promotion-product';
import { Refund } from './refund';
import { Return } from './return';
import { Seller } from './seller';
import { Shipment } from './shipment';
import { StockAllocation } from './stock-allocation';
import { SystemLog } from './system-log';
import { User } from './user';
import { UserProfile } from './user-profile';
import { Warehouse } from './warehouse';

export {
  Address,
  AuthToken,
  Category,
  Coupon,
  Customer,
  InventoryLevel,
  MedicinalDocument,
  Order,
  OrderItem,
  Payment,
  PriceHistory,
  Product,
  ProductReview,
  ProductVariant,
  Promotion,
  PromotionCategory,
  PromotionProduct,
  Refund,
  Return,
  Seller,
  Shipment,
  StockAllocation,
  SystemLog,
  User,
  UserProfile,
  Warehouse,
};

// Enumerations (varchar + CHECK (col IN (...)) in the SQL): the value lists and their unions.
export { USER_ROLES, type UserRole } from './user';
export { LOYALTY_LEVELS, type LoyaltyLevel } from './customer';
export { DOC_TYPES, DOCUMENT_STATUSES, type DocType, type DocumentStatus } from './medicinal-document';
export { COUPON_TYPES, type CouponType } from './coupon';
export { PROMOTION_APPLIES_TO, type PromotionAppliesTo } from './promotion';
export { ORDER_STATUSES, SHIPPING_METHODS, type OrderStatus, type ShippingMethod } from './order';
export { SHIPMENT_STATUSES, type ShipmentStatus } from './shipment';
export { PAYMENT_PROVIDERS, PAYMENT_STATUSES, type PaymentProvider, type PaymentStatus } from './payment';
export { RETURN_STATUSES, type ReturnStatus } from './return';
export { ALLOCATION_STATUSES, type AllocationStatus } from './stock-allocation';

// Attribute shapes, for services that pass plain objects around.
export type { AddressAttributes, AddressCreationAttributes } from './address';
export type { AuthTokenAttributes, AuthTokenCreationAttributes } from './auth-token';
export type { CategoryAttributes, CategoryCreationAttributes } from './category';
export type { CouponAttributes, CouponCreationAttributes } from './coupon';
export type { CustomerAttributes, CustomerCreationAttributes } from './customer';
export type { InventoryLevelAttributes, InventoryLevelCreationAttributes } from './inventory-level';
export type { MedicinalDocumentAttributes, MedicinalDocumentCreationAttributes } from './medicinal-document';
export type { OrderAttributes, OrderCreationAttributes } from './order';
export type { OrderItemAttributes, OrderItemCreationAttributes } from './order-item';
export type { PaymentAttributes, PaymentCreationAttributes } from './payment';
export type { StockAllocationAttributes, StockAllocationCreationAttributes } from './stock-allocation';
export type { PriceHistoryAttributes, PriceHistoryCreationAttributes } from './price-history';
export type { ProductAttributes, ProductCreationAttributes } from './product';
export type { ProductReviewAttributes, ProductReviewCreationAttributes } from './product-review';
export type { ProductVariantAttributes, ProductVariantCreationAttributes } from './product-variant';
export type { PromotionAttributes, PromotionCreationAttributes } from './promotion';
export type { PromotionCategoryAttributes } from './promotion-category';
export type { PromotionProductAttributes } from './promotion-product';
export type { RefundAttributes, RefundCreationAttributes } from './refund';
export type { ReturnAttributes, ReturnCreationAttributes } from './return';
export type { SellerAttributes, SellerCreationAttributes } from './seller';
export type { ShipmentAttributes, ShipmentCreationAttributes } from './shipment';
export type { SystemLogAttributes, SystemLogCreationAttributes } from './system-log';
export type { UserAttributes, UserCreationAttributes } from './user';
export type { UserProfileAttributes, UserProfileCreationAttributes } from './user-profile';
export type { WarehouseAttributes, WarehouseCreationAttributes } from './warehouse';

/** Every model, in the order of the tables in 001_init.sql. */
export const models = [
  User,
  UserProfile,
  AuthToken,
  Customer,
  Seller,
  Address,
  Category,
  Product,
  ProductVariant,
  Warehouse,
  InventoryLevel,
  PriceHistory,
  ProductReview,
  MedicinalDocument,
  Coupon,
  Promotion,
  PromotionProduct,
  PromotionCategory,
  Order,
  OrderItem,
  Shipment,
  StockAllocation,
  Payment,
  Refund,
  Return,
  SystemLog,
];
