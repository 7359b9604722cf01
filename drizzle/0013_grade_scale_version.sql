-- The grade scales decide checks (a sector's lowest grade): their changes move dataVersion.
CREATE TRIGGER grade_scale_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grade_scale FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
