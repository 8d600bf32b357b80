-- The codes are those of report_figure (data/seed/report_figure.csv), plus the few that report_percentage divides by.
-- Years are relative to the report year: a 2023 report speaks of 2022 carry-over and the 2024 plan.
-- Distinct values are counted as the length of a list without repeats (list_distinct drops NULLs as
-- count(DISTINCT) does): each DISTINCT aggregate builds a hash table of its own, which costs far more than
-- a district's few hundred rows (the figures of 2023 Phong Thổ on the 1 M load: about a fifth less time).

CREATE MACRO figure_rows(d, p, y) AS TABLE
-- Each row counts twice, once towards the figure over all rows (kind NULL) and once towards its kind: one
-- GROUP BY per table instead of GROUPING SETS, which DuckDB plans as several aggregations over a copy.
WITH training_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM training AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
comm_team_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM comm_team AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
event_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM event AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
safe_birth_support_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM safe_birth_support AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
trusted_address_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM trusted_address AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
target_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM target AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
club_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM club AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
supervision_rows AS (SELECT f.*, unnest([NULL, f.illustrative]) AS kind FROM supervision AS f WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))),
budget_lines AS (
    SELECT f.*, unnest([NULL, f.illustrative]) AS kind,
           f.line = 'carryover' AND f.allocation_year = f.year - 1 AS is_carryover,
           f.line = 'plan' AND f.allocation_year = f.year AS is_plan
    FROM budget AS f
    WHERE (d IS NULL OR f.district_code = d) AND (y IS NULL OR f.year = y) AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))
),
by_table AS (  -- one aggregation per table: every figure of that table at once, as a list
    SELECT district_code, year, kind, [
            {'code': 'training_classes', 'fact_table': 'training', 'value': CAST(count(*) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'training_participants', 'fact_table': 'training', 'value': CAST(sum(participants) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true}
        ] AS figures
    FROM training_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'comm_teams', 'fact_table': 'comm_team', 'value': CAST(count(*) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'comm_team_communes', 'fact_table': 'comm_team', 'value': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'communicators', 'fact_table': 'comm_team', 'value': CAST(sum(communicators) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'communicators_female', 'fact_table': 'comm_team', 'value': CAST(sum(communicators_female) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true}
        ] AS figures
    FROM comm_team_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'market_events', 'fact_table': 'event', 'value': CAST(count(*) FILTER (event_type = 'market_event') AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code) FILTER (event_type = 'market_event'))), 0) AS INTEGER), 'present': count(*) FILTER (event_type = 'market_event') > 0},
            {'code': 'market_event_attendees', 'fact_table': 'event', 'value': CAST(sum(attendees) FILTER (event_type = 'market_event') AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code) FILTER (event_type = 'market_event'))), 0) AS INTEGER), 'present': count(*) FILTER (event_type = 'market_event') > 0},
            {'code': 'campaign_sessions', 'fact_table': 'event', 'value': CAST(count(*) FILTER (event_type = 'campaign') AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code) FILTER (event_type = 'campaign'))), 0) AS INTEGER), 'present': count(*) FILTER (event_type = 'campaign') > 0},
            {'code': 'campaign_villages', 'fact_table': 'event', 'value': CAST(sum(villages_reached) FILTER (event_type = 'campaign') AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code) FILTER (event_type = 'campaign'))), 0) AS INTEGER), 'present': count(*) FILTER (event_type = 'campaign') > 0},
            {'code': 'campaign_attendees', 'fact_table': 'event', 'value': CAST(sum(attendees) FILTER (event_type = 'campaign') AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code) FILTER (event_type = 'campaign'))), 0) AS INTEGER), 'present': count(*) FILTER (event_type = 'campaign') > 0},
            {'code': 'policy_dialogues', 'fact_table': 'event', 'value': CAST(count(*) FILTER (event_type = 'policy_dialogue') AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code) FILTER (event_type = 'policy_dialogue'))), 0) AS INTEGER), 'present': count(*) FILTER (event_type = 'policy_dialogue') > 0},
            {'code': 'policy_dialogue_participants', 'fact_table': 'event', 'value': CAST(sum(attendees) FILTER (event_type = 'policy_dialogue') AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code) FILTER (event_type = 'policy_dialogue'))), 0) AS INTEGER), 'present': count(*) FILTER (event_type = 'policy_dialogue') > 0}
        ] AS figures
    FROM event_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'safe_birth_mothers_paid', 'fact_table': 'safe_birth_support', 'value': CAST(sum(mothers_paid) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true}
        ] AS figures
    FROM safe_birth_support_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'trusted_addresses', 'fact_table': 'trusted_address', 'value': CAST(count(*) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'trusted_address_members', 'fact_table': 'trusted_address', 'value': CAST(sum(members) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'trusted_address_members_female', 'fact_table': 'trusted_address', 'value': CAST(sum(members_female) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true}
        ] AS figures
    FROM trusted_address_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'livelihood_groups_supported', 'fact_table': 'target', 'value': CAST(sum(actual_value) FILTER (code = 'livelihood_groups_4_0') AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': count(*) FILTER (code = 'livelihood_groups_4_0') > 0},
            {'code': 'targets_total', 'fact_table': 'target', 'value': CAST(count(*) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'targets_achieved', 'fact_table': 'target', 'value': CAST(count(*) FILTER (status IN ('achieved', 'exceeded')) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'targets_not_achieved', 'fact_table': 'target', 'value': CAST(count(*) FILTER (status NOT IN ('achieved', 'exceeded')) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true}
        ] AS figures
    FROM target_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'clubs', 'fact_table': 'club', 'value': CAST(count(*) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'club_schools', 'fact_table': 'club', 'value': CAST(coalesce(len(list_distinct(list(school))), 0) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true},
            {'code': 'club_communes', 'fact_table': 'club', 'value': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true}
        ] AS figures
    FROM club_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'supervised_communes', 'fact_table': 'supervision', 'value': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS DECIMAL(38, 3)), 'communes': CAST(coalesce(len(list_distinct(list(commune_code))), 0) AS INTEGER), 'present': true}
        ] AS figures
    FROM supervision_rows GROUP BY district_code, year, kind
    UNION ALL SELECT district_code, year, kind, [
            {'code': 'budget_carryover_2022_mvnd', 'fact_table': 'budget', 'value': CAST(sum(allocated_mvnd) FILTER (is_carryover) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'advance_carryover_2022_mvnd', 'fact_table': 'budget', 'value': CAST(sum(advanced_mvnd) FILTER (is_carryover) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'expected_disbursed_carryover_2022_mvnd', 'fact_table': 'budget', 'value': CAST(sum(expected_disbursed_mvnd) FILTER (is_carryover) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'budget_2023_mvnd', 'fact_table': 'budget', 'value': CAST(sum(allocated_mvnd) FILTER (is_plan) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'disbursed_2023_mvnd', 'fact_table': 'budget', 'value': CAST(sum(disbursed_mvnd) FILTER (is_plan) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'expected_disbursed_2023_mvnd', 'fact_table': 'budget', 'value': CAST(sum(expected_disbursed_mvnd) FILTER (is_plan) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'budget_2022_2023_mvnd', 'fact_table': 'budget', 'value': CAST(sum(allocated_mvnd) FILTER (is_carryover OR is_plan) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true},
            {'code': 'budget_2024_planned_mvnd', 'fact_table': 'budget', 'value': CAST(sum(allocated_mvnd) FILTER (line = 'planned_next' AND allocation_year = year + 1) AS DECIMAL(38, 3)), 'communes': CAST(NULL AS INTEGER), 'present': true}
        ] AS figures
    FROM budget_lines GROUP BY district_code, year, kind
),
values AS (
    SELECT district_code, year, kind, f.code, f.fact_table, f.value, f.communes
    FROM (SELECT district_code, year, kind, unnest(figures) AS f FROM by_table)
    WHERE f.present  -- a figure of some rows only (one event type, one target) where there are such rows
)
SELECT district_code, year, code, fact_table, kind, CAST(value AS DECIMAL(14, 3)) AS value, communes
FROM values
WHERE district_code IS NOT NULL;

-- Each figure of a scope's districts (figure_rows) with its value over all rows and split by kind: the sum
-- over real lists and over illustrative rows (NULL where none of that kind counts towards it), and in how
-- many communes each kind lies (NULL for district-level tables: targets, budget). Once imports replace
-- illustration commune by commune, a commune is of one kind. `report_figures` and `report_percentages` read it.
CREATE MACRO figure_kinds(d, p, y) AS TABLE
SELECT district_code, year, code, any_value(fact_table) AS fact_table,
       any_value(value) FILTER (kind IS NULL) AS value,
       any_value(value) FILTER (kind = false) AS listed_real,
       any_value(value) FILTER (kind = true) AS listed_illustrative,
       CASE WHEN any_value(communes) FILTER (kind IS NULL) IS NOT NULL
            THEN coalesce(any_value(communes) FILTER (kind = false), 0) END AS communes_real,
       CASE WHEN any_value(communes) FILTER (kind IS NULL) IS NOT NULL
            THEN coalesce(any_value(communes) FILTER (kind = true), 0) END AS communes_illustrative,
       any_value(communes) FILTER (kind IS NULL) AS communes_listed
FROM figure_rows(d, p, y)
GROUP BY district_code, year, code;

-- Every district's figures, recomputed from all rows.
CREATE VIEW figure_value AS
SELECT district_code, year, code, value FROM figure_kinds(NULL, NULL, NULL);

-- Every district's figures as the lists give them, split by kind (see figure_kinds).
CREATE VIEW figure_by_kind AS
SELECT district_code, year, code, fact_table, listed_real, listed_illustrative, communes_real,
       communes_illustrative, communes_listed
FROM figure_kinds(NULL, NULL, NULL);

-- The name of the place a fact row lies in, for messages and the import log: its commune's in the row's vintage,
-- or for a district-level row (no commune) its 2023 district's; the code where no name is known.
CREATE MACRO place_label(v, commune, district) AS coalesce(
    (SELECT any_value(u.name) FROM unit AS u WHERE u.vintage = v AND u.code = commune),
    (SELECT any_value(u.district_name) FROM unit AS u
     WHERE commune IS NULL AND u.vintage = 2023 AND u.district_code = district),
    commune,
    district
);

-- Whether a figure of several districts is the sum of theirs (registry/figures.py lists those that are not).
CREATE MACRO additive_figure(figure_code) AS figure_code NOT IN ({non_additive_figures});

-- Where a fact recorded against a unit of one vintage lies in another vintage: every unit maps to itself,
-- and through the crosswalk to its successor. A split unit (several successors) goes to its default
-- successor only and is marked approximate, so a sum over successors never counts it twice.
CREATE VIEW place_map AS
SELECT vintage AS from_vintage, code AS from_code, vintage AS to_vintage, code AS to_code, false AS approximate
FROM unit
UNION ALL
SELECT from_vintage, from_code, to_vintage, any_value(to_code) FILTER (is_default) AS to_code,
       bool_or(is_split) AS approximate
FROM crosswalk
GROUP BY from_vintage, from_code, to_vintage;

-- The error for a vintage parameter that is not in the `vintage` table (filled from registry/vintages.py).
CREATE MACRO unknown_vintage() AS
    error('vintage must be ' || (SELECT string_agg(CAST(vintage AS VARCHAR), ' or ' ORDER BY vintage) FROM vintage));

-- The units a map or table shows: those of vintage v in province p (NULL: all) and, for a 2023 district d,
-- its communes in 2023 or, in a later vintage, the units that took them over (some reach beyond d;
-- `outside_parts` counts their predecessors outside it).
CREATE MACRO scope_units(v, p, d) AS TABLE
WITH successors AS (
    SELECT pm.to_code AS code,
           count(*) FILTER (old.district_code IS DISTINCT FROM d) AS outside_parts,
           count(*) FILTER (old.district_code = d) AS inside_parts
    FROM place_map AS pm
    JOIN unit AS old ON old.vintage = pm.from_vintage AND old.code = pm.from_code
    WHERE pm.from_vintage = 2023 AND pm.to_vintage = v
      AND d IS NOT NULL AND v <> 2023  -- read only for a district in a later vintage: no work otherwise
    GROUP BY pm.to_code
)
SELECT u.*, CASE WHEN d IS NULL OR v = 2023 THEN 0 ELSE s.outside_parts END AS outside_parts
FROM unit AS u
LEFT JOIN successors AS s ON s.code = u.code
WHERE CASE WHEN v NOT IN (SELECT vintage FROM vintage) THEN unknown_vintage() ELSE u.vintage = v END
  AND (p IS NULL OR u.province_code = p)
  AND (d IS NULL OR (v = 2023 AND u.district_code = d) OR (v <> 2023 AND s.inside_parts > 0));

-- The rows of one fact table in a scope, placed: filtered by scope, year and kind, each under its unit in
-- vintage v (through place_map; never summed: one row stays one row), with where it was recorded
-- (recorded_*). v NULL places rows as recorded. District-level rows (no commune) are kept when their
-- district is in scope. `fact_table` is the table's code name (comm_team, …). Without unit names: sums
-- over a whole country (the `timeline`) read this, not listed_facts, and join no name to a million rows.
CREATE MACRO placed_facts(fact_table, v, p, d, y, ill) AS TABLE
WITH units AS (
    SELECT vintage, code FROM scope_units(2023, p, d)
    UNION ALL
    SELECT vintage, code FROM scope_units(2025, p, d)
),
facts AS (
    SELECT f.*, coalesce(v, f.vintage) AS shown_vintage, pm.to_code AS shown_code,
           coalesce(pm.approximate, false) AS approximate
    FROM query_table(fact_table) AS f
    LEFT JOIN place_map AS pm
        ON pm.from_vintage = f.vintage AND pm.from_code = f.commune_code AND pm.to_vintage = coalesce(v, f.vintage)
    WHERE (y IS NULL OR f.year = y)
      AND (ill IS NULL OR f.illustrative = ill)
)
SELECT
    f.* EXCLUDE (vintage, commune_code, shown_vintage, shown_code, approximate),
    f.shown_vintage AS vintage,
    f.shown_code AS commune_code,
    f.vintage AS recorded_vintage,
    f.commune_code AS recorded_commune_code,
    f.approximate
FROM facts AS f
WHERE (SELECT CASE WHEN v NOT IN (SELECT vintage FROM vintage) THEN unknown_vintage() ELSE true END)
  -- (no NULL is looked up: a NULL code matches no unit anyway, and NULL keys make the lookup ten times slower)
  AND ((coalesce(f.shown_vintage, 0), coalesce(f.shown_code, '')) IN (SELECT vintage, code FROM units)
       OR (f.shown_code IS NULL AND (coalesce(f.vintage, 0), coalesce(f.commune_code, '')) IN (SELECT vintage, code FROM units))
       OR (f.commune_code IS NULL
           AND (d IS NULL OR f.district_code = d)
           AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))));

-- The rows of one fact table for the Tables page and exports: placed_facts, with the names of the unit each
-- row is listed under (commune_name) and of the one it was recorded against (recorded_commune_name).
CREATE MACRO listed_facts(fact_table, v, p, d, y, ill) AS TABLE
SELECT
    f.* EXCLUDE (vintage, commune_code, recorded_vintage, recorded_commune_code, approximate),
    f.vintage,
    f.commune_code,
    shown.name AS commune_name,
    f.recorded_vintage,
    f.recorded_commune_code,
    recorded.name AS recorded_commune_name,
    f.approximate
FROM placed_facts(fact_table, v, p, d, y, ill) AS f
LEFT JOIN unit AS shown ON shown.vintage = f.vintage AND shown.code = f.commune_code
LEFT JOIN unit AS recorded ON recorded.vintage = f.recorded_vintage AND recorded.code = f.recorded_commune_code;

-- Project 8 figures of every unit of a scope (vintage v, province p, 2023 district d) for year y, in the
-- boundaries of vintage v: facts recorded against 2023 communes are re-aggregated to their 2025 successors
-- through place_map. One row per unit. The `commune_indicators` query is this macro; `underserved` judges
-- its rows, so both always read the same figures. (Columns: see queries/commune_indicators.sql.)
CREATE MACRO commune_figures(v, y, p, d) AS TABLE
WITH units AS (
    SELECT * FROM scope_units(v, p, d)
),
placed AS (  -- only where the scope's units came from: no fact row outside the scope is grouped
    SELECT from_vintage, from_code, to_code AS code, approximate
    FROM place_map WHERE to_vintage = v AND to_code IN (SELECT code FROM units)
),
teams AS (
    SELECT pl.code, count(*) AS comm_teams, CAST(sum(f.communicators) AS BIGINT) AS communicators,
           CAST(sum(f.communicators_female) AS BIGINT) AS communicators_female, bool_or(f.illustrative) AS illustrative,
           bool_or(NOT f.illustrative) AS real
    FROM comm_team AS f JOIN placed AS pl ON pl.from_vintage = f.vintage AND pl.from_code = f.commune_code
    WHERE f.year = y GROUP BY pl.code
),
addresses AS (
    SELECT pl.code, count(*) AS trusted_addresses, CAST(sum(f.members) AS BIGINT) AS trusted_address_members,
           CAST(sum(f.members_female) AS BIGINT) AS trusted_address_members_female, bool_or(f.illustrative) AS illustrative,
           bool_or(NOT f.illustrative) AS real
    FROM trusted_address AS f JOIN placed AS pl ON pl.from_vintage = f.vintage AND pl.from_code = f.commune_code
    WHERE f.year = y GROUP BY pl.code
),
clubs AS (
    SELECT pl.code, count(*) AS clubs, coalesce(len(list_distinct(list(f.school))), 0) AS club_schools, bool_or(f.illustrative) AS illustrative,
           bool_or(NOT f.illustrative) AS real
    FROM club AS f JOIN placed AS pl ON pl.from_vintage = f.vintage AND pl.from_code = f.commune_code
    WHERE f.year = y GROUP BY pl.code
),
events AS (
    SELECT pl.code, count(*) AS events, CAST(sum(f.attendees) AS BIGINT) AS event_attendees,
           count(*) FILTER (f.event_type = 'policy_dialogue') AS policy_dialogues, bool_or(f.illustrative) AS illustrative,
           bool_or(NOT f.illustrative) AS real
    FROM event AS f JOIN placed AS pl ON pl.from_vintage = f.vintage AND pl.from_code = f.commune_code
    WHERE f.year = y GROUP BY pl.code
),
visits AS (
    SELECT pl.code, coalesce(len(list_distinct(list(f.commune_code))), 0) AS supervised_parts, bool_or(f.illustrative) AS illustrative,
           bool_or(NOT f.illustrative) AS real
    FROM supervision AS f JOIN placed AS pl ON pl.from_vintage = f.vintage AND pl.from_code = f.commune_code
    WHERE f.year = y GROUP BY pl.code
),
project AS (
    SELECT pl.code, bool_or(f.is_project) AS is_project, bool_or(f.illustrative) AS illustrative,
           bool_or(NOT f.illustrative) AS real
    FROM project_commune AS f JOIN placed AS pl ON pl.from_vintage = f.vintage AND pl.from_code = f.commune_code
    WHERE f.year = y GROUP BY pl.code
),
approximate AS (
    SELECT code, bool_or(approximate) AS approximate FROM placed GROUP BY code
),
reporting AS (
    SELECT pl.code, true AS reported
    FROM placed AS pl
    JOIN unit AS old ON old.vintage = pl.from_vintage AND old.code = pl.from_code
    WHERE old.district_code IN (SELECT district_code FROM report_figure WHERE year = y)
    GROUP BY pl.code
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
    coalesce(pr.is_project, t.comm_teams > 0, false) AS is_project,
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
    coalesce(vi.supervised_parts, 0) > 0 AS supervised,
    (t.code IS NOT NULL OR a.code IS NOT NULL OR cl.code IS NOT NULL OR e.code IS NOT NULL OR vi.code IS NOT NULL
        OR pr.code IS NOT NULL) AS has_facts,
    coalesce(r.reported, false) OR t.code IS NOT NULL OR a.code IS NOT NULL OR cl.code IS NOT NULL
        OR e.code IS NOT NULL OR vi.code IS NOT NULL OR pr.code IS NOT NULL AS covered,
    coalesce(t.illustrative, false) OR coalesce(a.illustrative, false) OR coalesce(cl.illustrative, false)
        OR coalesce(e.illustrative, false) OR coalesce(vi.illustrative, false) OR coalesce(pr.illustrative, false)
        AS illustrative,
    coalesce(t.real, false) OR coalesce(a.real, false) OR coalesce(cl.real, false) OR coalesce(e.real, false)
        OR coalesce(vi.real, false) OR coalesce(pr.real, false) AS has_real_list,
    CASE WHEN t.real AND t.illustrative THEN 'mixed' WHEN t.real THEN 'real'
         WHEN t.illustrative THEN 'illustrative' END AS comm_team_kind,
    CASE WHEN a.real AND a.illustrative THEN 'mixed' WHEN a.real THEN 'real'
         WHEN a.illustrative THEN 'illustrative' END AS trusted_address_kind,
    CASE WHEN cl.real AND cl.illustrative THEN 'mixed' WHEN cl.real THEN 'real'
         WHEN cl.illustrative THEN 'illustrative' END AS club_kind,
    CASE WHEN e.real AND e.illustrative THEN 'mixed' WHEN e.real THEN 'real'
         WHEN e.illustrative THEN 'illustrative' END AS event_kind,
    CASE WHEN vi.real AND vi.illustrative THEN 'mixed' WHEN vi.real THEN 'real'
         WHEN vi.illustrative THEN 'illustrative' END AS supervision_kind,
    coalesce(x.approximate, false) AS approximate
FROM units AS u
LEFT JOIN teams AS t ON t.code = u.code
LEFT JOIN addresses AS a ON a.code = u.code
LEFT JOIN clubs AS cl ON cl.code = u.code
LEFT JOIN events AS e ON e.code = u.code
LEFT JOIN visits AS vi ON vi.code = u.code
LEFT JOIN project AS pr ON pr.code = u.code
LEFT JOIN approximate AS x ON x.code = u.code
LEFT JOIN reporting AS r ON r.code = u.code;

-- Every row of the commune-level lists, reduced to what list coverage counts: which table, when, where, which kind.
CREATE VIEW list_row AS
SELECT 1 AS position, 'comm_team' AS fact_table, year, vintage, district_code, commune_code, illustrative FROM comm_team
UNION ALL SELECT 2, 'trusted_address', year, vintage, district_code, commune_code, illustrative FROM trusted_address
UNION ALL SELECT 3, 'club', year, vintage, district_code, commune_code, illustrative FROM club
UNION ALL SELECT 4, 'event', year, vintage, district_code, commune_code, illustrative FROM event
UNION ALL SELECT 5, 'supervision', year, vintage, district_code, commune_code, illustrative FROM supervision
UNION ALL SELECT 6, 'safe_birth_support', year, vintage, district_code, commune_code, illustrative FROM safe_birth_support
UNION ALL SELECT 7, 'training', year, vintage, district_code, commune_code, illustrative FROM training;

-- How far the lists of each commune-level fact table have come in a scope (vintage v, province p, 2023
-- district d, year y): rows and communes from real lists and still illustrative, one row per table of
-- list_row (in its order), also for a table without rows. The rows kept are those listed_facts keeps (placed
-- in vintage v through place_map), read in one pass over all tables and only from the scope's communes.
-- A commune is of one kind once imports replace by place; a commune with both is counted in each.
-- District-level rows count as rows, not communes.
CREATE MACRO list_coverage_in(v, p, d, y) AS TABLE
WITH units AS (
    SELECT vintage, code FROM scope_units(2023, p, d)
    UNION ALL
    SELECT vintage, code FROM scope_units(2025, p, d)
),
origins AS (  -- every unit a row in scope may be recorded against
    SELECT vintage, code FROM units
    UNION
    SELECT pm.from_vintage, pm.from_code FROM place_map AS pm WHERE (pm.to_vintage, pm.to_code) IN (SELECT vintage, code FROM units)
),
scoped_rows AS (  -- a join, not an IN inside an OR, so that the scans only read the origins' communes
    SELECT l.*
    FROM list_row AS l
    JOIN origins AS o ON o.vintage = l.vintage AND o.code = l.commune_code
    WHERE (y IS NULL OR l.year = y) AND NOT (p IS NULL AND d IS NULL)
    UNION ALL
    SELECT *
    FROM list_row
    WHERE (y IS NULL OR year = y) AND (commune_code IS NULL OR (p IS NULL AND d IS NULL))
),
grouped AS (  -- rows counted per table, kind and place first: the joins below see places, not rows
    SELECT position, illustrative, vintage, commune_code, district_code, count(*) AS n
    FROM scoped_rows
    GROUP BY ALL
),
facts AS (
    SELECT f.*, coalesce(v, f.vintage) AS shown_vintage, pm.to_code AS shown_code
    FROM grouped AS f
    LEFT JOIN place_map AS pm
        ON pm.from_vintage = f.vintage AND pm.from_code = f.commune_code AND pm.to_vintage = coalesce(v, f.vintage)
),
kept AS (
    SELECT f.*
    FROM facts AS f
    WHERE (SELECT CASE WHEN v NOT IN (SELECT vintage FROM vintage) THEN unknown_vintage() ELSE true END)
      AND ((f.shown_vintage, f.shown_code) IN (SELECT vintage, code FROM units)
           OR (f.shown_code IS NULL AND (f.vintage, f.commune_code) IN (SELECT vintage, code FROM units))
           OR (f.commune_code IS NULL
               AND (d IS NULL OR f.district_code = d)
               AND (p IS NULL OR f.district_code IN (SELECT district_code FROM unit WHERE vintage = 2023 AND province_code = p))))
),
shown AS (  -- one row per table and shown commune (one for the rows without one): communes are counted as rows
    SELECT position, shown_code, sum(n) FILTER (NOT illustrative) AS rows_real, sum(n) FILTER (illustrative) AS rows_illustrative
    FROM kept
    GROUP BY position, shown_code
),
tables AS (
    SELECT * FROM (VALUES (1, 'comm_team'), (2, 'trusted_address'), (3, 'club'), (4, 'event'), (5, 'supervision'),
                          (6, 'safe_birth_support'), (7, 'training')) AS t(position, fact_table)
)
SELECT t.fact_table,
       CAST(coalesce(sum(k.rows_real), 0) AS BIGINT) AS rows_real,
       CAST(coalesce(sum(k.rows_illustrative), 0) AS BIGINT) AS rows_illustrative,
       count(k.shown_code) FILTER (k.rows_real IS NOT NULL) AS communes_real,
       count(k.shown_code) FILTER (k.rows_illustrative IS NOT NULL) AS communes_illustrative,
       count(k.shown_code) AS communes_listed
FROM tables AS t
LEFT JOIN shown AS k USING (position)
GROUP BY t.position, t.fact_table
ORDER BY t.position;

-- Lower-secondary schools (THCS) per commune, where known. The "no club although the commune has a
-- lower-secondary school" gap (query `underserved`) reads them here. No school list has been collected
-- yet, so the view is empty: a commune with a club has a school, and for one without a club the gap
-- is unknown (NULL), not assumed. When a school list arrives, this view is the one place to read it.
CREATE VIEW commune_school AS
SELECT CAST(NULL AS INTEGER) AS vintage, CAST(NULL AS VARCHAR) AS commune_code,
       CAST(NULL AS INTEGER) AS lower_secondary_schools
WHERE false;

-- Targets set for one commune (the `target` table is district-level: the 2023 report sets none per
-- commune). The "shortfall against commune targets" gap (query `underserved`) reads them here, placed
-- through place_map; it is unknown (NULL) for a commune with no target. Empty until such targets exist.
CREATE VIEW commune_target AS
SELECT CAST(NULL AS INTEGER) AS year, CAST(NULL AS INTEGER) AS vintage, CAST(NULL AS VARCHAR) AS commune_code,
       CAST(NULL AS VARCHAR) AS code, CAST(NULL AS DOUBLE) AS target_value, CAST(NULL AS DOUBLE) AS actual_value
WHERE false;

-- Every row of a table that carries a year (registry/tables.py: fact and report tables), reduced to when
-- and where: its year, the vintage and commune it was recorded against (NULL for district-level rows
-- such as targets, budget lines and report figures) and its district. `years` and `data_scopes` read it.
CREATE VIEW fact_row AS
SELECT year, vintage, district_code, commune_code
FROM query_table([{dated_tables}], true);

-- The years and places a scope holds data for, in vintage v (NULL: as recorded): each fact row placed in
-- vintage v through place_map (a 2023 row is found under its 2025 successor too), and each district-level
-- row placed wherever its district's communes lie. p is a province of vintage v, d a 2023 district.
-- Rows are reduced to their distinct (year, vintage, district, commune) first: a million rows hold a few
-- tens of thousands of those, and the answer is distinct places anyway. A later vintage's unit is in d when
-- one of its 2023 predecessors lies in d (as scope_units says), found by one join, not a subquery per row.
CREATE MACRO scoped_fact_rows(v, p, d) AS TABLE
WITH keys AS (
    SELECT DISTINCT year, vintage, district_code, commune_code FROM fact_row
),
placed AS (
    SELECT f.year, f.vintage AS recorded_vintage, pm.to_vintage AS vintage, pm.to_code AS code
    FROM keys AS f
    JOIN place_map AS pm ON pm.from_vintage = f.vintage AND pm.from_code = f.commune_code
    WHERE f.commune_code IS NOT NULL AND (v IS NULL OR pm.to_vintage = v) AND (v IS NOT NULL OR pm.to_vintage = f.vintage)
    UNION ALL
    SELECT f.year, 2023 AS recorded_vintage, pm.to_vintage, pm.to_code
    FROM keys AS f
    JOIN unit AS old ON old.vintage = 2023 AND old.district_code = f.district_code
    JOIN place_map AS pm ON pm.from_vintage = 2023 AND pm.from_code = old.code
    WHERE f.commune_code IS NULL AND f.district_code IS NOT NULL
      AND (v IS NULL OR pm.to_vintage = v) AND (v IS NOT NULL OR pm.to_vintage = 2023)
),
successors_in_d AS (  -- units of later vintages that took over a commune of d
    SELECT DISTINCT pm.to_vintage AS vintage, pm.to_code AS code
    FROM place_map AS pm
    JOIN unit AS old ON old.vintage = pm.from_vintage AND old.code = pm.from_code
    WHERE d IS NOT NULL AND pm.from_vintage = 2023 AND pm.to_vintage <> 2023 AND old.district_code = d
)
SELECT DISTINCT placed.year, placed.recorded_vintage, u.vintage, u.code, u.province_code, u.district_code
FROM placed
JOIN unit AS u ON u.vintage = placed.vintage AND u.code = placed.code
WHERE (p IS NULL OR u.province_code = p)
  AND (d IS NULL OR (u.vintage = 2023 AND u.district_code = d)
       OR (u.vintage <> 2023 AND (u.vintage, u.code) IN (SELECT vintage, code FROM successors_in_d)));
