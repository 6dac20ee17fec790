-- Plan target T2 reports, beside the escaped, the participants who were neither poor nor near-poor at joining
-- (never counted as escaped). The model outcome rollup keeps that count too, so T2 sums the rollup rows of the
-- year's completed models instead of recounting their participants and reviews on every read.
ALTER TABLE "dolisa"."model_outcome_rollup" ADD COLUMN "not_poor" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "dolisa"."model_outcome_refresh"(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  -- Two transactions touching the same model serialize here (NO KEY UPDATE does not block foreign-key checks);
  -- the recount below then runs on a snapshot taken after the lock, so it sees the other's committed rows.
  PERFORM 1 FROM dolisa.livelihood_models WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM dolisa.model_outcome_rollup r WHERE r.model_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM dolisa.livelihood_models m WHERE m.id = r.model_id);
  INSERT INTO dolisa.model_outcome_rollup AS r (model_id, participants, eligible, not_poor, reviewed, escaped)
  SELECT m.id,
    (count(*) FILTER (WHERE p.id IS NOT NULL AND p.withdrawn_on IS NULL))::int,
    (count(*) FILTER (WHERE p.id IS NOT NULL AND p.withdrawn_on IS NULL AND p.class_at_joining IN ('POOR', 'NEAR_POOR')))::int,
    (count(*) FILTER (WHERE p.id IS NOT NULL AND p.withdrawn_on IS NULL AND p.class_at_joining IN ('AVERAGE_LIVING', 'ABOVE_AVERAGE')))::int,
    (count(*) FILTER (WHERE p.id IS NOT NULL AND p.withdrawn_on IS NULL AND p.class_at_joining IN ('POOR', 'NEAR_POOR') AND after_end.classification IS NOT NULL))::int,
    (count(*) FILTER (WHERE p.id IS NOT NULL AND p.withdrawn_on IS NULL AND p.class_at_joining IN ('POOR', 'NEAR_POOR') AND after_end.classification NOT IN ('POOR', 'NEAR_POOR')))::int
  FROM dolisa.livelihood_models m
  LEFT JOIN dolisa.model_participants p ON p.model_id = m.id
  LEFT JOIN LATERAL (
    SELECT a.classification FROM dolisa.poverty_assessments a
    WHERE a.household_id = p.household_id AND a.is_current AND m.status = 'COMPLETED' AND a.assessed_on > m.end_date
    ORDER BY a.assessed_on, a.year LIMIT 1
  ) after_end ON true
  WHERE m.id = ANY(ids)
  GROUP BY m.id
  ON CONFLICT (model_id) DO UPDATE SET participants = excluded.participants, eligible = excluded.eligible,
    not_poor = excluded.not_poor, reviewed = excluded.reviewed, escaped = excluded.escaped;
END
$$;
--> statement-breakpoint
-- The rows already kept get their count once.
SELECT "dolisa"."model_outcome_refresh"(ARRAY(SELECT id FROM "dolisa"."livelihood_models"));
