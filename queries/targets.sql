-- The targets a district was assigned, with target, actual and status as its report states them.
-- @param district_code CODE3 required: 2023 district code, e.g. 109
-- @param year INTEGER required: report year, e.g. 2023
SELECT code, name_vi, name_en, content_area, period_start, period_end, target_value, actual_value, status, illustrative, source
FROM target
WHERE district_code = $district_code AND year = $year
ORDER BY content_area, record_id;
