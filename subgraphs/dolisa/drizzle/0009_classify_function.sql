-- The Decree 07/2021 classification as a SQL function over the dated standards, so a review written one at a
-- time and a file of 190,000 reviews are classified by the same rule, in the database, in one statement.
-- It mirrors classify() in src/poverty/classify.ts (which the synthetic seed uses to generate data); a test checks
-- the two agree at every threshold.
CREATE OR REPLACE FUNCTION "dolisa"."classify_review"(income bigint, deprivation_count integer, standard_id integer)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN income <= s.income_line THEN CASE WHEN deprivation_count >= s.min_deprivations_for_poor THEN 'POOR' ELSE 'NEAR_POOR' END
    WHEN income <= s.average_living_ceiling THEN 'AVERAGE_LIVING'
    ELSE 'ABOVE_AVERAGE'
  END
  FROM dolisa.poverty_standards s WHERE s.id = standard_id
$$;
