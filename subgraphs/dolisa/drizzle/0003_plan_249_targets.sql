-- Coordination plan 249/KHPH-UBND-MTTQ (21/3/2023) between the Provincial People's Committee and the
-- Fatherland Front, and its yearly targets (DOMAIN.md). T4 (ethnic-minority poor rate) belongs to the Ethnic
-- Committee's subgraph. For rate targets (measure PP) min..max is the wanted change in percentage points:
-- a fall of 1.5 to 2.0 pp is [-2.0, -1.5]; a larger fall also meets the target.
INSERT INTO "dolisa"."plans" ("code", "title", "issued_on", "from_year", "to_year") VALUES
  ('249/KHPH-UBND-MTTQ', 'Coordination plan on building livelihood models for sustainable poverty reduction, 2023-2025', '2023-03-21', 2023, 2025);
--> statement-breakpoint
INSERT INTO "dolisa"."plan_targets" ("plan_code", "target_id", "metric", "scope", "unit_code", "measure", "year", "min", "max", "description")
SELECT '249/KHPH-UBND-MTTQ', t.target_id, t.metric, t.scope, t.unit_code, t.measure, y.year, t.min, t.max, t.description
FROM (VALUES
  ('T1', 'COMMUNES_WITH_EFFECTIVE_MODEL', 'PROVINCE_COMMUNES', '58', 'FRACTION', 1.0::float8, NULL::float8,
   '100% of communes, wards and townships run at least one effective livelihood model'),
  ('T2', 'PARTICIPANTS_ESCAPED_POVERTY', 'MODEL_PARTICIPANTS', '58', 'FRACTION', 1.0, NULL,
   '100% of households taking part in a model leave poverty sustainably when the model ends'),
  ('T3', 'POOR_RATE_CHANGE', 'PROVINCE', '58', 'PP', -2.0, -1.5,
   'The poor-household rate falls 1.5-2.0 percentage points every year'),
  ('T5', 'POOR_RATE_CHANGE', 'POOR_DISTRICT', '584', 'PP', -5.0, -4.0,
   'The poor-household rate of the poor district (Bác Ái, Decision 353/QĐ-TTg) falls 4-5 percentage points every year')
) AS t(target_id, metric, scope, unit_code, measure, min, max, description)
CROSS JOIN (VALUES (2023), (2024), (2025)) AS y(year);
