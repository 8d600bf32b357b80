-- Every figure of a district's annual Project 8 report: the figure recomputed from the data (value),
-- the report's own figure (reported), whether they match, and why not where the report contradicts itself.
-- With province_code instead of district_code, one row per figure code that any of the province's district
-- reports gives: an additive figure (counts, money) is the sum over those districts, of the data as of the
-- reports; one that is not (how many of its own targets a district met, registry/figures.py) is not summed,
-- and matches says whether every district's figure matches its own data. districts counts the reports summed.
-- @param district_code CODE3: 2023 district code, e.g. 109 for Phong Thổ (give it or province_code)
-- @param province_code CODE2: province, e.g. 12 for Lai Châu: its districts' figures, summed where additive
-- @param year INTEGER required: report year, e.g. 2023
WITH figures AS (
    SELECT r.*, v.value, coalesce(v.value = r.reported, false) AS matches, additive_figure(r.code) AS additive
    FROM report_figure AS r
    LEFT JOIN figure_value AS v USING (district_code, year, code)
    WHERE r.year = $year
      AND CASE
              WHEN $district_code IS NULL AND $province_code IS NULL
              THEN error('report_figures needs district_code or province_code')
              ELSE true
          END
      AND ($district_code IS NULL OR r.district_code = $district_code)
      AND ($province_code IS NULL OR r.district_code IN (
              SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = $province_code))
),
one_district AS (
    SELECT
        code,
        value,
        reported,
        matches,
        lower_bound,
        printed,
        unit,
        section,
        description_vi,
        description_en,
        CASE
            WHEN value IS NULL THEN 'Không có dữ liệu để tính lại. / No data to recompute it from.'
            WHEN value <> reported THEN explanation
        END AS explanation,
        additive,
        1 AS districts,
        position
    FROM figures
    WHERE $district_code IS NOT NULL
),
province AS (
    SELECT
        code,
        CASE WHEN additive THEN sum(value) END AS value,
        CASE WHEN additive THEN sum(reported) END AS reported,
        CASE WHEN additive THEN coalesce(sum(value) = sum(reported), false) ELSE bool_and(matches) END AS matches,
        bool_or(lower_bound) AS lower_bound,
        NULL AS printed,
        any_value(unit) AS unit,
        NULL AS section,
        arg_min(description_vi, position) AS description_vi,
        arg_min(description_en, position) AS description_en,
        CASE
            WHEN NOT additive
            THEN 'Không cộng giữa các huyện: mỗi huyện so với dữ liệu của mình. / Not summed across districts: each district is checked against its own data.'
            WHEN count(value) < count(*)
            THEN 'Có huyện không có dữ liệu để tính lại. / Some districts have no data to recompute it from.'
        END AS explanation,
        additive,
        count(*) AS districts,
        min(position) AS position
    FROM figures
    WHERE $district_code IS NULL
    GROUP BY code, additive
)
SELECT * EXCLUDE (position)
FROM (SELECT * FROM one_district UNION ALL BY NAME SELECT * FROM province)
ORDER BY position, code;
