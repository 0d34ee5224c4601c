-- 003_indexes.sql — further indexes (seed 000 §6), beyond the five named ones in 001_init.sql.
-- Each one serves a foreign key that is joined or checked on delete, or a query the
-- commands and reports run often.

CREATE INDEX idx_auth_tokens_user_id ON auth_tokens (user_id);
CREATE INDEX idx_addresses_user_id ON addresses (user_id);
CREATE INDEX idx_categories_parent_id ON categories (parent_id);
CREATE INDEX idx_products_seller_id ON products (seller_id) WHERE seller_id IS NOT NULL;
CREATE INDEX idx_warehouses_seller_id ON warehouses (seller_id) WHERE seller_id IS NOT NULL;
-- stock = Σ inventory per variant: the sum and the trigger look inventory up by variant.
CREATE INDEX idx_inventory_variant_id ON inventory (variant_id);
CREATE INDEX idx_price_history_variant_id_valid_from ON price_history (variant_id, valid_from);
CREATE INDEX idx_product_reviews_user_id ON product_reviews (user_id);
CREATE INDEX idx_medicinal_documents_status_created_at ON medicinal_documents (status, created_at);
CREATE INDEX idx_medicinal_documents_reviewed_by ON medicinal_documents (reviewed_by) WHERE reviewed_by IS NOT NULL;
CREATE INDEX idx_promotions_period ON promotions (starts_at, ends_at) WHERE is_active;
CREATE INDEX idx_promotion_products_product_id ON promotion_products (product_id);
CREATE INDEX idx_promotion_categories_category_id ON promotion_categories (category_id);
CREATE INDEX idx_orders_coupon_id ON orders (coupon_id) WHERE coupon_id IS NOT NULL;
CREATE INDEX idx_orders_shipping_address_id ON orders (shipping_address_id) WHERE shipping_address_id IS NOT NULL;
CREATE INDEX idx_orders_status_created_at ON orders (status, created_at);
-- Sales reports group paid orders by the day they were paid.
CREATE INDEX idx_orders_paid_at ON orders (paid_at) WHERE paid_at IS NOT NULL;
CREATE INDEX idx_order_items_variant_id ON order_items (variant_id);
CREATE INDEX idx_order_items_product_id ON order_items (product_id);
CREATE INDEX idx_shipments_order_id ON shipments (order_id);
CREATE INDEX idx_payments_order_id ON payments (order_id);
CREATE INDEX idx_refunds_payment_id ON refunds (payment_id);
CREATE INDEX idx_returns_order_item_id ON returns (order_item_id);
CREATE INDEX idx_system_logs_entity_entity_id ON system_logs (entity, entity_id);
CREATE INDEX idx_system_logs_actor_user_id_created_at ON system_logs (actor_user_id, created_at);
CREATE INDEX idx_system_logs_created_at ON system_logs (created_at);
