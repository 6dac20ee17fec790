-- The ethnic-area classification becomes an append-only history of decisions: each row is in force from its
-- effective date until the commune's next decision takes effect (derived when read, never written).
-- Decision 861/QĐ-TTg's rows move over as they are. A row that had been closed (valid_until) without a following
-- decision ends with a NONE row the day after, so every date still answers as before.
INSERT INTO "ethnic"."ethnic_area_history" ("commune_code", "area", "decision", "effective_on")
SELECT "commune_code", "region", "decision", "valid_from" FROM "ethnic"."ethnic_area_classifications";
--> statement-breakpoint
INSERT INTO "ethnic"."ethnic_area_history" ("commune_code", "area", "decision", "effective_on")
SELECT c."commune_code", 'NONE', c."decision" || ' (validity ended)', c."valid_until" + 1
FROM "ethnic"."ethnic_area_classifications" c
WHERE c."valid_until" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "ethnic"."ethnic_area_classifications" n
                  WHERE n."commune_code" = c."commune_code" AND n."valid_from" = c."valid_until" + 1);
--> statement-breakpoint
-- Append-only: a new decision is a new row; UPDATE, DELETE and TRUNCATE raise an error.
CREATE OR REPLACE FUNCTION "ethnic"."ethnic_area_history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ethnic-area history %.% is append-only: % is not allowed; record a new decision instead', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "ethnic_area_history_no_update_delete" BEFORE UPDATE OR DELETE ON "ethnic"."ethnic_area_history" FOR EACH ROW EXECUTE FUNCTION "ethnic"."ethnic_area_history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "ethnic_area_history_no_truncate" BEFORE TRUNCATE ON "ethnic"."ethnic_area_history" FOR EACH STATEMENT EXECUTE FUNCTION "ethnic"."ethnic_area_history_append_only"();
--> statement-breakpoint
-- T4 of coordination plan 249/KHPH-UBND-MTTQ (21/3/2023, DOMAIN.md): the ethnic-minority poor-household rate
-- falls by MORE than 3.0 percentage points every year, so the bound -3.0 itself does not meet it (bound_exclusive).
INSERT INTO "ethnic"."minority_targets" ("plan_code", "target_id", "year", "metric", "scope", "unit_code", "measure", "min", "max", "bound_exclusive", "description")
SELECT '249/KHPH-UBND-MTTQ', 'T4', y.year, 'MINORITY_POOR_RATE_CHANGE', 'PROVINCE_MINORITY_HOUSEHOLDS', '58', 'PP', NULL, -3.0, true,
  'The ethnic-minority poor-household rate falls by more than 3.0 percentage points every year'
FROM (VALUES (2023), (2024), (2025)) AS y(year);
