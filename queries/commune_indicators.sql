-- Project 8 figures of every unit of a scope and year, in the boundaries of the vintage asked for: facts
-- recorded against 2023 communes are re-aggregated to their 2025 successors through the crosswalk.
-- One row per unit. `covered` says whether the unit lies in a district that reported for the year (or has
-- facts of its own): there a missing activity is a real zero; elsewhere the map shows "no data".
-- illustrative is true where a count rests on the illustrative allocation rather than on a real list;
-- has_real_list where some of the unit's rows come from a real list (a unit may be both while lists arrive).
-- The figures are computed by the macro commune_figures (data/views.sql), which `underserved` shares.
-- @param vintage VINTAGE required: 2023 or 2025
-- @param year INTEGER required: report year, e.g. 2023
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
SELECT * FROM commune_figures($vintage, $year, $province_code, $district_code)
ORDER BY code;
