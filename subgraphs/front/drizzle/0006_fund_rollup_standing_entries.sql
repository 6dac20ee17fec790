-- Fund entries are corrected (a new version) or cancelled (a mark), never deleted; the rollup counts standing
-- entries only, and the cancelled ones apart (for lists asked to include them). An UPDATE moves an entry from its
-- old (unit, year, standing) to its new one, so a correction of its value, day or fund and a cancellation both
-- keep the rollup exact.
CREATE OR REPLACE FUNCTION "front"."fund_rollup_receipts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count, cancelled_receipt_count, cancelled_spending_count)
    SELECT unit_code, extract(year FROM received_on)::int, coalesce(sum(value) FILTER (WHERE cancelled_at IS NULL), 0), 0,
      count(*) FILTER (WHERE cancelled_at IS NULL), 0, count(*) FILTER (WHERE cancelled_at IS NOT NULL), 0
    FROM new_rows GROUP BY unit_code, extract(year FROM received_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET receipts = r.receipts + excluded.receipts, receipt_count = r.receipt_count + excluded.receipt_count,
      cancelled_receipt_count = r.cancelled_receipt_count + excluded.cancelled_receipt_count;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count, cancelled_receipt_count, cancelled_spending_count)
    SELECT unit_code, extract(year FROM received_on)::int, -coalesce(sum(value) FILTER (WHERE cancelled_at IS NULL), 0), 0,
      -count(*) FILTER (WHERE cancelled_at IS NULL), 0, -count(*) FILTER (WHERE cancelled_at IS NOT NULL), 0
    FROM old_rows GROUP BY unit_code, extract(year FROM received_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET receipts = r.receipts + excluded.receipts, receipt_count = r.receipt_count + excluded.receipt_count,
      cancelled_receipt_count = r.cancelled_receipt_count + excluded.cancelled_receipt_count;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "front"."fund_rollup_spendings_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count, cancelled_receipt_count, cancelled_spending_count)
    SELECT unit_code, extract(year FROM spent_on)::int, 0, coalesce(sum(amount) FILTER (WHERE cancelled_at IS NULL), 0),
      0, count(*) FILTER (WHERE cancelled_at IS NULL), 0, count(*) FILTER (WHERE cancelled_at IS NOT NULL)
    FROM new_rows GROUP BY unit_code, extract(year FROM spent_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET spending = r.spending + excluded.spending, spending_count = r.spending_count + excluded.spending_count,
      cancelled_spending_count = r.cancelled_spending_count + excluded.cancelled_spending_count;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO front.fund_rollup AS r (unit_code, year, receipts, spending, receipt_count, spending_count, cancelled_receipt_count, cancelled_spending_count)
    SELECT unit_code, extract(year FROM spent_on)::int, 0, -coalesce(sum(amount) FILTER (WHERE cancelled_at IS NULL), 0),
      0, -count(*) FILTER (WHERE cancelled_at IS NULL), 0, -count(*) FILTER (WHERE cancelled_at IS NOT NULL)
    FROM old_rows GROUP BY unit_code, extract(year FROM spent_on)::int
    ON CONFLICT (unit_code, year) DO UPDATE SET spending = r.spending + excluded.spending, spending_count = r.spending_count + excluded.spending_count,
      cancelled_spending_count = r.cancelled_spending_count + excluded.cancelled_spending_count;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A fund entry entered in error is cancelled (it stays, marked), never deleted.
CREATE OR REPLACE FUNCTION "front"."fund_entry_kept"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fund entries in %.% are cancelled, never deleted', TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fund_receipts_kept" BEFORE DELETE ON "front"."fund_receipts" FOR EACH ROW EXECUTE FUNCTION "front"."fund_entry_kept"();
--> statement-breakpoint
CREATE TRIGGER "fund_spendings_kept" BEFORE DELETE ON "front"."fund_spendings" FOR EACH ROW EXECUTE FUNCTION "front"."fund_entry_kept"();
--> statement-breakpoint
-- The versions are history: append-only, like the recommendations' events.
CREATE TRIGGER "fund_receipt_versions_append_only" BEFORE UPDATE OR DELETE ON "front"."fund_receipt_versions"
  FOR EACH ROW EXECUTE FUNCTION "front"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "fund_spending_versions_append_only" BEFORE UPDATE OR DELETE ON "front"."fund_spending_versions"
  FOR EACH ROW EXECUTE FUNCTION "front"."history_append_only"();
