-- Allocation history, payment totals, rollups and flag thresholds, all kept by the database on write: the services,
-- the seed's bulk path and raw-SQL fixtures get the same results.

-- The rest of the sustainable poverty-reduction programme (its projects other than Project 2): the seed calibrates
-- the programme's province totals to the published figures with it (src/seed/calibration.ts).
INSERT INTO "finance"."funding_sources" ("code", "name", "kind", "legal_basis") VALUES
  ('NTP-GN-KHAC', 'Chương trình MTQG giảm nghèo bền vững 2021–2025, các dự án khác (1, 3, 4, 5, 6, 7)', 'NATIONAL_TARGET_PROGRAMME', 'Quyết định 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ');
--> statement-breakpoint
-- The flags' thresholds (GRAPH-MAP "Finance"): the only place each is set.
INSERT INTO "finance"."flag_rules" ("name", "code", "value", "description") VALUES
  ('UNSETTLED_AFTER_DAYS', 'UNSETTLED', 90, 'Days after a COMPLETED model''s end by which the money disbursed to it should be settled'),
  ('FRAGMENTED_MORE_THAN', 'FRAGMENTED', 3, 'FRAGMENTED when a model has more than this many small allocations in one year'),
  ('FRAGMENTED_SMALL_BELOW_VND', 'FRAGMENTED', 10000000, 'An allocation approved below this many VND is small'),
  ('FRAGMENTED_MIN_SOURCES', 'FRAGMENTED', 2, 'FRAGMENTED only when the small allocations come from at least this many sources');
--> statement-breakpoint
-- The plan's guidance (DOMAIN.md: Finance guides the integration of the funding sources, report by end of April 2023).
INSERT INTO "finance"."guidance_documents" ("id", "plan_code", "title", "due_date", "recorded_by") VALUES
  ('249-INTEGRATION', '249/KHPH-UBND-MTTQ', 'Hướng dẫn lồng ghép các nguồn vốn thực hiện mô hình sinh kế: nhanh, không trùng lặp, không manh mún, không dàn trải; quyết toán chặt chẽ, rõ ràng', '2023-04-30', 'migration');
--> statement-breakpoint
-- Allocations written before this migration: their first version, and their totals as one dated payment and one
-- dated settlement each, so that every amount has its record. (Before the triggers below, which would add them twice.)
INSERT INTO "finance"."allocation_versions" ("allocation_id", "version", "change", "source_code", "household_id", "item", "year", "approved", "status", "note", "reason", "recorded_at", "recorded_by")
SELECT "id", 1, 'ALLOCATED', "source_code", "household_id", "item", "year", "approved", "status", "note", NULL, "recorded_at", 'migration'
FROM "finance"."allocations";
--> statement-breakpoint
INSERT INTO "finance"."disbursements" ("allocation_id", "amount", "paid_on", "reference", "synthetic", "recorded_at", "recorded_by")
SELECT "id", "disbursed", "recorded_at"::date, 'Total recorded before payments were dated', "synthetic", "recorded_at", 'migration'
FROM "finance"."allocations" WHERE "disbursed" > 0;
--> statement-breakpoint
INSERT INTO "finance"."settlements" ("allocation_id", "amount", "settled_on", "document_number", "synthetic", "recorded_at", "recorded_by")
SELECT "id", "settled", "recorded_at"::date, NULL, "synthetic", "recorded_at", 'migration'
FROM "finance"."allocations" WHERE "settled" > 0;
--> statement-breakpoint
-- History is never overwritten: versions, payments and settlements are append-only, and an allocation is cancelled,
-- never deleted.
CREATE OR REPLACE FUNCTION "finance"."history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.% keeps history: % is not allowed (amend, cancel or record a new entry instead)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "allocation_versions_append_only" BEFORE UPDATE OR DELETE ON "finance"."allocation_versions" FOR EACH ROW EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "allocation_versions_no_truncate" BEFORE TRUNCATE ON "finance"."allocation_versions" FOR EACH STATEMENT EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "disbursements_append_only" BEFORE UPDATE OR DELETE ON "finance"."disbursements" FOR EACH ROW EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "disbursements_no_truncate" BEFORE TRUNCATE ON "finance"."disbursements" FOR EACH STATEMENT EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "settlements_append_only" BEFORE UPDATE OR DELETE ON "finance"."settlements" FOR EACH ROW EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "settlements_no_truncate" BEFORE TRUNCATE ON "finance"."settlements" FOR EACH STATEMENT EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "allocations_no_delete" BEFORE DELETE ON "finance"."allocations" FOR EACH ROW EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "allocations_no_truncate" BEFORE TRUNCATE ON "finance"."allocations" FOR EACH STATEMENT EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
-- An allocation's disbursed and settled are the sums of its dated records: one aggregated update per statement,
-- whether it records one payment (a mutation) or thousands (the seed).
CREATE OR REPLACE FUNCTION "finance"."disbursements_add_to_allocation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE finance.allocations a SET disbursed = a.disbursed + d.total
  FROM (SELECT allocation_id, sum(amount) AS total FROM new_rows GROUP BY allocation_id) d
  WHERE a.id = d.allocation_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "disbursements_add_to_allocation" AFTER INSERT ON "finance"."disbursements"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finance"."disbursements_add_to_allocation"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "finance"."settlements_add_to_allocation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE finance.allocations a SET settled = a.settled + s.total
  FROM (SELECT allocation_id, sum(amount) AS total FROM new_rows GROUP BY allocation_id) s
  WHERE a.id = s.allocation_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "settlements_add_to_allocation" AFTER INSERT ON "finance"."settlements"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finance"."settlements_add_to_allocation"();
