-- Undoes 002_seed.sql: removes the seed rows by their natural keys. Refused (RESTRICT) when
-- later data refers to them, as it should be.
BEGIN;
-- The seeded order's reservations (006_orders.sql), while it is still pending.
DO $$
BEGIN
  IF to_regclass('public.stock_allocations') IS NOT NULL THEN
    DELETE FROM stock_allocations a USING order_items i, orders o
    WHERE a.order_item_id = i.id AND i.order_id = o.id AND a.status = 'reserved' AND o.status = 'pending'
      AND o.user_id = (SELECT id FROM users WHERE email = 'cliente@store.test');
  END IF;
END;
$$;
DELETE FROM orders WHERE user_id = (SELECT id FROM users WHERE email = 'cliente@store.test');
DELETE FROM medicinal_documents WHERE user_id = (SELECT id FROM users WHERE email = 'cliente@store.test');
DELETE FROM addresses WHERE user_id = (SELECT id FROM users WHERE email = 'cliente@store.test');
DELETE FROM customers WHERE user_id = (SELECT id FROM users WHERE email = 'cliente@store.test');
DELETE FROM user_profiles WHERE user_id IN (SELECT id FROM users WHERE email IN ('admin@store.test', 'cliente@store.test'));
DELETE FROM users WHERE email IN ('admin@store.test', 'cliente@store.test');
DELETE FROM inventory WHERE variant_id IN (SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id
  WHERE p.slug IN ('semilla-northern-lights-auto', 'semilla-amnesia-haze-feminizada', 'flor-medicinal-indica', 'aceite-cbd-full-spectrum'));
DELETE FROM price_history WHERE variant_id IN (SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id
  WHERE p.slug IN ('semilla-northern-lights-auto', 'semilla-amnesia-haze-feminizada', 'flor-medicinal-indica', 'aceite-cbd-full-spectrum'));
DELETE FROM product_variants WHERE product_id IN (SELECT id FROM products
  WHERE slug IN ('semilla-northern-lights-auto', 'semilla-amnesia-haze-feminizada', 'flor-medicinal-indica', 'aceite-cbd-full-spectrum'));
DELETE FROM products WHERE slug IN ('semilla-northern-lights-auto', 'semilla-amnesia-haze-feminizada', 'flor-medicinal-indica', 'aceite-cbd-full-spectrum');
DELETE FROM categories WHERE slug IN ('semillas', 'medicinal');
DELETE FROM warehouses WHERE name = 'Bodega Central';
COMMIT;
