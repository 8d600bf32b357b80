-- Project 8 activity per commune of a district and year (2023 vintage): teams, communicators,
-- trusted addresses, clubs, events, supervision. illustrative is true where any count rests on the
-- illustrative allocation rather than on the report.
-- @param district_code CODE3 required: 2023 district code, e.g. 109
-- @param year INTEGER required: e.g. 2023
WITH communes AS (
    SELECT code, name, population, area_km2 FROM unit WHERE vintage = 2023 AND district_code = $district_code
),
teams AS (
    SELECT commune_code, count(*) AS comm_teams, sum(communicators) AS communicators,
           sum(communicators_female) AS communicators_female, bool_or(illustrative) AS illustrative
    FROM comm_team WHERE vintage = 2023 AND year = $year GROUP BY commune_code
),
addresses AS (
    SELECT commune_code, count(*) AS trusted_addresses, sum(members) AS trusted_address_members,
           bool_or(illustrative) AS illustrative
    FROM trusted_address WHERE vintage = 2023 AND year = $year GROUP BY commune_code
),
clubs AS (
    SELECT commune_code, count(*) AS clubs, bool_or(illustrative) AS illustrative
    FROM club WHERE vintage = 2023 AND year = $year GROUP BY commune_code
),
events AS (
    SELECT commune_code, count(*) AS events, count(*) FILTER (event_type = 'policy_dialogue') AS policy_dialogues,
           bool_or(illustrative) AS illustrative
    FROM event WHERE vintage = 2023 AND year = $year GROUP BY commune_code
),
visits AS (
    SELECT DISTINCT commune_code, true AS supervised FROM supervision WHERE vintage = 2023 AND year = $year
),
project AS (
    SELECT commune_code, is_project, illustrative FROM project_commune WHERE vintage = 2023 AND year = $year
)
SELECT
    c.code,
    c.name,
    c.population,
    c.area_km2,
    coalesce(p.is_project, t.comm_teams > 0, false) AS is_project,
    coalesce(t.comm_teams, 0) AS comm_teams,
    coalesce(t.communicators, 0) AS communicators,
    coalesce(t.communicators_female, 0) AS communicators_female,
    round(1000 * coalesce(t.communicators, 0) / nullif(c.population, 0), 2) AS communicators_per_1000,
    coalesce(a.trusted_addresses, 0) AS trusted_addresses,
    coalesce(a.trusted_address_members, 0) AS trusted_address_members,
    coalesce(cl.clubs, 0) AS clubs,
    coalesce(e.events, 0) AS events,
    coalesce(e.policy_dialogues, 0) AS policy_dialogues,
    coalesce(v.supervised, false) AS supervised,
    coalesce(t.illustrative, false) OR coalesce(a.illustrative, false) OR coalesce(cl.illustrative, false)
        OR coalesce(e.illustrative, false) OR coalesce(p.illustrative, false) AS illustrative
FROM communes AS c
LEFT JOIN teams AS t ON t.commune_code = c.code
LEFT JOIN addresses AS a ON a.commune_code = c.code
LEFT JOIN clubs AS cl ON cl.commune_code = c.code
LEFT JOIN events AS e ON e.commune_code = c.code
LEFT JOIN visits AS v ON v.commune_code = c.code
LEFT JOIN project AS p ON p.commune_code = c.code
ORDER BY c.code;
