-- Rollups kept exact on write. Statement-level triggers with transition tables: one aggregated upsert per
-- statement, whether it writes one review (a mutation) or 5,000 (a seed or import chunk), in the same
-- transaction as the write. Reads of statistics then touch rollup rows, never the reviews themselves.

-- A review inserted without the head's ethnic group (older writers, hand-made fixtures) takes the household's.
CREATE OR REPLACE FUNCTION "dolisa"."poverty_assessments_fill_group"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.head_ethnic_group IS NULL THEN
    SELECT h.head_ethnic_group INTO NEW.head_ethnic_group FROM dolisa.households h WHERE h.id = NEW.household_id;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "poverty_assessments_fill_group" BEFORE INSERT ON "dolisa"."poverty_assessments"
  FOR EACH ROW EXECUTE FUNCTION "dolisa"."poverty_assessments_fill_group"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "dolisa"."poverty_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Current reviews only: a correction's UPDATE (is_current true -> false) subtracts, its INSERT adds.
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO dolisa.poverty_rollup AS r (year, commune_code, area_type, head_ethnic_group, classification, households, synthetic)
    SELECT year, commune_code, area_type, head_ethnic_group, classification, count(*), count(*) FILTER (WHERE synthetic)
    FROM new_rows WHERE is_current GROUP BY year, commune_code, area_type, head_ethnic_group, classification
    ON CONFLICT (year, commune_code, area_type, head_ethnic_group, classification)
    DO UPDATE SET households = r.households + excluded.households, synthetic = r.synthetic + excluded.synthetic;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO dolisa.poverty_rollup AS r (year, commune_code, area_type, head_ethnic_group, classification, households, synthetic)
    SELECT year, commune_code, area_type, head_ethnic_group, classification, -count(*), -count(*) FILTER (WHERE synthetic)
    FROM old_rows WHERE is_current GROUP BY year, commune_code, area_type, head_ethnic_group, classification
    ON CONFLICT (year, commune_code, area_type, head_ethnic_group, classification)
    DO UPDATE SET households = r.households + excluded.households, synthetic = r.synthetic + excluded.synthetic;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "poverty_rollup_insert" AFTER INSERT ON "dolisa"."poverty_assessments"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."poverty_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "poverty_rollup_update" AFTER UPDATE ON "dolisa"."poverty_assessments"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."poverty_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "poverty_rollup_delete" AFTER DELETE ON "dolisa"."poverty_assessments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."poverty_rollup_apply"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "dolisa"."registry_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Households on the registry: not dissolved. A move subtracts from one commune and adds to the other.
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO dolisa.registry_rollup AS r (commune_code, households)
    SELECT commune_code, count(*) FROM new_rows WHERE dissolved_on IS NULL GROUP BY commune_code
    ON CONFLICT (commune_code) DO UPDATE SET households = r.households + excluded.households;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO dolisa.registry_rollup AS r (commune_code, households)
    SELECT commune_code, -count(*) FROM old_rows WHERE dissolved_on IS NULL GROUP BY commune_code
    ON CONFLICT (commune_code) DO UPDATE SET households = r.households + excluded.households;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "registry_rollup_insert" AFTER INSERT ON "dolisa"."households"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."registry_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "registry_rollup_update" AFTER UPDATE ON "dolisa"."households"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."registry_rollup_apply"();
--> statement-breakpoint
CREATE TRIGGER "registry_rollup_delete" AFTER DELETE ON "dolisa"."households"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dolisa"."registry_rollup_apply"();
--> statement-breakpoint
-- Rollups of the data already there.
INSERT INTO "dolisa"."poverty_rollup" (year, commune_code, area_type, head_ethnic_group, classification, households, synthetic)
SELECT year, commune_code, area_type, head_ethnic_group, classification, count(*), count(*) FILTER (WHERE synthetic)
FROM "dolisa"."poverty_assessments" WHERE is_current GROUP BY year, commune_code, area_type, head_ethnic_group, classification;
--> statement-breakpoint
INSERT INTO "dolisa"."registry_rollup" (commune_code, households)
SELECT commune_code, count(*) FROM "dolisa"."households" WHERE dissolved_on IS NULL GROUP BY commune_code;
