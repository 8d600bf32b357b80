-- How far real lists have replaced the illustration, per commune-level fact table, in a scope and year:
-- rows_real / rows_illustrative, and the communes (in the vintage asked for) they lie in. One row per
-- table, in the order the dashboard names them, also for a table with no row (all zeros).
-- @param vintage VINTAGE required: 2023 or 2025
-- @param year INTEGER required: report year, e.g. 2023
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109
SELECT * FROM list_coverage_in($vintage, $province_code, $district_code, $year);
