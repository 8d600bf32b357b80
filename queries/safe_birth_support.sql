-- Safe-birth support packages (safe_birth_support), one row per package paid in a commune, filtered for
-- the Tables page and exports.
-- commune_code/commune_name are the commune in the vintage asked for: a row recorded against a 2023
-- commune is listed under its 2025 successor through the crosswalk (listed, never summed: one row stays one
-- row); recorded_* say where it was recorded, and approximate marks a split commune's default successor.
-- A row with no successor in the vintage asked for keeps an empty commune and is still listed.
-- @param vintage INTEGER: communes of the 2023 or 2025 vintage (default: as recorded)
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
-- @param year INTEGER: report year, e.g. 2023
-- @param commune_code CODE5: one commune of the vintage shown, e.g. 03562
-- @param illustrative BOOLEAN: true: illustrative rows only; false: reported rows only
WITH units AS (
    SELECT vintage, code FROM scope_units(2023, $province_code, $district_code)
    UNION ALL
    SELECT vintage, code FROM scope_units(2025, $province_code, $district_code)
),
facts AS (
    SELECT f.*, coalesce($vintage, f.vintage) AS shown_vintage, pm.to_code AS shown_code,
           coalesce(pm.approximate, false) AS approximate
    FROM safe_birth_support AS f
    LEFT JOIN place_map AS pm
        ON pm.from_vintage = f.vintage AND pm.from_code = f.commune_code AND pm.to_vintage = coalesce($vintage, f.vintage)
    WHERE ($year IS NULL OR f.year = $year)
      AND ($illustrative IS NULL OR f.illustrative = $illustrative)
)
SELECT
    f.year,
    f.shown_vintage AS vintage,
    f.district_code,
    f.shown_code AS commune_code,
    shown.name AS commune_name,
    f.package,
    f.mothers_paid,
    f.illustrative,
    f.source,
    f.record_id,
    f.vintage AS recorded_vintage,
    f.commune_code AS recorded_commune_code,
    recorded.name AS recorded_commune_name,
    f.approximate
FROM facts AS f
LEFT JOIN unit AS shown ON shown.vintage = f.shown_vintage AND shown.code = f.shown_code
LEFT JOIN unit AS recorded ON recorded.vintage = f.vintage AND recorded.code = f.commune_code
WHERE (SELECT CASE WHEN $vintage NOT IN (2023, 2025) THEN error('vintage must be 2023 or 2025') ELSE true END)
  AND ($commune_code IS NULL OR f.shown_code = $commune_code)
  AND ((f.shown_vintage, f.shown_code) IN (SELECT vintage, code FROM units)
       OR (f.shown_code IS NULL AND (f.vintage, f.commune_code) IN (SELECT vintage, code FROM units)))
ORDER BY f.year, f.shown_code, f.record_id;
