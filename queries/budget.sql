-- Budget lines of districts (budget), million VND: allocated, advanced, disbursed and expected disbursement,
-- one row per line as the report states it, filtered for the Tables page and exports. District-level: no commune.
-- line: carryover (funds of an earlier year carried over), plan (the year's plan), planned_next (next year's).
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109
-- @param year INTEGER: year of the report, e.g. 2023
-- @param year_from INTEGER: first year of a range of report years, e.g. 2022
-- @param year_to INTEGER: last year of a range of report years, e.g. 2025
-- @param line VARCHAR: carryover, plan or planned_next
-- @param illustrative BOOLEAN: true: illustrative rows only; false: reported rows only
WITH districts AS (
    SELECT district_code, any_value(district_name) AS district_name, any_value(province_code) AS province_code
    FROM unit WHERE vintage = 2023 AND district_code IS NOT NULL GROUP BY district_code
)
SELECT
    f.year,
    f.district_code,
    d.district_name,
    f.allocation_year,
    f.line,
    f.funding_source,
    f.implementing_unit,
    f.allocated_mvnd,
    f.advanced_mvnd,
    f.disbursed_mvnd,
    f.expected_disbursed_mvnd,
    f.expected_by,
    f.illustrative,
    f.source,
    f.record_id
FROM budget AS f
LEFT JOIN districts AS d USING (district_code)
WHERE ($year IS NULL OR f.year = $year)
  AND ($district_code IS NULL OR f.district_code = $district_code)
  AND ($province_code IS NULL OR d.province_code = $province_code)
  AND ($line IS NULL OR f.line = $line)
  AND ($illustrative IS NULL OR f.illustrative = $illustrative)
  AND ($year_from IS NULL OR f.year >= $year_from)
  AND ($year_to IS NULL OR f.year <= $year_to)
ORDER BY f.year, f.district_code, f.allocation_year, f.record_id;
