-- Each target of a district, year by year over its period (e.g. 2022-2025): target, actual and status as the
-- report of that year states them. A year with no report in the data has reported = false and no status:
-- the dashboard shows "no report", never a guessed status. Targets are named as the latest report names them.
-- @param district_code CODE3 required: 2023 district code, e.g. 109
WITH named AS (
    SELECT code,
           arg_max(name_vi, year) AS name_vi,
           arg_max(name_en, year) AS name_en,
           arg_max(content_area, year) AS content_area,
           arg_max(record_id, year) AS position,
           min(period_start) AS period_start,
           max(period_end) AS period_end
    FROM target
    WHERE district_code = $district_code
    GROUP BY code
),
years AS (
    SELECT named.*, unnest(generate_series(period_start, period_end)) AS year
    FROM named
)
SELECT
    y.code,
    y.name_vi,
    y.name_en,
    y.content_area,
    y.period_start,
    y.period_end,
    CAST(y.year AS INTEGER) AS year,
    t.record_id IS NOT NULL AS reported,
    t.target_value,
    t.actual_value,
    t.status,
    coalesce(t.illustrative, false) AS illustrative,
    t.source
FROM years AS y
LEFT JOIN target AS t
    ON t.district_code = $district_code AND t.code = y.code AND t.year = y.year
ORDER BY y.content_area, y.position, y.year;
