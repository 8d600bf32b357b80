-- Project 8 dashboard: the DuckDB schema.
-- Every fact is keyed by (vintage, commune code) and a year: a commune code alone is ambiguous
-- (03562 is Xã Vàng Ma Chải in the 2023 vintage and Xã Sì Lở Lầu in the 2025 one).
-- District-level facts (targets, budget, district trainings) have commune_code NULL and a district_code.
-- {name} in a CHECK is a list of the registry, written in as constants by store/schema.py: {vintages} is
-- registry/vintages.py's, any other name one of registry/codes.py. The lists are written there only.

-- ---------------------------------------------------------------- vintages
-- The boundary vintages, filled from registry/vintages.py at build and upgrade: views and queries
-- check a vintage against this table.
CREATE TABLE vintage (
    vintage        INTEGER PRIMARY KEY,
    meaning        VARCHAR NOT NULL
);

-- ---------------------------------------------------------------- places
CREATE TABLE unit (
    vintage        INTEGER NOT NULL CHECK (vintage IN ({vintages})),  -- 2023: before 1 July 2025; 2025: since
    code           VARCHAR NOT NULL,           -- GSO commune-level code, 5 digits
    name           VARCHAR NOT NULL,           -- official name with its type prefix (Xã, Phường, Thị trấn)
    unit_type      VARCHAR NOT NULL CHECK (unit_type IN ({unit_types})),
    province_code  VARCHAR NOT NULL,
    province_name  VARCHAR NOT NULL,
    district_code  VARCHAR,                    -- NULL in the 2025 vintage (districts abolished)
    district_name  VARCHAR,
    population     DOUBLE,                     -- 2009 census attribute of the boundary file: a relative denominator
    area_km2       DOUBLE,                     -- from the boundary file's area_ha
    has_boundary   BOOLEAN NOT NULL,
    boundary_approximate BOOLEAN NOT NULL DEFAULT false,  -- shape, population and area rebuilt approximately (2025)
    boundary_note  VARCHAR,                    -- why there is no boundary, or why it is approximate
    PRIMARY KEY (vintage, code)
);

CREATE TABLE unit_boundary (
    vintage        INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    code           VARCHAR NOT NULL,
    geometry_wkb   BLOB NOT NULL,              -- EPSG:4326, full precision; simplified for maps in geo/
    part_count     INTEGER NOT NULL,           -- boundary polygons dissolved into this unit
    PRIMARY KEY (vintage, code)
);

-- Each province as one shape, dissolved from its units' boundaries when the database is built (the
-- country map colours provinces). A unit without a boundary leaves its part of the province empty.
CREATE TABLE province_boundary (
    vintage        INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    province_code  VARCHAR NOT NULL,
    unit_count     INTEGER NOT NULL,           -- units with a boundary dissolved into this shape
    geometry_wkb   BLOB NOT NULL,              -- EPSG:4326, full precision
    PRIMARY KEY (vintage, province_code)
);

CREATE TABLE crosswalk (
    from_vintage   INTEGER NOT NULL CHECK (from_vintage IN ({vintages})),
    from_code      VARCHAR NOT NULL,
    to_vintage     INTEGER NOT NULL CHECK (to_vintage IN ({vintages})),
    to_code        VARCHAR NOT NULL,
    is_split       BOOLEAN NOT NULL,           -- the old unit went to several new ones: re-aggregation is approximate
    is_default     BOOLEAN NOT NULL DEFAULT true,  -- the one successor a split unit's figures and polygon go to
    source         VARCHAR NOT NULL,
    PRIMARY KEY (from_vintage, from_code, to_vintage, to_code)
);

-- The provinces merged whole on 1 July 2025: each 2023 province lies in one 2025 province.
CREATE TABLE province_crosswalk (
    from_vintage        INTEGER NOT NULL CHECK (from_vintage IN ({vintages})),
    from_province_code  VARCHAR NOT NULL,
    to_vintage          INTEGER NOT NULL CHECK (to_vintage IN ({vintages})),
    to_province_code    VARCHAR NOT NULL,
    source              VARCHAR NOT NULL,
    PRIMARY KEY (from_vintage, from_province_code, to_vintage)
);

-- How each unit of the official lists was tied to the package the crosswalk comes from (or why it was
-- not), and the package's units that are in neither list (code NULL).
CREATE TABLE crosswalk_match (
    vintage        INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    code           VARCHAR,
    name           VARCHAR NOT NULL,
    province_code  VARCHAR NOT NULL,
    method         VARCHAR NOT NULL CHECK (method IN ({crosswalk_match_methods})),
    package_code   VARCHAR,                    -- the unit's code in the package, where tied
    package_name   VARCHAR,
    note           VARCHAR
);

-- How each polygon of the boundary file was tied to an official 2023 code (or why it was not).
CREATE TABLE boundary_match (
    census_commune_id  BIGINT PRIMARY KEY,
    province           VARCHAR NOT NULL,
    district           VARCHAR NOT NULL,
    commune            VARCHAR NOT NULL,
    vintage            INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    code               VARCHAR,                -- NULL when unmatched
    method             VARCHAR NOT NULL CHECK (method IN ({match_methods})),
    note               VARCHAR
);

