-- Undoes 005_people.sql. The store_reporting role stays (it belongs to the server, and other
-- databases may use it); its privileges on this database go.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'store_reporting') THEN
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM store_reporting;
    REVOKE ALL ON FUNCTION store_timezone(), store_today(), medicinal_eligible(bigint, date) FROM store_reporting;
    REVOKE USAGE ON SCHEMA public FROM store_reporting;
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM store_reporting', current_database());
  END IF;
END;
$$;
DROP FUNCTION medicinal_eligible(bigint, date);
DROP FUNCTION store_today();
DROP TRIGGER medicinal_documents_reviewer_is_staff ON medicinal_documents;
DROP FUNCTION medicinal_documents_reviewer_is_staff();
ALTER TABLE medicinal_documents DROP COLUMN file_sha256;
