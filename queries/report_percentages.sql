-- The percentages a district report prints, checked twice: against the report's own figures
-- (is its arithmetic right?) and against the data. matches compares at the precision printed.
-- @param district_code CODE3 required: 2023 district code, e.g. 109
-- @param year INTEGER required: report year, e.g. 2023
WITH figures AS (  -- the district's figures only, recomputed once
    SELECT district_code, year, code, value FROM figure_kinds($district_code, NULL, $year)
)
SELECT
    p.code,
    p.reported_pct,
    round(100 * p.numerator_reported / p.denominator_reported, 2) AS pct_from_report,
    round(100 * num.value / nullif(den.value, 0), 2) AS pct_from_data,
    round(100 * p.numerator_reported / p.denominator_reported, p.decimals) = p.reported_pct AS matches,
    p.numerator_reported,
    p.denominator_reported,
    p.printed,
    p.section,
    p.description_vi,
    p.description_en
FROM report_percentage AS p
LEFT JOIN figures AS num
    ON num.district_code = p.district_code AND num.year = p.year AND num.code = p.numerator_code
LEFT JOIN figures AS den
    ON den.district_code = p.district_code AND den.year = p.year AND den.code = p.denominator_code
WHERE p.district_code = $district_code AND p.year = $year
ORDER BY p.code;
