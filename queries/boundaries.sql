-- Boundary geometries (WKB, EPSG:4326, full precision) of the units of a vintage in a province or district.
-- For the 2025 vintage a 2023 district means the units that took over its communes.
-- @param vintage VINTAGE required: 2023 or 2025
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109
SELECT u.vintage, u.code, u.name, u.outside_parts, b.part_count, b.geometry_wkb
FROM scope_units($vintage, $province_code, $district_code) AS u
JOIN unit_boundary AS b USING (vintage, code)
ORDER BY u.code;
