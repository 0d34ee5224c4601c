-- 002_seed.sql — the minimal coherent data set of seed 000 §4. Idempotent: every row is
-- matched on its natural key (slug, sku, email, warehouse name) or, for the customer's
-- document, address and order, inserted only while the customer has none; running it
-- again changes nothing.
--
-- Passwords: each account gets its hash from the setting store.seed_password_hashes, a JSON
-- object by e-mail (store db:seed fills it from STORE_SEED_PASSWORD, one salt per account),
-- otherwise its argon2id hash below of the development default password `tienda-dev-2026`
-- (documented in the README). With psql, in one session:
--   psql -c "SET store.seed_password_hashes = '{\"admin@store.test\": \"\$argon2id\$…\"}'" -f 002_seed.sql
--
-- Money is in cents of a peso: 499000 = $4.990.

BEGIN;

INSERT INTO warehouses (name, address, is_default)
VALUES ('Bodega Central', 'Av. Providencia 1234, Providencia, Región Metropolitana de Santiago', true)
ON CONFLICT (name) DO NOTHING;

INSERT INTO categories (slug, name, is_medicinal) VALUES
  ('semillas', 'Semillas', false),
  ('medicinal', 'Medicinal', true)
ON CONFLICT (slug) DO NOTHING;

INSERT INTO products (category_id, slug, name, description, image_url)
SELECT c.id, p.slug, p.name, p.description, p.image_url
FROM (VALUES
  ('semillas', 'semilla-northern-lights-auto', 'Semilla Northern Lights Auto', 'Semilla autofloreciente de genética índica, ciclo corto.', NULL),
  ('semillas', 'semilla-amnesia-haze-feminizada', 'Semilla Amnesia Haze Feminizada', 'Semilla feminizada de genética sativa.', NULL),
  ('medicinal', 'flor-medicinal-indica', 'Flor medicinal Índica', 'Flor seca de uso medicinal; requiere receta o certificado aprobado.', NULL),
  ('medicinal', 'aceite-cbd-full-spectrum', 'Aceite CBD Full Spectrum', 'Aceite de cannabidiol de espectro completo; requiere receta o certificado aprobado.', NULL)
) AS p (category_slug, slug, name, description, image_url)
JOIN categories c ON c.slug = p.category_slug
ON CONFLICT (slug) DO NOTHING;

INSERT INTO product_variants (product_id, sku, option_label, price_cents)
SELECT p.id, v.sku, v.option_label, v.price_cents
FROM (VALUES
  ('semilla-northern-lights-auto', 'NL-AUTO-X1', 'x1', 499000),
  ('semilla-northern-lights-auto', 'NL-AUTO-X3', 'x3', 1299000),
  ('semilla-northern-lights-auto', 'NL-AUTO-X5', 'x5', 1999000),
  ('semilla-amnesia-haze-feminizada', 'AH-FEM-X1', 'x1', 599000),
  ('semilla-amnesia-haze-feminizada', 'AH-FEM-X3', 'x3', 1599000),
  ('semilla-amnesia-haze-feminizada', 'AH-FEM-X5', 'x5', 2499000),
  ('flor-medicinal-indica', 'FLOR-IND-1G', '1g', 999000),
  ('flor-medicinal-indica', 'FLOR-IND-5G', '5g', 4499000),
  ('flor-medicinal-indica', 'FLOR-IND-10G', '10g', 8499000),
  ('aceite-cbd-full-spectrum', 'CBD-FS-10ML', '10ml', 2999000),
  ('aceite-cbd-full-spectrum', 'CBD-FS-30ML', '30ml', 7499000)
) AS v (product_slug, sku, option_label, price_cents)
JOIN products p ON p.slug = v.product_slug
ON CONFLICT (sku) DO NOTHING;

-- Initial stock lives in inventory; product_variants.stock follows by trigger.
INSERT INTO inventory (warehouse_id, variant_id, quantity_available)
SELECT w.id, v.id, s.quantity
FROM (VALUES
  ('NL-AUTO-X1', 25), ('NL-AUTO-X3', 15), ('NL-AUTO-X5', 8),
  ('AH-FEM-X1', 20), ('AH-FEM-X3', 10), ('AH-FEM-X5', 3),
  ('FLOR-IND-1G', 40), ('FLOR-IND-5G', 12), ('FLOR-IND-10G', 4),
  ('CBD-FS-10ML', 10), ('CBD-FS-30ML', 2)
) AS s (sku, quantity)
JOIN product_variants v ON v.sku = s.sku
JOIN warehouses w ON w.name = 'Bodega Central'
ON CONFLICT (warehouse_id, variant_id) DO NOTHING;

