-- Ethnic-minority and mountainous area classification 2021-2025, Decision 861/QĐ-TTg of the Prime Minister
-- (4/6/2021): the 28 communes of Ninh Thuận it lists. Real reference data, not synthetic; it must agree with
-- ETHNIC_AREA_861 in packages/synthetic/src/calibration.ts (a spec checks this). Communes not listed are
-- unclassified. A later decision closes these rows (valid_until) and adds its own in a new migration.
INSERT INTO "ethnic"."ethnic_area_classifications" ("commune_code", "region", "decision", "valid_from", "valid_until")
VALUES
  -- Region III (15): Mỹ Sơn, Ma Nới (Ninh Sơn); Phước Chiến, Phước Kháng, Bắc Sơn (Thuận Bắc); Phước Hà (Thuận Nam); all 9 communes of Bác Ái
  ('22822', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Mỹ Sơn, Ninh Sơn
  ('22828', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Ma Nới, Ninh Sơn
  ('22885', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Hà, Thuận Nam
  ('22853', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Bắc Sơn, Thuận Bắc
  ('22837', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Chiến, Thuận Bắc
  ('22843', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Kháng, Thuận Bắc
  ('22783', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Bình, Bác Ái
  ('22786', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Hòa, Bác Ái
  ('22789', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Tân, Bác Ái
  ('22792', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Tiến, Bác Ái
  ('22795', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Thắng, Bác Ái
  ('22798', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Thành, Bác Ái
  ('22801', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Đại, Bác Ái
  ('22804', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Chính, Bác Ái
  ('22807', 'REGION_III', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Trung, Bác Ái
  -- Region II (1)
  ('22849', 'REGION_II', '861/QĐ-TTg', '2021-06-04', NULL), -- Lợi Hải, Thuận Bắc
  -- Region I (12)
  ('22813', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Lâm Sơn, Ninh Sơn
  ('22816', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Lương Sơn, Ninh Sơn
  ('22831', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Nhơn Sơn, Ninh Sơn
  ('22858', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Xuân Hải, Ninh Hải
  ('22898', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Ninh, Thuận Nam
  ('22897', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Nam, Thuận Nam
  ('22876', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Thái, Ninh Phước
  ('22894', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Hải, Ninh Phước
  ('22879', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Hậu, Ninh Phước
  ('22891', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Hữu, Ninh Phước
  ('22870', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL), -- Phước Dân, Ninh Phước
  ('22840', 'REGION_I', '861/QĐ-TTg', '2021-06-04', NULL); -- Công Hải, Thuận Bắc
