-- The records a map shows as points, one row each, placed in the units of the vintage asked for:
-- communication teams (by village), trusted addresses, clubs (by school) and events. latitude/longitude
-- are the recorded coordinates, NULL where none were recorded (the map then places the point inside its
-- unit and says so).
-- @param vintage VINTAGE required: 2023 or 2025
-- @param year INTEGER required: report year, e.g. 2023
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
-- @param commune_code CODE5: one unit of the vintage, e.g. 03595 (the map draws one commune's records when there are too many to draw all)
WITH units AS (
    SELECT code, name FROM scope_units($vintage, $province_code, $district_code)
),
placed AS (
    SELECT from_vintage, from_code, to_code AS code FROM place_map WHERE to_vintage = $vintage
),
records AS (
    SELECT 'comm_team' AS layer, record_id, vintage, commune_code, village AS place, NULL AS subtype, NULL AS detail,
           communicators AS people, communicators_female AS people_female, established_on AS dated,
           CAST(NULL AS DOUBLE) AS latitude, CAST(NULL AS DOUBLE) AS longitude, illustrative
    FROM comm_team WHERE year = $year
    UNION ALL
    SELECT 'trusted_address', record_id, vintage, commune_code, village, NULL, name, members, members_female,
           established_on, latitude, longitude, illustrative
    FROM trusted_address WHERE year = $year
    UNION ALL
    SELECT 'club', record_id, vintage, commune_code, school, status, club_name, NULL, NULL, NULL, NULL, NULL, illustrative
    FROM club WHERE year = $year
    UNION ALL
    SELECT 'event', record_id, vintage, commune_code, villages, event_type, topic, attendees,
           NULL, held_on, NULL, NULL, illustrative
    FROM event WHERE year = $year AND commune_code IS NOT NULL
)
SELECT r.layer, r.record_id, p.code, u.name AS unit_name, r.place, r.subtype, r.detail, r.people, r.people_female,
       r.dated, r.latitude, r.longitude, r.illustrative
FROM records AS r
JOIN placed AS p ON p.from_vintage = r.vintage AND p.from_code = r.commune_code
JOIN units AS u ON u.code = p.code
WHERE $commune_code IS NULL OR p.code = $commune_code
ORDER BY r.layer, p.code, r.record_id;
