-- Undoes 007_reports.sql (dropping the objects drops their grants).
BEGIN;
DROP FUNCTION store_token_holder(text);
DROP MATERIALIZED VIEW mv_freshness;
DROP FUNCTION report_stock_low(integer);
DROP FUNCTION report_top_products(date, date);
DROP MATERIALIZED VIEW mv_refunds_by_day;
DROP VIEW view_refunds_by_day;
DROP INDEX idx_refunds_created_at;
COMMIT;
