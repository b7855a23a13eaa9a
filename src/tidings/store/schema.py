"""The DuckDB schema, versioned in the ``meta`` table.

Every table keeps the whole record as JSON in ``data`` (so a stored result rebuilds exactly)
plus flat columns that queries filter and sort on. There are no key constraints: uniqueness
is kept by :meth:`Store.write_result`, which deletes a document's rows before inserting them
in the same transaction (DuckDB checks unique keys eagerly, which would reject that).
"""

from __future__ import annotations

SCHEMA_VERSION = 2
# Version 2 added ``event_groups``: opening a version-1 database for writing adds the table and
# groups its events (see ``Store._migrate``).

TABLES: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS meta (
        key VARCHAR NOT NULL,
        value VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL,
        date DATE,
        title VARCHAR,
        url VARCHAR,
        publisher VARCHAR,
        language VARCHAR,
        text VARCHAR,
        source_path VARCHAR,
        ingested_at TIMESTAMP NOT NULL,
        duplicate_of VARCHAR,
        errors JSON
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        date DATE,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        modes VARCHAR[],
        quad INTEGER NOT NULL,
        modality VARCHAR,
        cameo VARCHAR,
        confidence DOUBLE,
        actor_code VARCHAR,
        actor_sector VARCHAR,
        actor_text VARCHAR,
        recipient_code VARCHAR,
        recipient_sector VARCHAR,
        recipient_text VARCHAR,
        party_codes VARCHAR[],
        party_sectors VARCHAR[],
        party_text VARCHAR,
        recipient_codes VARCHAR[],
        recipient_all_text VARCHAR,
        place VARCHAR,
        country_code VARCHAR,
        admin1 VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        sentence VARCHAR,
        actor JSON,
        recipient JSON,
        size JSON,
        acled JSON,
        event_loc JSON,
        data JSON NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS quotes (
        id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        speaker_text VARCHAR,
        speaker_code VARCHAR,
        cue VARCHAR,
        content VARCHAR,
        kind VARCHAR,
        event_ids VARCHAR[],
        data JSON NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS places (
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        text VARCHAR,
        name VARCHAR,
        geonameid BIGINT,
        country_code VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        data JSON NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS entities (
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        text VARCHAR,
        label VARCHAR,
        code VARCHAR,
        sector VARCHAR,
        data JSON NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS actor_profiles (
        name VARCHAR NOT NULL,
        code VARCHAR,
        sector VARCHAR,
        pinned BOOLEAN,
        updated_at TIMESTAMP NOT NULL,
        data JSON NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS skips (
        doc_id VARCHAR NOT NULL,
        source_path VARCHAR,
        reason VARCHAR NOT NULL,
        "at" TIMESTAMP NOT NULL
    )""",
    # events that report the same real-world event (tidings.dedupe): only groups of 2 or more
    """CREATE TABLE IF NOT EXISTS event_groups (
        event_id VARCHAR NOT NULL,
        group_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        representative BOOLEAN NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS documents_id ON documents (id)",
    "CREATE INDEX IF NOT EXISTS events_id ON events (id)",
    "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id)",
    "CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (doc_id)",
    "CREATE INDEX IF NOT EXISTS places_doc ON places (doc_id)",
    "CREATE INDEX IF NOT EXISTS entities_doc ON entities (doc_id)",
    "CREATE INDEX IF NOT EXISTS event_groups_event ON event_groups (event_id)",
    "CREATE INDEX IF NOT EXISTS event_groups_group ON event_groups (group_id)",
)

GROUP_COLUMNS: tuple[str, ...] = ("event_id", "group_id", "doc_id", "representative")

# The tables holding one document's rows, all keyed by doc_id (documents by id).
DOCUMENT_TABLES: tuple[str, ...] = ("events", "quotes", "places", "entities")
