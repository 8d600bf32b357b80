-- The register of the documents a district report cites, in order of issue: number, type, date, issuer,
-- subject and the report section citing them (I.1 lists the district's own decisions and plans).
-- @param district_code CODE3 required: 2023 district code, e.g. 109
-- @param year INTEGER required: year of the report that cites them, e.g. 2023
-- @param section VARCHAR: only the documents cited in this report section, e.g. I.1
SELECT
    record_id,
    "number",
    doc_type,
    issued_on,
    issuer,
    title,
    section,
    source
FROM document
WHERE district_code = $district_code AND year = $year
  AND ($section IS NULL OR section = $section)
ORDER BY issued_on NULLS LAST, "number";
