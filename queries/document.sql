-- Documents a district report cites (document): decisions, plans, letters, with number, date and issuer,
-- filtered for the Tables page and exports. District-level: no commune. Documents are cited from the report,
-- never allocated, so illustrative is always false (kept so every table filters the same way).
-- @param province_code CODE2: province, e.g. 12
-- @param district_code CODE3: 2023 district, e.g. 109
-- @param year INTEGER: year of the report that cites it, e.g. 2023
-- @param year_from INTEGER: first year of a range of report years, e.g. 2022
-- @param year_to INTEGER: last year of a range of report years, e.g. 2025
-- @param doc_type VARCHAR: decision, plan, official_letter, guidance, circular, decree…
-- @param illustrative BOOLEAN: true: illustrative rows only (none); false: reported rows only
WITH districts AS (
    SELECT district_code, any_value(district_name) AS district_name, any_value(province_code) AS province_code
    FROM unit WHERE vintage = 2023 AND district_code IS NOT NULL GROUP BY district_code
)
SELECT
    f.year,
    f.district_code,
    d.district_name,
    f."number",
    f.doc_type,
    f.issued_on,
    f.issuer,
    f.title,
    f.section,
    false AS illustrative,
    f.source,
    f.record_id
FROM document AS f
LEFT JOIN districts AS d USING (district_code)
WHERE ($year IS NULL OR f.year = $year)
  AND ($district_code IS NULL OR f.district_code = $district_code)
  AND ($province_code IS NULL OR d.province_code = $province_code)
  AND ($doc_type IS NULL OR f.doc_type = $doc_type)
  AND ($illustrative IS NULL OR NOT $illustrative)
  AND ($year_from IS NULL OR f.year >= $year_from)
  AND ($year_to IS NULL OR f.year <= $year_to)
ORDER BY f.year, f.district_code, f.issued_on NULLS LAST, f.record_id;
