-- dataVersion: every statement that changes the register moves the version.
INSERT INTO "register_version" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION bump_register_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE register_version SET version = version + 1, changed_at = now() WHERE id = 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER subject_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON subject FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
--> statement-breakpoint
CREATE TRIGGER credit_record_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON credit_record FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
--> statement-breakpoint
CREATE TRIGGER list_entry_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON list_entry FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
--> statement-breakpoint
CREATE TRIGGER measure_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
--> statement-breakpoint
CREATE TRIGGER evaluation_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON evaluation FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
--> statement-breakpoint
CREATE TRIGGER commitment_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON commitment FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
