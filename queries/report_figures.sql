-- Every figure of a district's annual Project 8 report: the figure recomputed from the data (value),
-- the report's own figure (reported), whether they match, and why not where the report contradicts itself.
-- With province_code instead of district_code, one row per figure code that any of the province's district
-- reports gives: an additive figure (counts, money) is the sum over those districts, of the data as of the
-- reports; one that is not (how many of its own targets a district met, registry/figures.py) is not summed,
-- and matches says whether every district's figure matches its own data. districts counts the reports summed.
-- The lists are of two kinds: listed_real sums the real lists, listed_illustrative the illustrative rows
-- (value is both), each in communes_real / communes_illustrative of communes_listed communes (NULL for a
-- district-level table). cause says why value differs from reported: 'match' (it does not), 'no_data',
-- 'report' (the report contradicts itself: explanation), 'illustrative' (communes still illustrative: the
-- real lists so far do not exceed the report, so the lists still to come can settle it) or 'real_lists'
-- (the real lists disagree with the report). For a province the first of real_lists, illustrative, report,
-- no_data that a district has, unless the province's figure matches.
-- @param district_code CODE3: 2023 district code, e.g. 109 for Phong Thổ (give it or province_code)
-- @param province_code CODE2: province, e.g. 12 for Lai Châu: its districts' figures, summed where additive
-- @param year INTEGER required: report year, e.g. 2023
WITH figures AS (
    SELECT r.*, k.value, coalesce(k.value = r.reported, false) AS matches, additive_figure(r.code) AS additive,
           k.listed_real, k.listed_illustrative, k.communes_real, k.communes_illustrative, k.communes_listed,
           CASE
               WHEN k.value = r.reported THEN 'match'
               WHEN k.value IS NULL THEN 'no_data'
               WHEN r.explanation IS NOT NULL THEN 'report'
               WHEN coalesce(k.listed_illustrative, 0) <> 0 AND coalesce(k.listed_real, 0) <= r.reported THEN 'illustrative'
               ELSE 'real_lists'
           END AS cause
    FROM report_figure AS r
    -- Only the scope's districts and year are recomputed (figure_kinds filters the rows before grouping them).
    LEFT JOIN figure_kinds($district_code, $province_code, $year) AS k USING (district_code, year, code)
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
        listed_real,
        listed_illustrative,
        communes_real,
        communes_illustrative,
        communes_listed,
        cause,
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
        CASE WHEN additive THEN sum(listed_real) END AS listed_real,
        CASE WHEN additive THEN sum(listed_illustrative) END AS listed_illustrative,
        sum(communes_real) AS communes_real,
        sum(communes_illustrative) AS communes_illustrative,
        sum(communes_listed) AS communes_listed,
        CASE
            WHEN (additive AND coalesce(sum(value) = sum(reported), false)) OR (NOT additive AND bool_and(matches)) THEN 'match'
            WHEN bool_or(cause = 'real_lists') THEN 'real_lists'
            WHEN bool_or(cause = 'illustrative') THEN 'illustrative'
            WHEN bool_or(cause = 'report') THEN 'report'
            ELSE 'no_data'
        END AS cause,
        min(position) AS position
    FROM figures
    WHERE $district_code IS NULL
    GROUP BY code, additive
)
SELECT * EXCLUDE (position)
FROM (SELECT * FROM one_district UNION ALL BY NAME SELECT * FROM province)
ORDER BY position, code;
