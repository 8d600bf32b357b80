-- The budget lines of a district report, million VND, with the rates computed from them, never typed in:
-- advanced, disbursed and expected-disbursed as shares (fractions) of the allocation. line: carryover (funds of
-- an earlier year carried over), plan (the report year's plan), planned_next (the next year's plan).
-- @param district_code CODE3 required: 2023 district code, e.g. 109
-- @param year INTEGER required: report year, e.g. 2023
SELECT
    record_id,
    allocation_year,
    line,
    funding_source,
    implementing_unit,
    CAST(allocated_mvnd AS DOUBLE) AS allocated_mvnd,
    CAST(advanced_mvnd AS DOUBLE) AS advanced_mvnd,
    CAST(disbursed_mvnd AS DOUBLE) AS disbursed_mvnd,
    CAST(expected_disbursed_mvnd AS DOUBLE) AS expected_disbursed_mvnd,
    CAST(advanced_mvnd AS DOUBLE) / nullif(CAST(allocated_mvnd AS DOUBLE), 0) AS advanced_rate,
    CAST(disbursed_mvnd AS DOUBLE) / nullif(CAST(allocated_mvnd AS DOUBLE), 0) AS disbursed_rate,
    CAST(expected_disbursed_mvnd AS DOUBLE) / nullif(CAST(allocated_mvnd AS DOUBLE), 0) AS expected_disbursed_rate,
    expected_by,
    illustrative,
    source
FROM budget
WHERE district_code = $district_code AND year = $year
ORDER BY allocation_year, CASE line WHEN 'carryover' THEN 1 WHEN 'plan' THEN 2 ELSE 3 END, record_id;
