-- The techniques a technology transfer names (chuyển giao khoa học, kỹ thuật): the department's own reference
-- list, kept as data so that a new technique is a new row, not a code change.
INSERT INTO "agriculture"."techniques" ("code", "name", "name_vi") VALUES
  ('DRIP_IRRIGATION', 'Drip irrigation', 'Tưới nhỏ giọt tiết kiệm nước'),
  ('SPRINKLER_IRRIGATION', 'Sprinkler irrigation', 'Tưới phun mưa'),
  ('VIETGAP', 'VietGAP good agricultural practice', 'Sản xuất theo tiêu chuẩn VietGAP'),
  ('IMPROVED_BREED', 'Improved breed or variety', 'Giống cây trồng, vật nuôi cải tiến'),
  ('BIOSECURE_LIVESTOCK', 'Biosecure livestock husbandry', 'Chăn nuôi an toàn sinh học'),
  ('FODDER_SILAGE', 'Fodder growing and silage', 'Trồng cỏ và ủ chua thức ăn xanh'),
  ('BIO_ORGANIC_FERTILISER', 'Bio-organic fertiliser', 'Sản xuất, sử dụng phân hữu cơ vi sinh'),
  ('NET_HOUSE', 'Net house and greenhouse growing', 'Canh tác trong nhà lưới, nhà màng'),
  ('BIOFLOC_AQUACULTURE', 'Biofloc aquaculture', 'Nuôi thủy sản công nghệ biofloc'),
  ('AGROFORESTRY', 'Agroforestry', 'Nông lâm kết hợp'),
  ('NATURAL_DYEING', 'Natural dyeing for brocade', 'Nhuộm màu tự nhiên cho thổ cẩm'),
  ('POST_HARVEST', 'Post-harvest handling and preservation', 'Sơ chế, bảo quản sau thu hoạch');
