-- Rollups kept exact on write by statement-level triggers with transition tables: one aggregated upsert per
-- statement, whether it writes one row (a mutation) or thousands (the seed, a bulk load, a raw-SQL fixture), in
-- the same transaction as the write. Reads of counts and fund figures then touch rollup rows only.

-- Recommendations per commune, stored status and due date. OVERDUE is never stored: readers count
-- status = 'OPEN' and due_date < today over these rows, so the figure follows the calendar without a write.
CREATE OR REPLACE FUNCTION "front"."recommendation_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO front.recommendation_rollup AS r (commune_code, status, due_date, recommendations)
    SELECT commune_code, status, due_date, count(*) FROM new_rows GROUP BY commune_code, status, due_date
    ON CONFLICT (commune_code, status, due_date) DO UPDATE SET recommendations = r.recommendations + excluded.recommendations;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO front.recommendation_rollup AS r (commune_code, status, due_date, recommendations)
    SELECT commune_code, status, due_date, -count(*) FROM old_rows GROUP BY commune_code, status, due_date
    ON CONFLICT (commune_code, status, due_date) DO UPDATE SET recommendations = r.recommendations + excluded.recommendations;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "recommendation_rollup_insert" AFTER INSERT ON "front"."recommendations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."recommendation_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "recommendation_rollup_update" AFTER UPDATE ON "front"."recommendations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."recommendation_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "recommendation_rollup_delete" AFTER DELETE ON "front"."recommendations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."recommendation_rollup_apply"();
--> statement-breakpoint
-- Each fund's receipts per year.
CREATE OR REPLACE FUNCTION "front"."fund_rollup_receipts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count)
    SELECT unit_code, extract(year FROM received_on)::int, sum(value), 0, count(*), 0 FROM new_rows
    GROUP BY unit_code, extract(year FROM received_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET receipts = r.receipts + excluded.receipts, receipt_count = r.receipt_count + excluded.receipt_count;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count)
    SELECT unit_code, extract(year FROM received_on)::int, -sum(value), 0, -count(*), 0 FROM old_rows
    GROUP BY unit_code, extract(year FROM received_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET receipts = r.receipts + excluded.receipts, receipt_count = r.receipt_count + excluded.receipt_count;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fund_rollup_receipts_insert" AFTER INSERT ON "front"."fund_receipts"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."fund_rollup_receipts_apply"();
--> statement-breakpoint
CREATE TRIGGER "fund_rollup_receipts_update" AFTER UPDATE ON "front"."fund_receipts"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."fund_rollup_receipts_apply"();
--> statement-breakpoint
CREATE TRIGGER "fund_rollup_receipts_delete" AFTER DELETE ON "front"."fund_receipts"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."fund_rollup_receipts_apply"();
--> statement-breakpoint
-- Each fund's spending per year.
CREATE OR REPLACE FUNCTION "front"."fund_rollup_spendings_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count)
    SELECT unit_code, extract(year FROM spent_on)::int, 0, sum(amount), 0, count(*) FROM new_rows
    GROUP BY unit_code, extract(year FROM spent_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET spending = r.spending + excluded.spending, spending_count = r.spending_count + excluded.spending_count;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count)
    SELECT unit_code, extract(year FROM spent_on)::int, 0, -sum(amount), 0, -count(*) FROM old_rows
    GROUP BY unit_code, extract(year FROM spent_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET spending = r.spending + excluded.spending, spending_count = r.spending_count + excluded.spending_count;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fund_rollup_spendings_insert" AFTER INSERT ON "front"."fund_spendings"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."fund_rollup_spendings_apply"();
--> statement-breakpoint
CREATE TRIGGER "fund_rollup_spendings_update" AFTER UPDATE ON "front"."fund_spendings"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."fund_rollup_spendings_apply"();
--> statement-breakpoint
CREATE TRIGGER "fund_rollup_spendings_delete" AFTER DELETE ON "front"."fund_spendings"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "front"."fund_rollup_spendings_apply"();
--> statement-breakpoint
-- The history tables are append-only, like the audit trail: a change is a new row, never an edit.
CREATE OR REPLACE FUNCTION "front"."history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the history %.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "recommendation_events_append_only" BEFORE UPDATE OR DELETE ON "front"."recommendation_events"
  FOR EACH ROW EXECUTE FUNCTION "front"."history_append_only"();
--> statement-breakpoint
-- Rollups of the rows already there (recommendations recorded before this migration).
INSERT INTO "front"."recommendation_rollup" (commune_code, status, due_date, recommendations)
SELECT commune_code, status, due_date, count(*) FROM "front"."recommendations" GROUP BY commune_code, status, due_date;
