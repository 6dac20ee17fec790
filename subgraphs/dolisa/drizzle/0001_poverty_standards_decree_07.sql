-- Decree 07/2021/NĐ-CP multidimensional poverty standard, 2022-2025. The average-living ceilings are
-- DOMAIN.md's unverified defaults. A later decree is added as new rows by a later migration.
INSERT INTO "dolisa"."poverty_standards"
  ("decree", "from_year", "to_year", "area_type", "income_line", "average_living_ceiling", "min_deprivations_for_poor")
VALUES
  ('07/2021/NĐ-CP', 2022, 2025, 'RURAL', 1500000, 2250000, 3),
  ('07/2021/NĐ-CP', 2022, 2025, 'URBAN', 2000000, 3000000, 3);
