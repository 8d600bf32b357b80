-- Which 2025 unit each 2023 commune became (national crosswalk of the package vietnamadminunits, MIT).
-- A split commune has one row per successor: its figures and polygon go to the default one (is_default),
-- so they are approximate. A 2023 commune with no known successor is listed too, with to_code NULL and the
-- reason in `note`: none is dropped. match_method says how the commune was tied to the package's list.
-- @param province_code CODE2: a province of either vintage, e.g. 12 for Lai Châu (2023 and 2025)
-- @param vintage VINTAGE: the vintage province_code is a code of (15 is Yên Bái in 2023, Lào Cai in 2025); default: either
WITH rows AS (
    SELECT c.from_code, c.to_code, c.is_split, c.is_default, c.source
    FROM crosswalk AS c
    WHERE c.from_vintage = 2023 AND c.to_vintage = 2025
    UNION ALL
    SELECT u.code, NULL, NULL, NULL, NULL
    FROM unit AS u
    WHERE u.vintage = 2023 AND u.code NOT IN (SELECT from_code FROM crosswalk WHERE from_vintage = 2023 AND to_vintage = 2025)
)
SELECT
    r.from_code,
    old.name AS from_name,
    old.district_code AS from_district_code,
    old.district_name AS from_district_name,
    old.province_code AS from_province_code,
    old.province_name AS from_province_name,
    r.to_code,
    new.name AS to_name,
    coalesce(new.province_code, p.to_province_code) AS to_province_code,
    coalesce(new.province_name, (SELECT any_value(province_name) FROM unit WHERE vintage = 2025 AND province_code = p.to_province_code)) AS to_province_name,
    r.is_split,
    r.is_default,
    m.method AS match_method,
    nullif(m.note, '') AS note,
    coalesce(r.source, p.source) AS source
FROM rows AS r
JOIN unit AS old ON old.vintage = 2023 AND old.code = r.from_code
LEFT JOIN unit AS new ON new.vintage = 2025 AND new.code = r.to_code
LEFT JOIN province_crosswalk AS p ON p.from_vintage = 2023 AND p.from_province_code = old.province_code AND p.to_vintage = 2025
LEFT JOIN crosswalk_match AS m ON m.vintage = 2023 AND m.code = r.from_code
WHERE $province_code IS NULL
   OR (coalesce($vintage, 2023) = 2023 AND old.province_code = $province_code)
   OR (coalesce($vintage, 2025) = 2025 AND coalesce(new.province_code, p.to_province_code) = $province_code)
ORDER BY old.province_code, old.district_code, r.from_code, r.is_default DESC, r.to_code;
