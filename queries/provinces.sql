-- Provinces of a vintage (63 before 1 July 2025, 34 since), with their number of commune-level units and of
-- those with a boundary; a 2023 province with the 2025 province it was merged into.
-- @param vintage INTEGER required: 2023 or 2025
SELECT
    u.province_code,
    any_value(u.province_name) AS province_name,
    count(*) AS communes,
    count(*) FILTER (u.has_boundary) AS communes_with_boundary,
    count(*) FILTER (u.boundary_approximate) AS communes_with_approximate_boundary,
    any_value(p.to_province_code) AS to_province_code,
    (SELECT any_value(n.province_name) FROM unit AS n WHERE n.vintage = 2025 AND n.province_code = any_value(p.to_province_code)) AS to_province_name
FROM unit AS u
LEFT JOIN province_crosswalk AS p ON u.vintage = 2023 AND p.from_vintage = 2023 AND p.from_province_code = u.province_code AND p.to_vintage = 2025
WHERE CASE WHEN $vintage NOT IN (SELECT vintage FROM vintage) THEN unknown_vintage() ELSE u.vintage = $vintage END
GROUP BY u.province_code
ORDER BY u.province_code;
