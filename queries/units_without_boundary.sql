-- Every unit that has no boundary to draw, and why; a 2023 unit with its 2025 successor where one is known
-- (the default one for a split commune: successor_approximate). Units whose boundary is drawn but
-- approximate are in the `communes` query (boundary_approximate, boundary_note).
-- @param vintage VINTAGE: 2023 or 2025 (default: both)
-- @param province_code CODE2: a province of that vintage, e.g. 12
SELECT
    u.vintage,
    u.code,
    u.name,
    u.unit_type,
    u.province_code,
    u.province_name,
    u.district_code,
    u.district_name,
    pm.to_code AS successor_code,
    s.name AS successor_name,
    pm.approximate AS successor_approximate,
    s.has_boundary AS successor_has_boundary,
    u.boundary_note AS reason
FROM unit AS u
LEFT JOIN place_map AS pm ON u.vintage = 2023 AND pm.from_vintage = 2023 AND pm.from_code = u.code AND pm.to_vintage = 2025
LEFT JOIN unit AS s ON s.vintage = 2025 AND s.code = pm.to_code
WHERE NOT u.has_boundary
  AND ($vintage IS NULL OR u.vintage = $vintage)
  AND ($province_code IS NULL OR u.province_code = $province_code)
ORDER BY u.vintage, u.province_code, u.district_code, u.code;
