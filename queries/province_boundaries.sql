-- Province shapes of a vintage (WKB, EPSG:4326, full precision) for the country map, named like units
-- (`code` is the province code) so the same map code draws them.
-- @param vintage VINTAGE required: 2023 or 2025
SELECT b.vintage, b.province_code AS code, p.province_name AS name, b.unit_count AS part_count, b.geometry_wkb
FROM province_boundary AS b
JOIN (SELECT DISTINCT vintage, province_code, province_name FROM unit) AS p USING (vintage, province_code)
WHERE b.vintage = $vintage
ORDER BY code;
