-- Undoes 006_orders.sql.
BEGIN;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'store_reporting') THEN
    REVOKE ALL ON stock_allocations FROM store_reporting;
  END IF;
END;
$$;
ALTER TABLE orders DROP COLUMN cancelled_at;
DROP TRIGGER coupons_count_paid_orders ON coupons;
DROP FUNCTION coupons_count_paid_orders();
DROP TRIGGER orders_coupon_counted ON orders;
DROP FUNCTION orders_coupon_counted();
DROP FUNCTION coupons_used_count_matches(bigint);
DROP TRIGGER stock_allocations_paid_effects_hold ON stock_allocations;
DROP TRIGGER orders_paid_effects_hold ON orders;
DROP FUNCTION orders_paid_effects_hold();
DROP FUNCTION order_paid_effects_check(bigint);
ALTER TABLE order_items DROP CONSTRAINT order_items_discount_within_line, DROP COLUMN discount_cents, DROP COLUMN promotion_id;
DROP TABLE stock_allocations;
DROP FUNCTION stock_allocations_status_moves();
COMMIT;
