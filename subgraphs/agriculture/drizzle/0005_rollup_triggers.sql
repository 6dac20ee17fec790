-- Rollups kept exact on write. Statement-level triggers with transition tables: one aggregated upsert per
-- statement, whether it writes one event (a mutation) or hundreds (the seed, an import), in the write's own
-- transaction. Summaries of any unit then read rollup rows, never the events.

-- Support events per year × commune × kind × technique, and the models each technique reached per year × commune.
-- Cancelled events do not count: a cancellation's UPDATE subtracts the old row and adds nothing; a correction's
-- subtracts the old and adds the new.
CREATE OR REPLACE FUNCTION "agriculture"."support_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO agriculture.support_rollup AS r (year, commune_code, kind, technique_code, events, households_reached, synthetic_events, cost)
    SELECT extract(year FROM support_date)::int, commune_code, kind, coalesce(technique_code, ''),
      count(*), sum(households_reached), count(*) FILTER (WHERE synthetic), coalesce(sum(cost), 0)
    FROM new_rows WHERE cancelled_on IS NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (year, commune_code, kind, technique_code) DO UPDATE SET
      events = r.events + excluded.events, households_reached = r.households_reached + excluded.households_reached,
      synthetic_events = r.synthetic_events + excluded.synthetic_events, cost = r.cost + excluded.cost;
    INSERT INTO agriculture.technique_model_rollup AS r (year, commune_code, technique_code, model_id, events)
    SELECT extract(year FROM support_date)::int, commune_code, technique_code, model_id, count(*)
    FROM new_rows WHERE cancelled_on IS NULL AND technique_code IS NOT NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (year, commune_code, technique_code, model_id) DO UPDATE SET events = r.events + excluded.events;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO agriculture.support_rollup AS r (year, commune_code, kind, technique_code, events, households_reached, synthetic_events, cost)
    SELECT extract(year FROM support_date)::int, commune_code, kind, coalesce(technique_code, ''),
      -count(*), -sum(households_reached), -count(*) FILTER (WHERE synthetic), -coalesce(sum(cost), 0)
    FROM old_rows WHERE cancelled_on IS NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (year, commune_code, kind, technique_code) DO UPDATE SET
      events = r.events + excluded.events, households_reached = r.households_reached + excluded.households_reached,
      synthetic_events = r.synthetic_events + excluded.synthetic_events, cost = r.cost + excluded.cost;
    INSERT INTO agriculture.technique_model_rollup AS r (year, commune_code, technique_code, model_id, events)
    SELECT extract(year FROM support_date)::int, commune_code, technique_code, model_id, -count(*)
    FROM old_rows WHERE cancelled_on IS NULL AND technique_code IS NOT NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (year, commune_code, technique_code, model_id) DO UPDATE SET events = r.events + excluded.events;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "support_rollup_insert" AFTER INSERT ON "agriculture"."technical_supports"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "agriculture"."support_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "support_rollup_update" AFTER UPDATE ON "agriculture"."technical_supports"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "agriculture"."support_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "support_rollup_delete" AFTER DELETE ON "agriculture"."technical_supports"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "agriculture"."support_rollup_apply"();
--> statement-breakpoint
-- Deliveries: each agreement's totals, and the yearly figures per commune.
CREATE OR REPLACE FUNCTION "agriculture"."delivery_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE agriculture.offtake_agreements a SET delivered_volume = a.delivered_volume + d.volume,
      delivered_value = a.delivered_value + d.amount, delivery_count = a.delivery_count + d.n
    FROM (SELECT agreement_id, sum(volume) AS volume, sum(amount) AS amount, count(*) AS n FROM new_rows GROUP BY agreement_id) d
    WHERE a.id = d.agreement_id;
    INSERT INTO agriculture.delivery_rollup AS r (year, commune_code, deliveries, amount)
    SELECT extract(year FROM delivered_on)::int, commune_code, count(*), sum(amount) FROM new_rows GROUP BY 1, 2
    ON CONFLICT (year, commune_code) DO UPDATE SET deliveries = r.deliveries + excluded.deliveries, amount = r.amount + excluded.amount;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE agriculture.offtake_agreements a SET delivered_volume = a.delivered_volume - d.volume,
      delivered_value = a.delivered_value - d.amount, delivery_count = a.delivery_count - d.n
    FROM (SELECT agreement_id, sum(volume) AS volume, sum(amount) AS amount, count(*) AS n FROM old_rows GROUP BY agreement_id) d
    WHERE a.id = d.agreement_id;
    INSERT INTO agriculture.delivery_rollup AS r (year, commune_code, deliveries, amount)
    SELECT extract(year FROM delivered_on)::int, commune_code, -count(*), -sum(amount) FROM old_rows GROUP BY 1, 2
    ON CONFLICT (year, commune_code) DO UPDATE SET deliveries = r.deliveries + excluded.deliveries, amount = r.amount + excluded.amount;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "delivery_rollup_insert" AFTER INSERT ON "agriculture"."offtake_deliveries"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "agriculture"."delivery_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "delivery_rollup_delete" AFTER DELETE ON "agriculture"."offtake_deliveries"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "agriculture"."delivery_rollup_apply"();
--> statement-breakpoint
-- Deliveries are records of what happened: a wrong one is answered by a new record, never rewritten in place.
CREATE OR REPLACE FUNCTION "agriculture"."offtake_deliveries_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'offtake deliveries are not updated in place' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "offtake_deliveries_no_update" BEFORE UPDATE ON "agriculture"."offtake_deliveries"
  FOR EACH ROW EXECUTE FUNCTION "agriculture"."offtake_deliveries_immutable"();
--> statement-breakpoint
-- Rollups and first versions of the data already there.
INSERT INTO "agriculture"."support_rollup" (year, commune_code, kind, technique_code, events, households_reached, synthetic_events, cost)
SELECT extract(year FROM support_date)::int, commune_code, kind, coalesce(technique_code, ''),
  count(*), sum(households_reached), count(*) FILTER (WHERE synthetic), coalesce(sum(cost), 0)
FROM "agriculture"."technical_supports" WHERE cancelled_on IS NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "agriculture"."technique_model_rollup" (year, commune_code, technique_code, model_id, events)
SELECT extract(year FROM support_date)::int, commune_code, technique_code, model_id, count(*)
FROM "agriculture"."technical_supports" WHERE cancelled_on IS NULL AND technique_code IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "agriculture"."technical_support_versions" (support_id, version, change, kind, support_date, provider, technique_code, households_reached, household_ids, cost, recorded_by, recorded_at)
SELECT id, 1, 'RECORDED', kind, support_date, provider, technique_code, households_reached, '{}', cost, recorded_by, recorded_at
FROM "agriculture"."technical_supports";
--> statement-breakpoint
INSERT INTO "agriculture"."offtake_status_changes" (agreement_id, from_status, to_status, effective_on, note, recorded_at)
SELECT id, NULL, status, period_start, 'Status as first loaded (no earlier history)', recorded_at FROM "agriculture"."offtake_agreements";
