-- The audit trail is append-only: UPDATE, DELETE and TRUNCATE raise an error.
CREATE OR REPLACE FUNCTION "agriculture"."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail %.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "agriculture"."audit_log" FOR EACH ROW EXECUTE FUNCTION "agriculture"."audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "agriculture"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "agriculture"."audit_log_append_only"();
