-- Where and when the data is: one row per year, vintage recorded in, province and 2023 district (NULL for
-- rows keyed by 2025 communes), with their names and the number of units holding data. The newest year comes
-- first, and within a year the place with the most units; the app opens on the first row when the URL names
-- no scope, and names the districts with data where a page needs one.
WITH places AS (
    SELECT year, recorded_vintage AS vintage, province_code,
           CASE WHEN recorded_vintage = 2023 THEN district_code END AS district_code,
           count(DISTINCT code) AS units
    FROM scoped_fact_rows(NULL, NULL, NULL)
    GROUP BY ALL
)
SELECT p.year, p.vintage, p.province_code, province.province_name, p.district_code, district.district_name, p.units
FROM places AS p
LEFT JOIN (SELECT DISTINCT vintage, province_code, province_name FROM unit) AS province
    ON province.vintage = p.vintage AND province.province_code = p.province_code
LEFT JOIN (SELECT DISTINCT district_code, district_name FROM unit WHERE vintage = 2023) AS district
    ON district.district_code = p.district_code
ORDER BY p.year DESC, p.units DESC, p.province_code, p.district_code;
