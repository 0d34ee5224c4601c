-- 004_views.sql — analytics views of seed 000 §5 with their exact names and columns, and
-- materialized copies (mv_…) for large data, each with the unique index that
-- REFRESH MATERIALIZED VIEW CONCURRENTLY needs.
--
-- A sale is an order that was paid: status paid, shipped or delivered. It counts on the
-- day it was paid in the store's time zone (store_timezone(), America/Santiago by
-- default); its amount is the merchandise total after discounts, without shipping.

CREATE VIEW view_sales_by_day (fecha, orders_count, total_sales_cents) AS
SELECT (o.paid_at AT TIME ZONE store_timezone())::date,
       count(*)::bigint,
       sum(o.total_cents - o.discount_cents)::bigint
FROM orders o
WHERE o.status IN ('paid', 'shipped', 'delivered')
GROUP BY 1;
COMMENT ON VIEW view_sales_by_day IS 'Sales per day (paid, shipped or delivered orders, by the local day they were paid): order count and total after discounts, without shipping.';

CREATE VIEW view_top_products (product_id, product_name, units_sold, revenue_cents) AS
SELECT p.id,
       p.name,
       sum(i.quantity)::bigint,
       sum(i.line_total_cents)::bigint
FROM order_items i
JOIN orders o ON o.id = i.order_id AND o.status IN ('paid', 'shipped', 'delivered')
JOIN products p ON p.id = i.product_id
GROUP BY p.id, p.name;
COMMENT ON VIEW view_top_products IS 'Units sold and revenue (line totals, before order discounts) per product over all paid, shipped or delivered orders.';

CREATE VIEW view_stock_low (variant_id, product, option_label, stock) AS
SELECT v.id, p.name, v.option_label, v.stock
FROM product_variants v
JOIN products p ON p.id = v.product_id
WHERE v.stock < 5 AND v.is_active AND p.is_active;
COMMENT ON VIEW view_stock_low IS 'Active variants of active products with fewer than 5 units in stock.';

CREATE VIEW view_medicinal_status (user_id, email, last_doc_status, last_doc_date) AS
SELECT u.id, u.email, d.status, d.created_at
FROM users u
LEFT JOIN LATERAL (
  SELECT md.status, md.created_at
  FROM medicinal_documents md
  WHERE md.user_id = u.id
  ORDER BY md.created_at DESC, md.id DESC
  LIMIT 1
) d ON true
WHERE u.role = 'customer';
COMMENT ON VIEW view_medicinal_status IS 'Each customer with the status and submission time of their latest medicinal document (NULL when none).';

CREATE MATERIALIZED VIEW mv_sales_by_day AS SELECT * FROM view_sales_by_day WITH DATA;
CREATE UNIQUE INDEX uq_mv_sales_by_day_fecha ON mv_sales_by_day (fecha);
COMMENT ON MATERIALIZED VIEW mv_sales_by_day IS 'Materialized view_sales_by_day; refresh with store reports:refresh.';

CREATE MATERIALIZED VIEW mv_top_products AS SELECT * FROM view_top_products WITH DATA;
CREATE UNIQUE INDEX uq_mv_top_products_product_id ON mv_top_products (product_id);
COMMENT ON MATERIALIZED VIEW mv_top_products IS 'Materialized view_top_products; refresh with store reports:refresh.';

CREATE MATERIALIZED VIEW mv_stock_low AS SELECT * FROM view_stock_low WITH DATA;
CREATE UNIQUE INDEX uq_mv_stock_low_variant_id ON mv_stock_low (variant_id);
COMMENT ON MATERIALIZED VIEW mv_stock_low IS 'Materialized view_stock_low; refresh with store reports:refresh.';

CREATE MATERIALIZED VIEW mv_medicinal_status AS SELECT * FROM view_medicinal_status WITH DATA;
CREATE UNIQUE INDEX uq_mv_medicinal_status_user_id ON mv_medicinal_status (user_id);
COMMENT ON MATERIALIZED VIEW mv_medicinal_status IS 'Materialized view_medicinal_status; refresh with store reports:refresh.';
