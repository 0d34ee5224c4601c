-- 007_reports.sql — what the report commands need beyond the spec's four views (which stay
-- as 004 made them): refunds per day beside sales per day, the views' definitions with
-- parameters (a date range for top products, a threshold for low stock), the time the
-- materialized copies were computed, and a way for the read-only reporting role to know
-- who holds a login token without reading users or auth_tokens.
BEGIN;

-- Date-range reports find refunds by time (paid orders by idx_orders_paid_at, 003).
CREATE INDEX idx_refunds_created_at ON refunds (created_at);

-- Refunds count on the local day they were given, and only on orders that still count as
-- sales (paid, shipped, delivered): a cancelled order already left view_sales_by_day, so
-- its refund must not be taken off a second time.
CREATE VIEW view_refunds_by_day (fecha, refunds_count, refunds_cents) AS
SELECT (r.created_at AT TIME ZONE store_timezone())::date,
       count(*)::bigint,
       sum(r.amount_cents)::bigint
FROM refunds r
JOIN payments p ON p.id = r.payment_id
JOIN orders o ON o.id = p.order_id AND o.status IN ('paid', 'shipped', 'delivered')
GROUP BY 1;
COMMENT ON VIEW view_refunds_by_day IS 'Refunds per day (by the local day given) on orders that count as sales (paid, shipped, delivered): count and amount.';

CREATE MATERIALIZED VIEW mv_refunds_by_day AS SELECT * FROM view_refunds_by_day WITH DATA;
CREATE UNIQUE INDEX uq_mv_refunds_by_day_fecha ON mv_refunds_by_day (fecha);
COMMENT ON MATERIALIZED VIEW mv_refunds_by_day IS 'Materialized view_refunds_by_day; refresh with store reports:refresh.';

-- view_top_products restricted to the orders paid between two local days (both included;
-- NULL leaves that side open). report_top_products(NULL, NULL) equals view_top_products.
CREATE FUNCTION report_top_products(since date, until date)
RETURNS TABLE (product_id bigint, product_name varchar, units_sold bigint, revenue_cents bigint)
LANGUAGE sql STABLE AS $$
  SELECT p.id, p.name, sum(i.quantity)::bigint, sum(i.line_total_cents)::bigint
  FROM orders o
  JOIN order_items i ON i.order_id = o.id
  JOIN products p ON p.id = i.product_id
  WHERE o.status IN ('paid', 'shipped', 'delivered')
    AND (since IS NULL OR o.paid_at >= (since::timestamp AT TIME ZONE store_timezone()))
    AND (until IS NULL OR o.paid_at < ((until + 1)::timestamp AT TIME ZONE store_timezone()))
  GROUP BY p.id, p.name
$$;
COMMENT ON FUNCTION report_top_products(date, date) IS 'view_top_products over the orders paid between two days of the store''s time zone (both included; NULL = open).';

-- view_stock_low with any threshold: report_stock_low(5) equals view_stock_low.
CREATE FUNCTION report_stock_low(threshold integer)
RETURNS TABLE (variant_id bigint, product varchar, option_label varchar, stock integer)
LANGUAGE sql STABLE AS $$
  SELECT v.id, p.name, v.option_label, v.stock
  FROM product_variants v
  JOIN products p ON p.id = v.product_id
  WHERE v.stock < threshold AND v.is_active AND p.is_active
$$;
COMMENT ON FUNCTION report_stock_low(integer) IS 'view_stock_low with a threshold other than 5: active variants of active products with fewer units in stock.';

-- When the materialized copies were computed, and in which time zone (sales days depend on
-- it). store reports:refresh refreshes every mv_… and this one in one transaction, so they
-- all hold the same instant.
REFRESH MATERIALIZED VIEW mv_sales_by_day;
REFRESH MATERIALIZED VIEW mv_top_products;
REFRESH MATERIALIZED VIEW mv_stock_low;
REFRESH MATERIALIZED VIEW mv_medicinal_status;
CREATE MATERIALIZED VIEW mv_freshness AS SELECT 1 AS id, now() AS refreshed_at, store_timezone() AS time_zone WITH DATA;
CREATE UNIQUE INDEX uq_mv_freshness_id ON mv_freshness (id);
COMMENT ON MATERIALIZED VIEW mv_freshness IS 'One row: when the materialized views were last refreshed (refreshed_at) and the time zone their days are in.';

-- Who holds a login token (by its SHA-256), for roles that may not read users or
-- auth_tokens: a reporting cron job still authenticates as a staff user.
CREATE FUNCTION store_token_holder(token_sha256 text)
RETURNS TABLE (id bigint, email varchar, name varchar, role varchar, is_active boolean, expires_at timestamptz, revoked_at timestamptz, expired boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.email, u.name, u.role, u.is_active, t.expires_at, t.revoked_at, t.expires_at <= now()
  FROM auth_tokens t JOIN users u ON u.id = t.user_id
  WHERE t.jti = token_sha256
$$;
COMMENT ON FUNCTION store_token_holder(text) IS 'The user behind a login token (given by its SHA-256) and the token''s state; lets read-only roles authenticate.';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'store_reporting') THEN
    GRANT SELECT ON view_refunds_by_day, mv_refunds_by_day, mv_freshness TO store_reporting;
    GRANT EXECUTE ON FUNCTION report_top_products(date, date), report_stock_low(integer), store_token_holder(text) TO store_reporting;
  END IF;
END;
$$;

COMMIT;
