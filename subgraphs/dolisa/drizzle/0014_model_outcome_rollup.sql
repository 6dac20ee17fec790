-- Model outcomes kept exact on write: one row per livelihood model with the four counts of LivelihoodModel.outcome,
-- so reading the outcome of 1 or 600 models touches that many rollup rows, never the participants or the reviews.
-- An outcome is not a sum of independent deltas (a participant counts as escaped by its FIRST current review after
-- the model's end), so each statement that can change it recomputes the outcome of the models it touched, from
-- their participants (indexed), in the same transaction. Statement-level triggers: a seed chunk of 5,000 rows
-- recomputes each affected model once. The recount is outcomeSql() in src/models/loaders.ts; a spec checks both agree.
CREATE TABLE "dolisa"."model_outcome_rollup" (
	"model_id" text PRIMARY KEY NOT NULL,
	"participants" integer NOT NULL,
	"eligible" integer NOT NULL,
	"reviewed" integer NOT NULL,
	"escaped" integer NOT NULL
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "dolisa"."model_outcome_refresh"(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  -- Two transactions touching the same model serialize here (NO KEY UPDATE does not block foreign-key checks);
  -- the recount below then runs on a snapshot taken after the lock, so it sees the other's committed rows.
  PERFORM 1 FROM dolisa.livelihood_models WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM dolisa.model_outcome_rollup r WHERE r.model_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM dolisa.livelihood_models m WHERE m.id = r.model_id);
  INSERT INTO dolisa.model_outcome_rollup AS r (model_id, participants, eligible, reviewed, escaped)
  SELECT m.id,
    (count(*) FILTER (WHERE p.id IS NOT NULL AND p.withdrawn_on IS NULL))::int,
    (count(*) FILTER (WHERE p.id IS NOT NULL AND p.withdrawn_on IS NULL AND p.class_at_joining IN ('POOR', 'NEAR_POOR')))::int,
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
    reviewed = excluded.reviewed, escaped = excluded.escaped;
END
$$;
--> statement-breakpoint
-- Participants: an enrolment, a withdrawal, a correction of the class at joining, a deletion.
CREATE OR REPLACE FUNCTION "dolisa"."model_outcome_participants"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dolisa.model_outcome_refresh(ARRAY(SELECT DISTINCT model_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM dolisa.model_outcome_refresh(ARRAY(SELECT model_id FROM new_rows UNION SELECT model_id FROM old_rows));
  ELSE
    PERFORM dolisa.model_outcome_refresh(ARRAY(SELECT DISTINCT model_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "model_outcome_participants_insert" AFTER INSERT ON "dolisa"."model_participants"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_participants"();
--> statement-breakpoint
CREATE TRIGGER "model_outcome_participants_update" AFTER UPDATE ON "dolisa"."model_participants"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_participants"();
--> statement-breakpoint
CREATE TRIGGER "model_outcome_participants_delete" AFTER DELETE ON "dolisa"."model_participants"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_participants"();
--> statement-breakpoint
-- Models: a new model gets its zero row; a change of status or end date (completion) changes who counts as
-- reviewed after the end. Budget revisions and renames do not recompute anything.
CREATE OR REPLACE FUNCTION "dolisa"."model_outcome_models"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dolisa.model_outcome_refresh(ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM dolisa.model_outcome_refresh(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status OR n.end_date IS DISTINCT FROM o.end_date
      UNION SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
      UNION SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)));
  ELSE
    DELETE FROM dolisa.model_outcome_rollup r WHERE r.model_id IN (SELECT id FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "model_outcome_models_insert" AFTER INSERT ON "dolisa"."livelihood_models"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_models"();
--> statement-breakpoint
CREATE TRIGGER "model_outcome_models_update" AFTER UPDATE ON "dolisa"."livelihood_models"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_models"();
--> statement-breakpoint
CREATE TRIGGER "model_outcome_models_delete" AFTER DELETE ON "dolisa"."livelihood_models"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_models"();
--> statement-breakpoint
-- Reviews: only a review of a participant of a COMPLETED model, dated after the model's end, can change its
-- outcome (a new review, a correction retiring the old one, a deletion). Other reviews (nearly all of a seed or
-- an import) join no participant and recompute nothing.
CREATE OR REPLACE FUNCTION "dolisa"."model_outcome_reviews"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dolisa.model_outcome_refresh(ARRAY(
      SELECT DISTINCT p.model_id FROM new_rows r JOIN dolisa.model_participants p ON p.household_id = r.household_id
      JOIN dolisa.livelihood_models m ON m.id = p.model_id WHERE m.status = 'COMPLETED' AND r.assessed_on > m.end_date));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM dolisa.model_outcome_refresh(ARRAY(
      SELECT p.model_id FROM (SELECT household_id, assessed_on FROM new_rows UNION SELECT household_id, assessed_on FROM old_rows) r
      JOIN dolisa.model_participants p ON p.household_id = r.household_id
      JOIN dolisa.livelihood_models m ON m.id = p.model_id WHERE m.status = 'COMPLETED' AND r.assessed_on > m.end_date
      GROUP BY p.model_id));
  ELSE
    PERFORM dolisa.model_outcome_refresh(ARRAY(
      SELECT DISTINCT p.model_id FROM old_rows r JOIN dolisa.model_participants p ON p.household_id = r.household_id
      JOIN dolisa.livelihood_models m ON m.id = p.model_id WHERE m.status = 'COMPLETED' AND r.assessed_on > m.end_date));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "model_outcome_reviews_insert" AFTER INSERT ON "dolisa"."poverty_assessments"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_reviews"();
--> statement-breakpoint
CREATE TRIGGER "model_outcome_reviews_update" AFTER UPDATE ON "dolisa"."poverty_assessments"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_reviews"();
--> statement-breakpoint
CREATE TRIGGER "model_outcome_reviews_delete" AFTER DELETE ON "dolisa"."poverty_assessments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."model_outcome_reviews"();
--> statement-breakpoint
-- Outcomes of the models already there.
SELECT dolisa.model_outcome_refresh(ARRAY(SELECT id FROM dolisa.livelihood_models));
