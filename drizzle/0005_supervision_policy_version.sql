-- The supervision policy decides checks too: its changes move dataVersion.
CREATE TRIGGER supervision_policy_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON supervision_policy FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version();
