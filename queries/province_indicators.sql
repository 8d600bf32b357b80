-- Project 8 figures of every province for a year, in the units of the vintage asked for: the sums of their
-- communes' figures (commune_figures), rates recomputed from the sums. One row per province of the vintage,
-- `code` being the province code so the country map reads it like `commune_indicators`. `covered` says
-- whether any of its units has data; elsewhere the figures are NULL and the map shows "no data".
-- @param vintage VINTAGE required: 2023 or 2025
-- @param year INTEGER required: report year, e.g. 2023
WITH communes AS (
    SELECT * FROM commune_figures($vintage, $year, NULL, NULL)
)
SELECT
    $vintage AS vintage,
    province_code AS code,
    any_value(p.province_name) AS name,
    province_code,
    count(*) AS units,
    count(*) FILTER (covered) AS covered_units,
    sum(population) AS population,
    sum(area_km2) AS area_km2,
    sum(comm_teams) FILTER (covered) AS comm_teams,
    sum(communicators) FILTER (covered) AS communicators,
    sum(communicators_female) FILTER (covered) AS communicators_female,
    round(1000.0 * sum(communicators) FILTER (covered) / nullif(sum(population) FILTER (covered), 0), 2)
        AS communicators_per_1000,
    round(100.0 * sum(communicators_female) FILTER (covered) / nullif(sum(communicators) FILTER (covered), 0), 1) AS communicators_female_pct,
    sum(trusted_addresses) FILTER (covered) AS trusted_addresses,
    sum(trusted_address_members) FILTER (covered) AS trusted_address_members,
    sum(trusted_address_members_female) FILTER (covered) AS trusted_address_members_female,
    round(100.0 * sum(trusted_address_members_female) FILTER (covered) / nullif(sum(trusted_address_members) FILTER (covered), 0), 1)
        AS trusted_address_members_female_pct,
    sum(clubs) FILTER (covered) AS clubs,
    sum(events) FILTER (covered) AS events,
    sum(event_attendees) FILTER (covered) AS event_attendees,
    count(*) FILTER (supervised) > 0 AS supervised,
    bool_or(covered) AS covered,
    bool_or(illustrative) AS illustrative,
    bool_or(has_real_list) AS has_real_list,
    count(*) FILTER (illustrative) AS illustrative_units,
    count(*) FILTER (has_real_list) AS real_list_units,
    bool_or(approximate) AS approximate
FROM communes
JOIN (SELECT DISTINCT province_code, province_name FROM unit WHERE vintage = $vintage) AS p USING (province_code)
GROUP BY province_code
ORDER BY province_code;
