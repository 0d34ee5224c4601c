-- Undoes 004_views.sql.
DROP MATERIALIZED VIEW mv_medicinal_status;
DROP MATERIALIZED VIEW mv_stock_low;
DROP MATERIALIZED VIEW mv_top_products;
DROP MATERIALIZED VIEW mv_sales_by_day;
DROP VIEW view_medicinal_status;
DROP VIEW view_stock_low;
DROP VIEW view_top_products;
DROP VIEW view_sales_by_day;
