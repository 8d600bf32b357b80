-- How each polygon of the boundary file was tied to an official 2023 code: exact, normalized, alias,
-- ascii, merged — or unmatched, with the reason. Nothing is dropped silently.
-- @param province_code CODE2: limit to one province (official 2023 code), e.g. 12
-- @param method VARCHAR: limit to one method, e.g. unmatched
SELECT m.census_commune_id, m.province, m.district, m.commune, m.vintage, m.code, u.name AS official_name, m.method, m.note
FROM boundary_match AS m
LEFT JOIN unit AS u ON u.vintage = m.vintage AND u.code = m.code
WHERE ($method IS NULL OR m.method = $method)
  AND ($province_code IS NULL OR u.province_code = $province_code
       OR m.province = (SELECT any_value(replace(replace(province_name, 'Tỉnh ', ''), 'Thành phố ', '')) FROM unit WHERE vintage = 2023 AND province_code = $province_code))
ORDER BY m.census_commune_id;
