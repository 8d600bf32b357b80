-- Provinces of a vintage, with their number of commune-level units.
-- @param vintage INTEGER required: 2023 or 2025
SELECT province_code, any_value(province_name) AS province_name, count(*) AS communes
FROM unit
WHERE vintage = $vintage
GROUP BY province_code
ORDER BY province_code;
