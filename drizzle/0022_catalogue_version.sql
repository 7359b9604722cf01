CREATE TABLE "catalogue_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The check reads measures, the supervision policy and the grade scales only when this moved.
INSERT INTO "catalogue_version" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER measure_catalogue_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER supervision_policy_catalogue_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON supervision_policy FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER grade_scale_catalogue_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grade_scale FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
