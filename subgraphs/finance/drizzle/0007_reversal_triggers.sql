-- Reversals of payments and settlements entered by mistake: history like the records they reverse, and the totals
-- (then every rollup, through the allocations' own triggers) follow them on write.

-- A reversal is never edited or removed either: a reversal entered by mistake is a question for the audit trail.
CREATE TRIGGER "disbursement_reversals_append_only" BEFORE UPDATE OR DELETE ON "finance"."disbursement_reversals" FOR EACH ROW EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "disbursement_reversals_no_truncate" BEFORE TRUNCATE ON "finance"."disbursement_reversals" FOR EACH STATEMENT EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "settlement_reversals_append_only" BEFORE UPDATE OR DELETE ON "finance"."settlement_reversals" FOR EACH ROW EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "settlement_reversals_no_truncate" BEFORE TRUNCATE ON "finance"."settlement_reversals" FOR EACH STATEMENT EXECUTE FUNCTION "finance"."history_append_only"();
--> statement-breakpoint
-- A reversed payment leaves its allocation's disbursed: one aggregated update per statement, as for the payments.
CREATE OR REPLACE FUNCTION "finance"."disbursement_reversals_subtract_from_allocation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE finance.allocations a SET disbursed = a.disbursed - d.total
  FROM (SELECT p.allocation_id, sum(p.amount) AS total FROM new_rows r JOIN finance.disbursements p ON p.id = r.disbursement_id GROUP BY p.allocation_id) d
  WHERE a.id = d.allocation_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "disbursement_reversals_subtract_from_allocation" AFTER INSERT ON "finance"."disbursement_reversals"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finance"."disbursement_reversals_subtract_from_allocation"();
--> statement-breakpoint
-- A reversed settlement leaves its allocation's settled.
CREATE OR REPLACE FUNCTION "finance"."settlement_reversals_subtract_from_allocation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE finance.allocations a SET settled = a.settled - s.total
  FROM (SELECT p.allocation_id, sum(p.amount) AS total FROM new_rows r JOIN finance.settlements p ON p.id = r.settlement_id GROUP BY p.allocation_id) s
  WHERE a.id = s.allocation_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "settlement_reversals_subtract_from_allocation" AFTER INSERT ON "finance"."settlement_reversals"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "finance"."settlement_reversals_subtract_from_allocation"();
