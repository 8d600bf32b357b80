-- Project 8 figures of every unit of a scope and year, in the boundaries of the vintage asked for: facts
-- recorded against 2023 communes are re-aggregated to their 2025 successors through the crosswalk.
-- One row per unit. `covered` says whether the unit lies in a district that reported for the year (or has
-- facts of its own): there a missing activity is a real zero; elsewhere the map shows "no data".
-- illustrative is true where a count rests on the illustrative allocation rather than on the report.
-- @param vintage VINTAGE required: 2023 or 2025
-- @param year INTEGER required: report year, e.g. 2023
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
WITH units AS (
    SELECT * FROM scope_units($vintage, $province_code, $district_code)
),
placed AS (
    SELECT from_vintage, from_code, to_code AS code, approximate
    FROM place_map WHERE to_vintage = $vintage
),
teams AS (
    SELECT p.code, count(*) AS comm_teams, CAST(sum(f.communicators) AS BIGINT) AS communicators,
           CAST(sum(f.communicators_female) AS BIGINT) AS communicators_female, bool_or(f.illustrative) AS illustrative
    FROM comm_team AS f JOIN placed AS p ON p.from_vintage = f.vintage AND p.from_code = f.commune_code
    WHERE f.year = $year GROUP BY p.code
),
addresses AS (
    SELECT p.code, count(*) AS trusted_addresses, CAST(sum(f.members) AS BIGINT) AS trusted_address_members,
           CAST(sum(f.members_female) AS BIGINT) AS trusted_address_members_female, bool_or(f.illustrative) AS illustrative
    FROM trusted_address AS f JOIN placed AS p ON p.from_vintage = f.vintage AND p.from_code = f.commune_code
    WHERE f.year = $year GROUP BY p.code
),
clubs AS (
    SELECT p.code, count(*) AS clubs, count(DISTINCT f.school) AS club_schools, bool_or(f.illustrative) AS illustrative
    FROM club AS f JOIN placed AS p ON p.from_vintage = f.vintage AND p.from_code = f.commune_code
    WHERE f.year = $year GROUP BY p.code
),
events AS (
    SELECT p.code, count(*) AS events, CAST(sum(f.attendees) AS BIGINT) AS event_attendees,
           count(*) FILTER (f.event_type = 'policy_dialogue') AS policy_dialogues, bool_or(f.illustrative) AS illustrative
    FROM event AS f JOIN placed AS p ON p.from_vintage = f.vintage AND p.from_code = f.commune_code
    WHERE f.year = $year GROUP BY p.code
),
visits AS (
    SELECT p.code, count(DISTINCT f.commune_code) AS supervised_parts
    FROM supervision AS f JOIN placed AS p ON p.from_vintage = f.vintage AND p.from_code = f.commune_code
    WHERE f.year = $year GROUP BY p.code
),
project AS (
    SELECT p.code, bool_or(f.is_project) AS is_project, bool_or(f.illustrative) AS illustrative
    FROM project_commune AS f JOIN placed AS p ON p.from_vintage = f.vintage AND p.from_code = f.commune_code
    WHERE f.year = $year GROUP BY p.code
),
approximate AS (
    SELECT code, bool_or(approximate) AS approximate FROM placed GROUP BY code
),
reporting AS (
    SELECT p.code, true AS reported
    FROM placed AS p
    JOIN unit AS old ON old.vintage = p.from_vintage AND old.code = p.from_code
    WHERE old.district_code IN (SELECT district_code FROM report_figure WHERE year = $year)
    GROUP BY p.code
)
SELECT
    u.vintage,
    u.code,
    u.name,
    u.province_code,
    u.district_code,
    u.population,
    u.area_km2,
    u.outside_parts,
    coalesce(p.is_project, t.comm_teams > 0, false) AS is_project,
    coalesce(t.comm_teams, 0) AS comm_teams,
    coalesce(t.communicators, 0) AS communicators,
    coalesce(t.communicators_female, 0) AS communicators_female,
    round(1000 * coalesce(t.communicators, 0) / nullif(u.population, 0), 2) AS communicators_per_1000,
    round(100 * t.communicators_female / nullif(t.communicators, 0), 1) AS communicators_female_pct,
    coalesce(a.trusted_addresses, 0) AS trusted_addresses,
    coalesce(a.trusted_address_members, 0) AS trusted_address_members,
    coalesce(a.trusted_address_members_female, 0) AS trusted_address_members_female,
    round(100 * a.trusted_address_members_female / nullif(a.trusted_address_members, 0), 1) AS trusted_address_members_female_pct,
    coalesce(cl.clubs, 0) AS clubs,
    coalesce(cl.club_schools, 0) AS club_schools,
    coalesce(e.events, 0) AS events,
    coalesce(e.event_attendees, 0) AS event_attendees,
    coalesce(e.policy_dialogues, 0) AS policy_dialogues,
    coalesce(v.supervised_parts, 0) > 0 AS supervised,
    (t.code IS NOT NULL OR a.code IS NOT NULL OR cl.code IS NOT NULL OR e.code IS NOT NULL OR v.code IS NOT NULL
        OR p.code IS NOT NULL) AS has_facts,
    coalesce(r.reported, false) OR t.code IS NOT NULL OR a.code IS NOT NULL OR cl.code IS NOT NULL
        OR e.code IS NOT NULL OR v.code IS NOT NULL OR p.code IS NOT NULL AS covered,
    coalesce(t.illustrative, false) OR coalesce(a.illustrative, false) OR coalesce(cl.illustrative, false)
        OR coalesce(e.illustrative, false) OR coalesce(p.illustrative, false) AS illustrative,
    coalesce(x.approximate, false) AS approximate
FROM units AS u
LEFT JOIN teams AS t ON t.code = u.code
LEFT JOIN addresses AS a ON a.code = u.code
LEFT JOIN clubs AS cl ON cl.code = u.code
LEFT JOIN events AS e ON e.code = u.code
LEFT JOIN visits AS v ON v.code = u.code
LEFT JOIN project AS p ON p.code = u.code
LEFT JOIN approximate AS x ON x.code = u.code
LEFT JOIN reporting AS r ON r.code = u.code
ORDER BY u.code;
