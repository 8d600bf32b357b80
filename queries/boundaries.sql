-- Boundary geometries (WKB, EPSG:4326, full precision) of the units of a vintage in a province or district.
-- @param vintage INTEGER required: 2023 or 2025
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: district (2023 vintage only), e.g. 109
SELECT u.vintage, u.code, u.name, b.part_count, b.geometry_wkb
FROM unit AS u
JOIN unit_boundary AS b USING (vintage, code)
WHERE u.vintage = $vintage
  AND ($province_code IS NULL OR u.province_code = $province_code)
  AND ($district_code IS NULL OR u.district_code = $district_code)
ORDER BY u.code;
