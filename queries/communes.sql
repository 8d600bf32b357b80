-- Commune-level units (communes, wards, townships) of one boundary vintage, with population and area.
-- Population is the 2009 census attribute of the boundary file (a relative denominator); area is in km².
-- A 2025 unit's boundary, population and area are dissolved and summed from its 2023 predecessors:
-- boundary_approximate says where that is approximate (a split commune, a predecessor without boundary)
-- and boundary_note says why, or why a unit has no boundary.
-- @param vintage INTEGER required: 2023 (before 1 July 2025) or 2025 (since)
-- @param province_code CODE2: province, e.g. 12 for Lai Châu
-- @param district_code CODE3: district, e.g. 109 for Phong Thổ (2023 vintage only: districts were abolished in 2025)
SELECT
    vintage,
    code,
    name,
    unit_type,
    province_code,
    province_name,
    district_code,
    district_name,
    population,
    area_km2,
    has_boundary,
    boundary_approximate,
    boundary_note
FROM unit
WHERE CASE
        WHEN $vintage NOT IN (SELECT vintage FROM vintage) THEN unknown_vintage()
        WHEN $vintage = 2025 AND $district_code IS NOT NULL
            THEN error('district_code applies to the 2023 vintage only: districts were abolished on 1 July 2025')
        ELSE vintage = $vintage
      END
  AND ($province_code IS NULL OR province_code = $province_code)
  AND ($district_code IS NULL OR district_code = $district_code)
ORDER BY province_code, district_code, code;
