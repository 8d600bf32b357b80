-- Every year with any data for a scope: rows of any fact table, targets, budget lines, report figures.
-- Facts recorded against 2023 communes count for the 2025 vintage too (they are shown on the 2025 units
-- that took those communes over), and district-level rows count for the places their district's communes lie in.
-- @param vintage VINTAGE: 2023 or 2025 (default: each row in the vintage it was recorded in)
-- @param province_code CODE2: province of that vintage, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
SELECT DISTINCT year
FROM scoped_fact_rows($vintage, $province_code, $district_code)
ORDER BY year;
