-- Where the actual of each commune-countable target lies: communication teams, trusted addresses and policy
-- dialogues counted per commune of a district (2023 vintage), every commune listed, zero where there is none.
-- The report sets these targets for the whole district, not per commune (district_target is the district's).
-- illustrative is true where the count rests on the illustrative allocation (a zero too: the allocation put
-- nothing there). A record with no commune is counted on a row with commune_code NULL.
-- @param district_code CODE3 required: 2023 district code, e.g. 109
-- @param year INTEGER required: report year, e.g. 2023
WITH records AS (
    SELECT 'comm_teams' AS code, vintage, commune_code, illustrative FROM comm_team
    WHERE district_code = $district_code AND year = $year
    UNION ALL
    SELECT 'trusted_addresses', vintage, commune_code, illustrative FROM trusted_address
    WHERE district_code = $district_code AND year = $year
    UNION ALL
    SELECT 'policy_dialogues', vintage, commune_code, illustrative FROM event
    WHERE district_code = $district_code AND year = $year AND event_type = 'policy_dialogue'
),
counted AS (
    SELECT code, vintage, commune_code, count(*) AS actual, bool_or(illustrative) AS illustrative
    FROM records GROUP BY ALL
),
by_target AS (
    SELECT code, bool_or(illustrative) AS illustrative FROM records GROUP BY code
),
places AS (
    SELECT 2023 AS vintage, code AS commune_code FROM unit WHERE vintage = 2023 AND district_code = $district_code
    UNION
    SELECT vintage, commune_code FROM counted
)
SELECT
    t.code,
    t.name_vi,
    t.name_en,
    t.content_area,
    t.target_value AS district_target,
    p.commune_code,
    u.name AS commune_name,
    CAST(coalesce(c.actual, 0) AS INTEGER) AS actual,
    coalesce(c.illustrative, b.illustrative) AS illustrative
FROM target AS t
JOIN by_target AS b USING (code)
CROSS JOIN places AS p
LEFT JOIN counted AS c ON c.code = t.code AND c.vintage IS NOT DISTINCT FROM p.vintage
    AND c.commune_code IS NOT DISTINCT FROM p.commune_code
LEFT JOIN unit AS u ON u.vintage = p.vintage AND u.code = p.commune_code
WHERE t.district_code = $district_code AND t.year = $year
  AND (p.commune_code IS NOT NULL OR c.actual IS NOT NULL)
ORDER BY t.content_area, t.record_id, actual DESC, u.name;
