"""Versioned schema migrations, applied in order and recorded in ``PRAGMA user_version``.

Append a new script to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the deployment facts, loaded from data/ by `deploybot load`.
    """
    CREATE TABLE facts_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE sources (
        id        TEXT PRIMARY KEY,
        publisher TEXT NOT NULL,
        title     TEXT NOT NULL,
        published TEXT NOT NULL,
        language  TEXT NOT NULL,
        url       TEXT
    );
    CREATE TABLE organisations (
        id      TEXT PRIMARY KEY,
        short   TEXT NOT NULL,
        name_nl TEXT NOT NULL,
        name_en TEXT NOT NULL
    );
    CREATE TABLE missions (
        slug         TEXT PRIMARY KEY,
        source       TEXT NOT NULL REFERENCES sources(id),
        name_nl      TEXT NOT NULL,
        name_en      TEXT NOT NULL,
        organisation TEXT NOT NULL REFERENCES organisations(id),
        country      TEXT NOT NULL,
        place_nl     TEXT NOT NULL,
        place_en     TEXT NOT NULL,
        summary_nl   TEXT NOT NULL,
        summary_en   TEXT NOT NULL,
        aliases      TEXT NOT NULL  -- JSON list of strings
    );
    CREATE TABLE contributions (
        source         TEXT NOT NULL REFERENCES sources(id),
        mission        TEXT NOT NULL REFERENCES missions(slug),
        key            TEXT NOT NULL,
        paragraph      INTEGER NOT NULL,
        country        TEXT NOT NULL,
        personnel_min  INTEGER,
        personnel_max  INTEGER,
        personnel_kind TEXT NOT NULL,
        approximate    INTEGER NOT NULL,
        equipment      TEXT NOT NULL,  -- JSON list of [name, count]
        task_nl        TEXT,
        task_en        TEXT,
        PRIMARY KEY (source, mission, key)
    );
    CREATE INDEX contributions_by_mission ON contributions(mission);
    CREATE TABLE partners (
        source       TEXT NOT NULL REFERENCES sources(id),
        mission      TEXT NOT NULL REFERENCES missions(slug),
        key          TEXT NOT NULL,
        paragraph    INTEGER NOT NULL,
        role         TEXT NOT NULL,
        country      TEXT,
        organisation TEXT REFERENCES organisations(id),
        note_nl      TEXT,
        note_en      TEXT,
        PRIMARY KEY (source, mission, key)
    );
    CREATE INDEX partners_by_mission ON partners(mission);
    CREATE TABLE milestones (
        source     TEXT NOT NULL REFERENCES sources(id),
        mission    TEXT NOT NULL REFERENCES missions(slug),
        key        TEXT NOT NULL,
        paragraph  INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        date       TEXT NOT NULL,  -- FuzzyDate notation
        date_first TEXT NOT NULL,  -- ISO day: the period the date covers, for range queries
        date_last  TEXT NOT NULL,
        certainty  TEXT NOT NULL,
        until      TEXT,
        duration   TEXT,
        note_nl    TEXT,
        note_en    TEXT,
        PRIMARY KEY (source, mission, key)
    );
    CREATE INDEX milestones_by_mission ON milestones(mission, key);
    CREATE INDEX milestones_by_date ON milestones(date_first, date_last);
    """,
)