INSERT INTO users (name, email, rut, password_hash, role, validated_medicinal)
SELECT u.name, u.email, u.rut,
       coalesce(nullif(current_setting('store.seed_password_hashes', true), '')::jsonb ->> u.email, u.default_hash),
       u.role, false
FROM (VALUES
  ('Administradora Tienda', 'admin@store.test', '11111111-1', 'admin',
   '$argon2id$v=19$m=65536,p=4,t=3$zTuJIKa0NwNao5kX5EKYLQ$1eseY8BMntmaRnEuFwwwtVLXHTfq5krU/Vg3AgT7ctc'),
  ('Camila Cliente', 'cliente@store.test', '12345678-5', 'customer',
   '$argon2id$v=19$m=65536,p=4,t=3$EGcsP7iSH9heK1qozDwOEw$RF70k9rJhndKU3xzglId9UxdXrNjlRNIwIhX5JqrUmA')
) AS u (name, email, rut, role, default_hash)
ON CONFLICT DO NOTHING;

INSERT INTO user_profiles (user_id, phone, address, comuna, region)
SELECT u.id, p.phone, p.address, p.comuna, p.region
FROM (VALUES
  ('admin@store.test', '+56 2 2345 6789', 'Av. Providencia 1234', 'Providencia', 'Metropolitana de Santiago'),
  ('cliente@store.test', '+56 9 8765 4321', 'Los Aromos 456', 'Ñuñoa', 'Metropolitana de Santiago')
) AS p (email, phone, address, comuna, region)
JOIN users u ON u.email = p.email
ON CONFLICT (user_id) DO NOTHING;

INSERT INTO customers (user_id)
SELECT id FROM users WHERE email = 'cliente@store.test'
ON CONFLICT (user_id) DO NOTHING;

INSERT INTO addresses (user_id, name, address_line, comuna, region, notes, is_default)
SELECT u.id, 'Casa', 'Los Aromos 456, depto 21', 'Ñuñoa', 'Metropolitana de Santiago', 'Timbre 21', true
FROM users u
WHERE u.email = 'cliente@store.test'
  AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.user_id = u.id);

INSERT INTO medicinal_documents (user_id, file_url, doc_type, status)
SELECT u.id, 'https://docs.store.test/recetas/camila-cliente-2026.pdf', 'receta', 'pending'
FROM users u
WHERE u.email = 'cliente@store.test'
  AND NOT EXISTS (SELECT 1 FROM medicinal_documents d WHERE d.user_id = u.id);

-- One pending order with two lines of seeds (the customer is not validated for medicinal
-- products). Pending orders hold their units as reservations.
DO $$
DECLARE
  buyer bigint;
  new_order bigint;
BEGIN
  SELECT id INTO buyer FROM users WHERE email = 'cliente@store.test';
  IF EXISTS (SELECT 1 FROM orders WHERE user_id = buyer) THEN
    RETURN;
  END IF;
  INSERT INTO orders (user_id, shipping_method, shipping_price_cents, shipping_address_id)
  SELECT buyer, 'chilexpress', 399000, a.id
  FROM addresses a WHERE a.user_id = buyer AND a.is_default
  RETURNING id INTO new_order;

  INSERT INTO order_items (order_id, product_id, variant_id, quantity, unit_price_cents, line_total_cents)
  SELECT new_order, v.product_id, v.id, l.quantity, v.price_cents, l.quantity * v.price_cents
  FROM (VALUES ('NL-AUTO-X1', 2), ('AH-FEM-X3', 1)) AS l (sku, quantity)
  JOIN product_variants v ON v.sku = l.sku;

  UPDATE inventory i SET quantity_reserved = i.quantity_reserved + l.quantity
  FROM (VALUES ('NL-AUTO-X1', 2), ('AH-FEM-X3', 1)) AS l (sku, quantity)
  JOIN product_variants v ON v.sku = l.sku
  JOIN warehouses w ON w.name = 'Bodega Central'
  WHERE i.variant_id = v.id AND i.warehouse_id = w.id;

  -- Which shelf holds each reserved unit (006_orders.sql; skipped when this file is applied
  -- before that migration, as psql -f in file order would).
  IF to_regclass('public.stock_allocations') IS NOT NULL THEN
    INSERT INTO stock_allocations (order_item_id, warehouse_id, quantity, status)
    SELECT oi.id, w.id, oi.quantity, 'reserved'
    FROM order_items oi JOIN warehouses w ON w.name = 'Bodega Central'
    WHERE oi.order_id = new_order;
  END IF;
END;
$$;

COMMIT;
