-- Districts of the 2023 vintage in a province, with their commune count and the report years that have data.
-- @param province_code CODE2 required: province, e.g. 12 for Lai Châu
SELECT
    u.district_code,
    any_value(u.district_name) AS district_name,
    count(*) AS communes,
    count(*) FILTER (u.has_boundary) AS communes_with_boundary,
    (SELECT list(DISTINCT r.year ORDER BY r.year) FROM report_figure AS r WHERE r.district_code = u.district_code) AS report_years
FROM unit AS u
WHERE u.vintage = 2023 AND u.province_code = $province_code
GROUP BY u.district_code
ORDER BY u.district_code;
