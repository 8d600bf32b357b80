-- The percentages a district report prints, as it prints them, without recomputing any figure: what the
-- overview's cards quote beside the figures of report_figures (report_percentages checks each of them
-- against the report's own figures and against the data, and costs a second pass over the lists).
-- @param district_code CODE3 required: 2023 district code, e.g. 109
-- @param year INTEGER required: report year, e.g. 2023
SELECT code, reported_pct, decimals, printed, numerator_code, denominator_code, section
FROM report_percentage
WHERE district_code = $district_code AND year = $year
ORDER BY code;
