-- How many rows each fact table's own question (queries/TABLE.sql) lists for a scope and years, counted
-- without fetching them: the Tables page names every table with its count. The same filters as those
-- questions with only the scope and years given (vintage NULL: rows placed as recorded). One row per table.
-- @param vintage VINTAGE: 2023 or 2025 (default: each row in the vintage it was recorded in)
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109
-- @param year INTEGER: one year, e.g. 2023
-- @param year_from INTEGER: first year of a range
-- @param year_to INTEGER: last year of a range
WITH listed AS (
    SELECT 'comm_team' AS fact_table, year FROM placed_facts('comm_team', $vintage, $province_code, $district_code, $year, NULL)
    UNION ALL SELECT 'trusted_address', year FROM placed_facts('trusted_address', $vintage, $province_code, $district_code, $year, NULL)
    UNION ALL SELECT 'club', year FROM placed_facts('club', $vintage, $province_code, $district_code, $year, NULL)
    UNION ALL SELECT 'event', year FROM placed_facts('event', $vintage, $province_code, $district_code, $year, NULL)
    UNION ALL SELECT 'training', year FROM placed_facts('training', $vintage, $province_code, $district_code, $year, NULL)
    UNION ALL SELECT 'supervision', year FROM placed_facts('supervision', $vintage, $province_code, $district_code, $year, NULL)
    UNION ALL SELECT 'safe_birth_support', year FROM placed_facts('safe_birth_support', $vintage, $province_code, $district_code, $year, NULL)
    UNION ALL SELECT 'project_commune', year FROM placed_facts('project_commune', $vintage, $province_code, $district_code, $year, NULL)
),
districts AS (
    SELECT district_code, any_value(province_code) AS province_code
    FROM unit WHERE vintage = 2023 AND district_code IS NOT NULL GROUP BY district_code
),
district_level AS (  -- district-level tables: a row is in scope when its district is
    SELECT 'target' AS fact_table, year, district_code FROM target
    UNION ALL SELECT 'budget', year, district_code FROM budget
    UNION ALL SELECT 'document', year, district_code FROM document
),
rows AS (
    SELECT fact_table, year FROM listed
    UNION ALL
    SELECT f.fact_table, f.year
    FROM district_level AS f
    LEFT JOIN districts AS d USING (district_code)
    WHERE ($year IS NULL OR f.year = $year)
      AND ($district_code IS NULL OR f.district_code = $district_code)
      AND ($province_code IS NULL OR d.province_code = $province_code)
),
counted AS (
    SELECT fact_table, count(*) AS n
    FROM rows
    WHERE ($year_from IS NULL OR year >= $year_from) AND ($year_to IS NULL OR year <= $year_to)
    GROUP BY fact_table
)
SELECT t.fact_table, CAST(coalesce(c.n, 0) AS BIGINT) AS rows
FROM (VALUES (1, 'comm_team'), (2, 'trusted_address'), (3, 'club'), (4, 'event'), (5, 'training'), (6, 'supervision'),
             (7, 'safe_birth_support'), (8, 'project_commune'), (9, 'target'), (10, 'budget'), (11, 'document'))
     AS t(position, fact_table)
LEFT JOIN counted AS c USING (fact_table)
ORDER BY t.position;