--> statement-breakpoint
-- Rollups kept exact on write: statement-level triggers with transition tables, one aggregated upsert per rollup
-- and statement (the pattern of DOLISA's 0008_rollup_triggers.sql). An UPDATE subtracts its old rows and adds its
-- new ones, so an amendment, a cancellation (ACTIVE -> CANCELLED) or a payment total moves the figures it should.
CREATE OR REPLACE FUNCTION "finance"."allocation_rollups_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  small_below bigint := (SELECT value FROM finance.flag_rules WHERE name = 'FRAGMENTED_SMALL_BELOW_VND');
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO finance.allocation_rollup AS r (year, commune_code, source_code, item, status, allocations, approved, disbursed, settled, synthetic, over_disbursed)
    SELECT year, commune_code, source_code, item, status, count(*), sum(approved), sum(disbursed), sum(settled),
      count(*) FILTER (WHERE synthetic), count(*) FILTER (WHERE disbursed > approved)
    FROM new_rows GROUP BY year, commune_code, source_code, item, status
    ON CONFLICT (year, commune_code, source_code, item, status) DO UPDATE SET
      allocations = r.allocations + excluded.allocations, approved = r.approved + excluded.approved,
      disbursed = r.disbursed + excluded.disbursed, settled = r.settled + excluded.settled,
      synthetic = r.synthetic + excluded.synthetic, over_disbursed = r.over_disbursed + excluded.over_disbursed;
    INSERT INTO finance.model_rollup AS r (model_id, year, source_code, commune_code, allocations, approved, disbursed, settled, small_allocations, unsettled_allocations)
    SELECT model_id, year, source_code, min(commune_code), count(*), sum(approved), sum(disbursed), sum(settled),
      count(*) FILTER (WHERE approved < small_below), count(*) FILTER (WHERE disbursed > settled)
    FROM new_rows WHERE model_id IS NOT NULL AND status = 'ACTIVE' GROUP BY model_id, year, source_code
    ON CONFLICT (model_id, year, source_code) DO UPDATE SET
      allocations = r.allocations + excluded.allocations, approved = r.approved + excluded.approved,
      disbursed = r.disbursed + excluded.disbursed, settled = r.settled + excluded.settled,
      small_allocations = r.small_allocations + excluded.small_allocations, unsettled_allocations = r.unsettled_allocations + excluded.unsettled_allocations;
    INSERT INTO finance.household_item_rollup AS r (year, household_id, item, commune_code, allocations)
    SELECT year, household_id, item, commune_code, count(*)
    FROM new_rows WHERE household_id IS NOT NULL AND status = 'ACTIVE' GROUP BY year, household_id, item, commune_code
    ON CONFLICT (year, household_id, item, commune_code) DO UPDATE SET allocations = r.allocations + excluded.allocations;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO finance.allocation_rollup AS r (year, commune_code, source_code, item, status, allocations, approved, disbursed, settled, synthetic, over_disbursed)
    SELECT year, commune_code, source_code, item, status, -count(*), -sum(approved), -sum(disbursed), -sum(settled),
      -count(*) FILTER (WHERE synthetic), -count(*) FILTER (WHERE disbursed > approved)
    FROM old_rows GROUP BY year, commune_code, source_code, item, status
    ON CONFLICT (year, commune_code, source_code, item, status) DO UPDATE SET
      allocations = r.allocations + excluded.allocations, approved = r.approved + excluded.approved,
      disbursed = r.disbursed + excluded.disbursed, settled = r.settled + excluded.settled,
      synthetic = r.synthetic + excluded.synthetic, over_disbursed = r.over_disbursed + excluded.over_disbursed;
    INSERT INTO finance.model_rollup AS r (model_id, year, source_code, commune_code, allocations, approved, disbursed, settled, small_allocations, unsettled_allocations)
    SELECT model_id, year, source_code, min(commune_code), -count(*), -sum(approved), -sum(disbursed), -sum(settled),
      -count(*) FILTER (WHERE approved < small_below), -count(*) FILTER (WHERE disbursed > settled)
    FROM old_rows WHERE model_id IS NOT NULL AND status = 'ACTIVE' GROUP BY model_id, year, source_code
    ON CONFLICT (model_id, year, source_code) DO UPDATE SET
      allocations = r.allocations + excluded.allocations, approved = r.approved + excluded.approved,
      disbursed = r.disbursed + excluded.disbursed, settled = r.settled + excluded.settled,
      small_allocations = r.small_allocations + excluded.small_allocations, unsettled_allocations = r.unsettled_allocations + excluded.unsettled_allocations;
    INSERT INTO finance.household_item_rollup AS r (year, household_id, item, commune_code, allocations)
    SELECT year, household_id, item, commune_code, -count(*)
    FROM old_rows WHERE household_id IS NOT NULL AND status = 'ACTIVE' GROUP BY year, household_id, item, commune_code
    ON CONFLICT (year, household_id, item, commune_code) DO UPDATE SET allocations = r.allocations + excluded.allocations;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "allocation_rollups_insert" AFTER INSERT ON "finance"."allocations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finance"."allocation_rollups_apply"();
--> statement-breakpoint
CREATE TRIGGER "allocation_rollups_update" AFTER UPDATE ON "finance"."allocations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finance"."allocation_rollups_apply"();
--> statement-breakpoint
-- Every rollup recomputed from the allocations: the backfill below, and after a threshold changes.
CREATE OR REPLACE FUNCTION "finance"."rebuild_rollups"() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  small_below bigint := (SELECT value FROM finance.flag_rules WHERE name = 'FRAGMENTED_SMALL_BELOW_VND');
BEGIN
  DELETE FROM finance.allocation_rollup;
  DELETE FROM finance.model_rollup;
  DELETE FROM finance.household_item_rollup;
  INSERT INTO finance.allocation_rollup (year, commune_code, source_code, item, status, allocations, approved, disbursed, settled, synthetic, over_disbursed)
  SELECT year, commune_code, source_code, item, status, count(*), sum(approved), sum(disbursed), sum(settled),
    count(*) FILTER (WHERE synthetic), count(*) FILTER (WHERE disbursed > approved)
  FROM finance.allocations GROUP BY year, commune_code, source_code, item, status;
  INSERT INTO finance.model_rollup (model_id, year, source_code, commune_code, allocations, approved, disbursed, settled, small_allocations, unsettled_allocations)
  SELECT model_id, year, source_code, min(commune_code), count(*), sum(approved), sum(disbursed), sum(settled),
    count(*) FILTER (WHERE approved < small_below), count(*) FILTER (WHERE disbursed > settled)
  FROM finance.allocations WHERE model_id IS NOT NULL AND status = 'ACTIVE' GROUP BY model_id, year, source_code;
  INSERT INTO finance.household_item_rollup (year, household_id, item, commune_code, allocations)
  SELECT year, household_id, item, commune_code, count(*)
  FROM finance.allocations WHERE household_id IS NOT NULL AND status = 'ACTIVE' GROUP BY year, household_id, item, commune_code;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "finance"."flag_rules_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM finance.rebuild_rollups();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "flag_rules_changed" AFTER INSERT OR UPDATE OR DELETE ON "finance"."flag_rules"
  FOR EACH STATEMENT EXECUTE FUNCTION "finance"."flag_rules_changed"();
--> statement-breakpoint
SELECT "finance"."rebuild_rollups"();
