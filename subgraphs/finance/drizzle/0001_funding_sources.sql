-- The funding sources the 2023-2025 livelihood-model programme integrates (../shared/DOMAIN.md, "Funding sources
-- to integrate"). Legal bases are given only where DOMAIN.md names them; the others stay null until checked.
-- A new source is a new row in a later migration.
INSERT INTO "finance"."funding_sources" ("code", "name", "kind", "legal_basis") VALUES
  ('NTP-GN-P2', 'Chương trình MTQG giảm nghèo bền vững 2021–2025, Dự án 2: đa dạng hóa sinh kế, phát triển mô hình giảm nghèo', 'NATIONAL_TARGET_PROGRAMME', 'Quyết định 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ'),
  ('NTP-NTM', 'Chương trình MTQG xây dựng nông thôn mới 2021–2025', 'NATIONAL_TARGET_PROGRAMME', 'Quyết định 263/QĐ-TTg năm 2022 của Thủ tướng Chính phủ'),
  ('NTP-DTTS', 'Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi 2021–2030', 'NATIONAL_TARGET_PROGRAMME', 'Quyết định 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ'),
  ('VNN', 'Quỹ "Vì người nghèo" (Mặt trận Tổ quốc các cấp)', 'FOR_THE_POOR_FUND', 'Quy chế ban hành kèm Quyết định 1198/QĐ-MTTW-ĐCT năm 2016 của Ủy ban Trung ương MTTQ Việt Nam'),
  ('NS-TINH', 'Ngân sách tỉnh Ninh Thuận', 'PROVINCIAL_BUDGET', NULL),
  ('NS-HUYEN', 'Ngân sách cấp huyện', 'DISTRICT_BUDGET', NULL),
  ('XHH-DN', 'Doanh nghiệp tài trợ (xã hội hóa)', 'ENTERPRISE', NULL),
  ('DOI-UNG', 'Vốn đối ứng của người dân tham gia mô hình', 'PEOPLE_CONTRIBUTION', NULL),
  ('NHCSXH', 'Vốn tín dụng chính sách (Ngân hàng Chính sách xã hội)', 'POLICY_CREDIT', NULL);
