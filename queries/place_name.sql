-- The name of a 2023 district, or of a province in the vintage asked for, for titles of maps and exports.
-- @param vintage VINTAGE required: 2023 or 2025 (province names changed with the 2025 mergers)
-- @param district_code CODE3: 2023 district, e.g. 109
-- @param province_code CODE2: province, e.g. 12
SELECT coalesce(
    (SELECT any_value(district_name) FROM unit WHERE vintage = 2023 AND district_code = $district_code),
    (SELECT any_value(province_name) FROM unit WHERE vintage = $vintage AND province_code = $province_code)
) AS name;
