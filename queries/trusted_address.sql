-- Trusted addresses (trusted_address), one row per address, filtered for the Tables page and exports.
-- commune_code/commune_name are the commune in the vintage asked for: a row recorded against a 2023
-- commune is listed under its 2025 successor through the crosswalk (listed, never summed: one row stays one
-- row); recorded_* say where it was recorded, and approximate marks a split commune's default successor.
-- A row with no successor in the vintage asked for keeps an empty commune and is still listed.
-- latitude/longitude are the recorded coordinates, NULL where none were recorded.
-- @param vintage INTEGER: communes of the 2023 or 2025 vintage (default: as recorded)
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
-- @param year INTEGER: report year, e.g. 2023
-- @param year_from INTEGER: first year of a range of report years, e.g. 2022
-- @param year_to INTEGER: last year of a range of report years, e.g. 2025
-- @param commune_code CODE5: one commune of the vintage shown, e.g. 03562
-- @param illustrative BOOLEAN: true: illustrative rows only; false: reported rows only
SELECT
    year,
    vintage,
    district_code,
    commune_code,
    commune_name,
    village,
    name,
    members,
    members_female,
    established_on,
    latitude,
    longitude,
    illustrative,
    source,
    record_id,
    recorded_vintage,
    recorded_commune_code,
    recorded_commune_name,
    approximate
FROM listed_facts('trusted_address', $vintage, $province_code, $district_code, $year, $illustrative)
WHERE ($commune_code IS NULL OR commune_code = $commune_code)
  AND ($year_from IS NULL OR year >= $year_from)
  AND ($year_to IS NULL OR year <= $year_to)
ORDER BY year, commune_code, record_id;