-- ---------------------------------------------------------------- facts
-- Common columns: record_id (natural key, stable across imports), year, vintage, district_code,
-- commune_code, illustrative (TRUE: generated allocation, not reported fact), source (citation).

CREATE TABLE comm_team (
    record_id              VARCHAR PRIMARY KEY,
    year                   INTEGER NOT NULL,
    vintage                INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code          VARCHAR,
    commune_code           VARCHAR NOT NULL,
    village                VARCHAR,
    communicators          INTEGER NOT NULL CHECK (communicators >= 0),
    communicators_female   INTEGER NOT NULL CHECK (communicators_female >= 0),
    established_on         DATE,
    illustrative           BOOLEAN NOT NULL,
    source                 VARCHAR NOT NULL,
    CHECK (communicators_female <= communicators)
);

CREATE TABLE trusted_address (
    record_id        VARCHAR PRIMARY KEY,
    year             INTEGER NOT NULL,
    vintage          INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code    VARCHAR,
    commune_code     VARCHAR NOT NULL,
    village          VARCHAR,
    name             VARCHAR,
    members          INTEGER NOT NULL CHECK (members >= 0),
    members_female   INTEGER NOT NULL CHECK (members_female >= 0),
    established_on   DATE,
    latitude         DOUBLE,
    longitude        DOUBLE,
    illustrative     BOOLEAN NOT NULL,
    source           VARCHAR NOT NULL,
    CHECK (members_female <= members)
);

CREATE TABLE club (
    record_id        VARCHAR PRIMARY KEY,
    year             INTEGER NOT NULL,
    vintage          INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code    VARCHAR,
    commune_code     VARCHAR NOT NULL,
    school           VARCHAR NOT NULL,          -- lower-secondary school (THCS)
    club_name        VARCHAR,
    status           VARCHAR NOT NULL CHECK (status IN ({club_statuses})),
    illustrative     BOOLEAN NOT NULL,
    source           VARCHAR NOT NULL
);

CREATE TABLE event (
    record_id                VARCHAR PRIMARY KEY,
    year                     INTEGER NOT NULL,
    vintage                  INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code            VARCHAR,
    commune_code             VARCHAR,
    event_type               VARCHAR NOT NULL CHECK (event_type IN ({event_types})),
    content_area             INTEGER NOT NULL CHECK (content_area IN ({content_areas})),
    held_on                  DATE,
    villages                 VARCHAR,           -- names, '; '-separated
    villages_reached         INTEGER CHECK (villages_reached >= 0),
    attendees                INTEGER CHECK (attendees >= 0),
    attendees_lower_bound    BOOLEAN NOT NULL,  -- the report says "more than N"
    topic                    VARCHAR,
    illustrative             BOOLEAN NOT NULL,
    source                   VARCHAR NOT NULL
);

CREATE TABLE training (
    record_id        VARCHAR PRIMARY KEY,
    year             INTEGER NOT NULL,
    vintage          INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code    VARCHAR,
    commune_code     VARCHAR,                   -- NULL: held by the district for several communes
    content_area     INTEGER NOT NULL CHECK (content_area IN ({content_areas})),
    organiser        VARCHAR NOT NULL,
    held_on          DATE,
    participants     INTEGER NOT NULL CHECK (participants >= 0),
    topic            VARCHAR,
    illustrative     BOOLEAN NOT NULL,
    source           VARCHAR NOT NULL
);

CREATE TABLE supervision (
    record_id        VARCHAR PRIMARY KEY,
    year             INTEGER NOT NULL,
    vintage          INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code    VARCHAR,
    commune_code     VARCHAR NOT NULL,
    visited_on       DATE,
    supervisor       VARCHAR NOT NULL,
    illustrative     BOOLEAN NOT NULL,
    source           VARCHAR NOT NULL
);

CREATE TABLE safe_birth_support (
    record_id        VARCHAR PRIMARY KEY,
    year             INTEGER NOT NULL,
    vintage          INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code    VARCHAR,
    commune_code     VARCHAR NOT NULL,
    package          VARCHAR NOT NULL,
    mothers_paid     INTEGER NOT NULL CHECK (mothers_paid >= 0),
    illustrative     BOOLEAN NOT NULL,
    source           VARCHAR NOT NULL
);

CREATE TABLE project_commune (
    record_id        VARCHAR PRIMARY KEY,
    year             INTEGER NOT NULL,
    vintage          INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code    VARCHAR,
    commune_code     VARCHAR NOT NULL,
    is_project       BOOLEAN NOT NULL,
    illustrative     BOOLEAN NOT NULL,
    source           VARCHAR NOT NULL
);

CREATE TABLE target (
    record_id         VARCHAR PRIMARY KEY,
    year              INTEGER NOT NULL,           -- year of the report that states it
    vintage           INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code     VARCHAR NOT NULL,
    code              VARCHAR NOT NULL,
    name_vi           VARCHAR NOT NULL,
    name_en           VARCHAR NOT NULL,
    content_area      INTEGER NOT NULL CHECK (content_area IN ({content_areas})),
    period_start      INTEGER NOT NULL,
    period_end        INTEGER NOT NULL,
    target_value      DOUBLE,                     -- NULL: the report gives none
    actual_value      DOUBLE,                     -- NULL: the report gives none
    status            VARCHAR NOT NULL CHECK (status IN ({target_statuses})),
    illustrative      BOOLEAN NOT NULL,
    source            VARCHAR NOT NULL
);

