-- 005_people.sql — people and trust: medicinal eligibility as one function, reviewers who
-- must be staff, documents recorded by content hash, and the least-privilege database role
-- that reporting cron jobs connect with.

-- A local document is recorded by the SHA-256 of its content (a URL has none).
ALTER TABLE medicinal_documents ADD COLUMN file_sha256 char(64) CHECK (file_sha256 ~ '^[0-9a-f]{64}$');
COMMENT ON COLUMN medicinal_documents.file_sha256 IS 'SHA-256 of the submitted file''s content (hex), for a local file; NULL for a URL.';

-- Only staff and admins review documents.
CREATE FUNCTION medicinal_documents_reviewer_is_staff() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.reviewed_by IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM users WHERE id = NEW.reviewed_by AND role IN ('admin', 'staff') AND is_active
  ) THEN
    RAISE EXCEPTION 'user % may not review medicinal documents: only active staff or admins may', NEW.reviewed_by
      USING ERRCODE = 'check_violation', CONSTRAINT = 'medicinal_documents_reviewer_is_staff';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER medicinal_documents_reviewer_is_staff BEFORE INSERT OR UPDATE OF reviewed_by ON medicinal_documents
  FOR EACH ROW EXECUTE FUNCTION medicinal_documents_reviewer_is_staff();

-- The store's "today": the date in the store's time zone, whatever the session's time zone
-- is (a document valid until the 23rd still counts at 23:30 in Santiago).
CREATE FUNCTION store_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (now() AT TIME ZONE store_timezone())::date
$$;
COMMENT ON FUNCTION store_today() IS 'Today in the store''s time zone (store_timezone()).';

-- The one definition of who may buy medicinal products, used by every command and query:
-- validated by staff, or holding an approved document still valid on the given day.
-- SECURITY DEFINER: roles that may not read users (store_reporting) can still ask it.
CREATE FUNCTION medicinal_eligible(buyer bigint, on_day date DEFAULT store_today()) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = buyer AND u.validated_medicinal)
      OR EXISTS (SELECT 1 FROM medicinal_documents d
                 WHERE d.user_id = buyer AND d.status = 'approved' AND d.valid_until >= on_day)
$$;
COMMENT ON FUNCTION medicinal_eligible(bigint, date) IS 'True when the user may buy medicinal products on that day: users.validated_medicinal, or an approved document with valid_until on or after the day.';

-- Read-only role for reports. Roles belong to the whole server, so it is created once and
-- only granted here; a server where we may not create roles skips it with a notice.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'store_reporting') THEN
    IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
      CREATE ROLE store_reporting NOLOGIN;
    ELSE
      RAISE NOTICE 'store_reporting not created: % may not create roles', current_user;
      RETURN;
    END IF;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO store_reporting', current_database());
  GRANT USAGE ON SCHEMA public TO store_reporting;
  GRANT SELECT ON
    view_sales_by_day, view_top_products, view_stock_low, view_medicinal_status,
    mv_sales_by_day, mv_top_products, mv_stock_low, mv_medicinal_status,
    categories, products, product_variants, warehouses, inventory,
    orders, order_items, payments, refunds, medicinal_documents
  TO store_reporting;
  -- store checks the schema version before it runs a report.
  IF to_regclass('public."SequelizeMeta"') IS NOT NULL THEN
    GRANT SELECT ON "SequelizeMeta" TO store_reporting;
  END IF;
  GRANT EXECUTE ON FUNCTION store_timezone(), store_today(), medicinal_eligible(bigint, date) TO store_reporting;
END;
$$;
