-- Targets assigned to districts (target), one row per target with its value, actual and status as the
-- report states them, filtered for the Tables page and exports. Targets are district-level: no commune.
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109
-- @param year INTEGER: year of the report that states the target, e.g. 2023
-- @param year_from INTEGER: first year of a range of report years, e.g. 2022
-- @param year_to INTEGER: last year of a range of report years, e.g. 2025
-- @param content_area INTEGER: content area 1-4 of Project 8
-- @param status VARCHAR: exceeded, achieved, not_achieved or not_started
-- @param illustrative BOOLEAN: true: illustrative rows only; false: reported rows only
WITH districts AS (
    SELECT district_code, any_value(district_name) AS district_name, any_value(province_code) AS province_code
    FROM unit WHERE vintage = 2023 AND district_code IS NOT NULL GROUP BY district_code
)
SELECT
    f.year,
    f.district_code,
    d.district_name,
    f.code,
    f.name_vi,
    f.name_en,
    f.content_area,
    f.period_start,
    f.period_end,
    f.target_value,
    f.actual_value,
    f.status,
    f.illustrative,
    f.source,
    f.record_id
FROM target AS f
LEFT JOIN districts AS d USING (district_code)
WHERE ($year IS NULL OR f.year = $year)
  AND ($district_code IS NULL OR f.district_code = $district_code)
  AND ($province_code IS NULL OR d.province_code = $province_code)
  AND ($content_area IS NULL OR f.content_area = $content_area)
  AND ($status IS NULL OR f.status = $status)
  AND ($illustrative IS NULL OR f.illustrative = $illustrative)
  AND ($year_from IS NULL OR f.year >= $year_from)
  AND ($year_to IS NULL OR f.year <= $year_to)
ORDER BY f.year, f.district_code, f.content_area, f.record_id;