CREATE TABLE budget (
    record_id                  VARCHAR PRIMARY KEY,
    year                       INTEGER NOT NULL,   -- year of the report
    vintage                    INTEGER NOT NULL CHECK (vintage IN ({vintages})),
    district_code              VARCHAR NOT NULL,
    allocation_year            INTEGER NOT NULL,   -- year the funds were assigned (or planned for)
    line                       VARCHAR NOT NULL CHECK (line IN ({budget_lines})),
    funding_source             VARCHAR NOT NULL,
    implementing_unit          VARCHAR NOT NULL,
    allocated_mvnd             DECIMAL(14, 3),
    advanced_mvnd              DECIMAL(14, 3),
    disbursed_mvnd             DECIMAL(14, 3),
    expected_disbursed_mvnd    DECIMAL(14, 3),
    expected_by                DATE,
    illustrative               BOOLEAN NOT NULL,
    source                     VARCHAR NOT NULL
);

CREATE TABLE document (
    record_id        VARCHAR PRIMARY KEY,
    district_code    VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    number           VARCHAR NOT NULL,
    doc_type         VARCHAR NOT NULL CHECK (doc_type IN ({doc_types})),
    issued_on        DATE,
    issuer           VARCHAR,
    title            VARCHAR,
    section          VARCHAR,
    source           VARCHAR NOT NULL
);

-- ---------------------------------------------------------------- what the report says
-- Imported like the facts (registry/tables.py): record_id is their identity; a row stored before the column
-- existed gets a random one when the database is upgraded.
CREATE TABLE report_figure (
    record_id        VARCHAR NOT NULL UNIQUE DEFAULT ('rf-' || CAST(uuid() AS VARCHAR)),
    position         INTEGER NOT NULL,           -- order of data/seed/report_figure.csv, or of registry/figures.py
    district_code    VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    code             VARCHAR NOT NULL CHECK (code IN ({figure_codes})),
    reported         DECIMAL(14, 3) NOT NULL,
    lower_bound      BOOLEAN NOT NULL,           -- printed as "more than N"
    printed          VARCHAR NOT NULL,           -- the words as printed in the report
    unit             VARCHAR NOT NULL,
    section          VARCHAR NOT NULL,
    description_vi   VARCHAR NOT NULL,
    description_en   VARCHAR NOT NULL,
    explanation      VARCHAR,                    -- why the data cannot match, where the report contradicts itself
    PRIMARY KEY (district_code, year, code)
);

-- Percentages the report prints, with the figures they are a ratio of.
CREATE TABLE report_percentage (
    district_code     VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    code              VARCHAR NOT NULL,
    numerator_code    VARCHAR NOT NULL,
    denominator_code  VARCHAR NOT NULL,
    numerator_reported    DECIMAL(14, 3) NOT NULL,   -- the figures the report divides, as it prints them
    denominator_reported  DECIMAL(14, 3) NOT NULL,
    reported_pct      DECIMAL(6, 2) NOT NULL,
    decimals          INTEGER NOT NULL,           -- decimals printed; the check rounds to these
    printed           VARCHAR NOT NULL,
    section           VARCHAR NOT NULL,
    description_vi    VARCHAR NOT NULL,
    description_en    VARCHAR NOT NULL,
    PRIMARY KEY (district_code, year, code)
);

-- ---------------------------------------------------------------- imports (ingest/audit.py)
-- One row per committed import (python -m ingest, or the import page): who, when, which file, what changed.
CREATE TABLE import_log (
    import_id        INTEGER PRIMARY KEY,
    imported_at      TIMESTAMP NOT NULL,        -- UTC
    editor           VARCHAR NOT NULL,          -- the signed-in editor, or the system user of the command line
    door             VARCHAR NOT NULL CHECK (door IN ({import_doors})),
    file_name        VARCHAR NOT NULL,
    file_sha256      VARCHAR NOT NULL,
    table_name       VARCHAR NOT NULL,
    rows_in_file     INTEGER NOT NULL,
    rows_added       INTEGER NOT NULL,
    rows_updated     INTEGER NOT NULL,
    rows_unchanged   INTEGER NOT NULL,
    rows_removed     INTEGER NOT NULL,          -- illustrative rows that the file's real rows replaced
    undone_at        TIMESTAMP,                 -- set when the import was undone (UTC)
    undone_by        VARCHAR
);

-- What each import changed, with each changed row as it was before (JSON), so an import can be undone.
CREATE TABLE import_change (
    import_id        INTEGER NOT NULL,
    record_id        VARCHAR NOT NULL,
    action           VARCHAR NOT NULL CHECK (action IN ({import_changes})),
    before_row       VARCHAR,                   -- to_json of the stored row; NULL for added rows
    PRIMARY KEY (import_id, record_id)
);
