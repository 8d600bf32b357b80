-- Every figure of a district's annual Project 8 report: the figure recomputed from the data (value),
-- the report's own figure (reported), whether they match, and why not where the report contradicts itself.
-- @param district_code CODE3 required: 2023 district code, e.g. 109 for Phong Thổ
-- @param year INTEGER required: report year, e.g. 2023
SELECT
    r.code,
    v.value,
    r.reported,
    coalesce(v.value = r.reported, false) AS matches,
    r.lower_bound,
    r.printed,
    r.unit,
    r.section,
    r.description_vi,
    r.description_en,
    CASE
        WHEN v.value IS NULL THEN 'Không có dữ liệu để tính lại. / No data to recompute it from.'
        WHEN v.value <> r.reported THEN r.explanation
    END AS explanation
FROM report_figure AS r
LEFT JOIN figure_value AS v USING (district_code, year, code)
WHERE r.district_code = $district_code AND r.year = $year
ORDER BY r.position;
