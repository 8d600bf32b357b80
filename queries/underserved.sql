-- Underserved project communes: which gaps each one has, a weighted score and its rank, for a scope and year
-- in either vintage (2023 facts re-aggregated onto 2025 units through the crosswalk, exactly as in
-- commune_indicators: both read the macro commune_figures). Project communes are those flagged in
-- project_commune for the year, else those with communication teams. One row per project commune, rank 1 first.
-- A criterion column is true (a gap), false, or NULL when it cannot be judged: few_communicators needs a
-- population, few_women_communicators needs communicators, no_club needs to know the commune has a
-- lower-secondary school (view commune_school: no school list yet, so NULL wherever there is no club), and
-- target_shortfall needs targets set for the commune (view commune_target: none in the 2023 report).
-- On a 2025 unit some of whose former communes have no data for the year (parts_without_data), a gap seen
-- in the other parts is not asserted for the whole unit: it is NULL too. NULL adds nothing. score = sum of the weights of the gaps; rank: 1 = most underserved, ties share a rank;
-- gaps = how many criteria of weight above 0 hold; reasons = their codes, heaviest first (the app writes them
-- out as sentences). The defaults below are documented in views/gap_analysis.py (a test keeps them equal).
-- @param vintage VINTAGE required: 2023 or 2025
-- @param year INTEGER required: report year, e.g. 2023
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109 (for 2025: the units that took over its communes)
-- @param min_communicators_per_1000 DOUBLE: a gap below this many communicators per 1,000 residents (default 10)
-- @param min_female_pct DOUBLE: a gap below this share of women among communicators, in % (default 27)
-- @param weight_no_trusted_address DOUBLE: weight of "no trusted address" (default 3)
-- @param weight_few_communicators DOUBLE: weight of "few communicators per 1,000 residents" (default 2)
-- @param weight_few_women_communicators DOUBLE: weight of "low share of women among communicators" (default 1)
-- @param weight_no_policy_dialogue DOUBLE: weight of "no policy dialogue" (default 1)
-- @param weight_no_club DOUBLE: weight of "no club although there is a lower-secondary school" (default 2)
-- @param weight_not_supervised DOUBLE: weight of "not supervised in the year" (default 1)
-- @param weight_target_shortfall DOUBLE: weight of "short of a commune-level target" (default 3)
WITH settings AS (
    SELECT
        coalesce(CAST($min_communicators_per_1000 AS DOUBLE), 10) AS min_communicators_per_1000,
        coalesce(CAST($min_female_pct AS DOUBLE), 27) AS min_female_pct,
        coalesce(CAST($weight_no_trusted_address AS DOUBLE), 3) AS no_trusted_address,
        coalesce(CAST($weight_few_communicators AS DOUBLE), 2) AS few_communicators,
        coalesce(CAST($weight_few_women_communicators AS DOUBLE), 1) AS few_women_communicators,
        coalesce(CAST($weight_no_policy_dialogue AS DOUBLE), 1) AS no_policy_dialogue,
        coalesce(CAST($weight_no_club AS DOUBLE), 2) AS no_club,
        coalesce(CAST($weight_not_supervised AS DOUBLE), 1) AS not_supervised,
        coalesce(CAST($weight_target_shortfall AS DOUBLE), 3) AS target_shortfall
),
checked AS (
    SELECT * FROM settings
    WHERE CASE
        WHEN least(no_trusted_address, few_communicators, few_women_communicators, no_policy_dialogue, no_club,
                   not_supervised, target_shortfall) < 0 THEN error('weights must be 0 or more')
        WHEN min_communicators_per_1000 < 0 THEN error('min_communicators_per_1000 must be 0 or more')
        WHEN min_female_pct NOT BETWEEN 0 AND 100 THEN error('min_female_pct must be between 0 and 100')
        ELSE true END
),
figures AS (
    SELECT * FROM commune_figures($vintage, $year, $province_code, $district_code) WHERE is_project
),
parts AS (  -- a 2025 unit's former communes, and how many of them have no data for the year
    SELECT pm.to_code AS code, count(*) AS parts, count(*) FILTER (NOT old.covered) AS parts_without_data
    FROM commune_figures(2023, $year, NULL, NULL) AS old
    JOIN place_map AS pm ON pm.from_vintage = 2023 AND pm.from_code = old.code AND pm.to_vintage = $vintage
    WHERE $vintage <> 2023
    GROUP BY pm.to_code
),
schools AS (
    SELECT pm.to_code AS code, CAST(sum(s.lower_secondary_schools) AS BIGINT) AS lower_secondary_schools
    FROM commune_school AS s
    JOIN place_map AS pm ON pm.from_vintage = s.vintage AND pm.from_code = s.commune_code AND pm.to_vintage = $vintage
    GROUP BY pm.to_code
),
target_sums AS (  -- one target per unit and indicator: a 2025 unit adds up its predecessors' targets
    SELECT pm.to_code AS code, t.code AS target_code, sum(t.target_value) AS target_value,
           sum(coalesce(t.actual_value, 0)) AS actual_value
    FROM commune_target AS t
    JOIN place_map AS pm ON pm.from_vintage = t.vintage AND pm.from_code = t.commune_code AND pm.to_vintage = $vintage
    WHERE t.year = $year AND t.target_value IS NOT NULL
    GROUP BY pm.to_code, t.code
),
targets AS (
    SELECT code, count(*) AS commune_targets, count(*) FILTER (actual_value < target_value) AS commune_targets_missed
    FROM target_sums GROUP BY code
),
judged AS (
    SELECT
        f.*,
        coalesce(pa.parts, 1) AS parts,
        coalesce(pa.parts_without_data, 0) AS parts_without_data,
        sc.lower_secondary_schools,
        coalesce(tg.commune_targets, 0) AS commune_targets,
        coalesce(tg.commune_targets_missed, 0) AS commune_targets_missed,
        f.trusted_addresses = 0 AS no_trusted_address,
        f.communicators_per_1000 < s.min_communicators_per_1000 AS few_communicators,
        f.communicators_female_pct < s.min_female_pct AS few_women_communicators,
        f.policy_dialogues = 0 AS no_policy_dialogue,
        CASE WHEN f.clubs > 0 THEN false WHEN sc.lower_secondary_schools > 0 THEN true
             WHEN sc.lower_secondary_schools = 0 THEN false END AS no_club,
        NOT f.supervised AS not_supervised,
        CASE WHEN tg.commune_targets > 0 THEN tg.commune_targets_missed > 0 END AS target_shortfall
    FROM figures AS f
    CROSS JOIN checked AS s
    LEFT JOIN schools AS sc ON sc.code = f.code
    LEFT JOIN targets AS tg ON tg.code = f.code
    LEFT JOIN parts AS pa ON pa.code = f.code
),
settled AS (  -- where part of a unit has no data, a gap found in the other parts is not a gap of the unit
    SELECT * REPLACE (
        CASE WHEN parts_without_data > 0 AND no_trusted_address THEN NULL ELSE no_trusted_address END AS no_trusted_address,
        CASE WHEN parts_without_data > 0 AND few_communicators THEN NULL ELSE few_communicators END AS few_communicators,
        CASE WHEN parts_without_data > 0 THEN NULL ELSE few_women_communicators END AS few_women_communicators,
        CASE WHEN parts_without_data > 0 AND no_policy_dialogue THEN NULL ELSE no_policy_dialogue END AS no_policy_dialogue,
        CASE WHEN parts_without_data > 0 AND no_club THEN NULL ELSE no_club END AS no_club,
        CASE WHEN parts_without_data > 0 AND not_supervised THEN NULL ELSE not_supervised END AS not_supervised
    )
    FROM judged
),
weighed AS (
    SELECT
        j.*,
        -- (weight, -position): heaviest first, ties in the order of the criteria above
        list_filter([
            {'weight': w.no_trusted_address, 'position': -1, 'code': 'no_trusted_address', 'gap': j.no_trusted_address},
            {'weight': w.few_communicators, 'position': -2, 'code': 'few_communicators', 'gap': j.few_communicators},
            {'weight': w.few_women_communicators, 'position': -3, 'code': 'few_women_communicators', 'gap': j.few_women_communicators},
            {'weight': w.no_policy_dialogue, 'position': -4, 'code': 'no_policy_dialogue', 'gap': j.no_policy_dialogue},
            {'weight': w.no_club, 'position': -5, 'code': 'no_club', 'gap': j.no_club},
            {'weight': w.not_supervised, 'position': -6, 'code': 'not_supervised', 'gap': j.not_supervised},
            {'weight': w.target_shortfall, 'position': -7, 'code': 'target_shortfall', 'gap': j.target_shortfall}
        ], lambda c: coalesce(c.gap, false) AND c.weight > 0) AS counted
    FROM settled AS j
    CROSS JOIN checked AS w
),
scored AS (
    SELECT *, round(coalesce(list_sum(list_transform(counted, lambda c: c.weight)), 0), 2) AS score
    FROM weighed
)
SELECT
    vintage,
    code,
    name,
    CAST(rank() OVER (ORDER BY score DESC) AS INTEGER) AS rank,
    score,
    CAST(len(counted) AS INTEGER) AS gaps,
    array_to_string(list_transform(list_sort(counted, 'DESC'), lambda c: c.code), ', ') AS reasons,
    no_trusted_address,
    few_communicators,
    few_women_communicators,
    no_policy_dialogue,
    no_club,
    not_supervised,
    target_shortfall,
    population,
    comm_teams,
    communicators,
    communicators_female,
    communicators_per_1000,
    communicators_female_pct,
    trusted_addresses,
    clubs,
    lower_secondary_schools,
    policy_dialogues,
    supervised,
    commune_targets,
    commune_targets_missed,
    illustrative,
    approximate,
    outside_parts,
    parts,
    parts_without_data
FROM scored
ORDER BY rank, gaps DESC, code;
