-- Each Project 8 indicator of a scope over every year with data, summed from the lists (real and illustrative),
-- in the units of the vintage asked for: a row recorded against a 2023 commune counts under its 2025 successor
-- (never twice), and district-level rows (trainings held by the district) count where their district lies.
-- One row per (year, indicator) that has rows; illustrative is true where any counted row is illustrative.
-- @param vintage VINTAGE required: 2023 or 2025
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
-- @param indicator VARCHAR: one indicator only, e.g. comm_teams (default: every one)
WITH teams AS (
    SELECT year, count(*) AS teams, sum(communicators) AS communicators,
           sum(communicators_female) AS communicators_female, bool_or(illustrative) AS illustrative
    FROM placed_facts('comm_team', $vintage, $province_code, $district_code, NULL, NULL) GROUP BY year
),
addresses AS (
    SELECT year, count(*) AS addresses, sum(members) AS members, bool_or(illustrative) AS illustrative
    FROM placed_facts('trusted_address', $vintage, $province_code, $district_code, NULL, NULL) GROUP BY year
),
clubs AS (
    SELECT year, count(*) AS clubs, bool_or(illustrative) AS illustrative
    FROM placed_facts('club', $vintage, $province_code, $district_code, NULL, NULL) GROUP BY year
),
events AS (
    SELECT year, count(*) AS events, sum(attendees) AS attendees,
           count(*) FILTER (event_type = 'policy_dialogue') AS dialogues, bool_or(illustrative) AS illustrative,
           coalesce(bool_or(illustrative) FILTER (event_type = 'policy_dialogue'), false) AS dialogues_illustrative
    FROM placed_facts('event', $vintage, $province_code, $district_code, NULL, NULL) GROUP BY year
),
visits AS (
    SELECT year, count(DISTINCT commune_code) AS communes, bool_or(illustrative) AS illustrative
    FROM placed_facts('supervision', $vintage, $province_code, $district_code, NULL, NULL) GROUP BY year
),
trainings AS (
    SELECT year, count(*) AS classes, sum(participants) AS participants, bool_or(illustrative) AS illustrative
    FROM placed_facts('training', $vintage, $province_code, $district_code, NULL, NULL) GROUP BY year
),
births AS (
    SELECT year, sum(mothers_paid) AS mothers, bool_or(illustrative) AS illustrative
    FROM placed_facts('safe_birth_support', $vintage, $province_code, $district_code, NULL, NULL) GROUP BY year
),
indicators AS (
    SELECT year, 'comm_teams' AS indicator, teams AS value, illustrative FROM teams
    UNION ALL SELECT year, 'communicators', communicators, illustrative FROM teams
    UNION ALL SELECT year, 'communicators_female', communicators_female, illustrative FROM teams
    UNION ALL SELECT year, 'trusted_addresses', addresses, illustrative FROM addresses
    UNION ALL SELECT year, 'trusted_address_members', members, illustrative FROM addresses
    UNION ALL SELECT year, 'clubs', clubs, illustrative FROM clubs
    UNION ALL SELECT year, 'events', events, illustrative FROM events
    UNION ALL SELECT year, 'event_attendees', attendees, illustrative FROM events
    UNION ALL SELECT year, 'policy_dialogues', dialogues, dialogues_illustrative FROM events
    UNION ALL SELECT year, 'supervised_communes', communes, illustrative FROM visits
    UNION ALL SELECT year, 'training_classes', classes, illustrative FROM trainings
    UNION ALL SELECT year, 'training_participants', participants, illustrative FROM trainings
    UNION ALL SELECT year, 'safe_birth_mothers_paid', mothers, illustrative FROM births
)
SELECT year, indicator, CAST(value AS DOUBLE) AS value, illustrative
FROM indicators
WHERE $indicator IS NULL OR indicator = $indicator
ORDER BY indicator, year;
