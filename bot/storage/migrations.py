"""Versioned schema migrations, one list for both backends, applied in order.

SQLite records the version in ``PRAGMA user_version``, PostgreSQL in the one-row table ``schema_version``.

The rule for a new migration:

1. Append a script to :data:`MIGRATIONS`; never edit one that has shipped (on either backend).
2. Write it in portable SQL, with SQLite's type names: ``INTEGER`` (Discord ids are 64-bit), ``TEXT``,
   ``REAL``, ``BLOB``, ``INTEGER PRIMARY KEY AUTOINCREMENT``. :func:`for_postgres` turns these into
   ``BIGINT``, ``TEXT COLLATE "C"`` (byte order, as SQLite compares), ``DOUBLE PRECISION``, ``BYTEA`` and an
   identity column, mechanically. Keep instants as ISO text and booleans as INTEGER 0/1, as the others do.
3. Where that is not enough (SQLite-only syntax, which :func:`for_postgres` refuses by name), add the
   PostgreSQL text under the same number to :data:`POSTGRES_OVERRIDES`.

``tests/storage/test_migrations.py`` applies every migration on both backends and checks that they give the
same tables with the same columns, and that no script needs an override it lacks.
"""

from __future__ import annotations

import re

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
    # 2: per-server settings (registered defaults live in bot/storage/guilds.py) and the announcement ledger.
    """
    CREATE TABLE guild_settings (
        guild_id        INTEGER PRIMARY KEY,
        channel_id      INTEGER,
        leads           TEXT,     -- comma-separated days, NULL for the default
        language        TEXT,     -- 'nl' or 'en', NULL: each user's own (answers), Dutch (announcements)
        timezone        TEXT,     -- IANA name, NULL for the bot's default
        post_time       TEXT,     -- HH:MM local, NULL for the default
        follow_all      INTEGER NOT NULL DEFAULT 1,
        paused          INTEGER NOT NULL DEFAULT 0,  -- by a moderator
        problem         TEXT,     -- why the bot itself stopped posting here (missing permission, channel gone)
        problem_since   TEXT,
        announce_from   TEXT,     -- UTC instant the channel was set: nothing due earlier is posted (no history)
        updated_at      TEXT NOT NULL
    );
    CREATE TABLE guild_missions (
        guild_id INTEGER NOT NULL REFERENCES guild_settings(guild_id) ON DELETE CASCADE,
        mission  TEXT NOT NULL,
        PRIMARY KEY (guild_id, mission)
    );
    CREATE TABLE guild_roles (
        guild_id INTEGER NOT NULL REFERENCES guild_settings(guild_id) ON DELETE CASCADE,
        mission  TEXT NOT NULL,   -- '*' for every mission
        role_id  INTEGER NOT NULL,
        PRIMARY KEY (guild_id, mission)
    );
    CREATE TABLE announcements (
        guild_id    INTEGER NOT NULL REFERENCES guild_settings(guild_id) ON DELETE CASCADE,
        mission     TEXT NOT NULL,
        milestone   TEXT NOT NULL,
        version     TEXT NOT NULL,     -- the milestone's date, period and certainty as they were known
        lead        INTEGER NOT NULL,  -- days before the date; -1 for an update post
        due_at      TEXT NOT NULL,     -- UTC
        state       TEXT NOT NULL,     -- claimed, sent, skipped
        nonce       TEXT NOT NULL,
        channel_id  INTEGER,
        message_id  INTEGER,
        late        INTEGER NOT NULL DEFAULT 0,
        claimed_at  TEXT NOT NULL,
        finished_at TEXT,
        detail      TEXT,
        PRIMARY KEY (guild_id, mission, milestone, version, lead)
    );
    CREATE INDEX announcements_open ON announcements(state, guild_id);
    CREATE INDEX announcements_by_due ON announcements(due_at);
    CREATE INDEX announcements_by_milestone ON announcements(guild_id, mission, milestone, finished_at);
    """,
    # 3: the ledger learns when each announcement's event ends (so rows of long-past events can be compacted)
    # and two final states: "unverified" (a crash left it unclear whether the post went out, and the channel's
    # history could not tell; never re-sent) and "failed" (Discord refused this very message; never retried).
    """
    ALTER TABLE announcements ADD COLUMN event_last TEXT;  -- the last day the event can mean, NULL: unknown
    ALTER TABLE announcements ADD COLUMN code INTEGER;     -- Discord's error code, for a failed post
    CREATE INDEX announcements_by_event ON announcements(event_last);
    CREATE TABLE dispatcher_state (
        key   TEXT PRIMARY KEY,  -- 'handled_until': every announcement due up to then has been looked at
        value TEXT NOT NULL
    );
    """,
    # 4: whose date a milestone is: the international operation's, or one Dutch contribution's (by its key);
    #    why a source has no URL.
    """
    ALTER TABLE sources ADD COLUMN no_url TEXT;
    ALTER TABLE milestones ADD COLUMN scope TEXT NOT NULL DEFAULT 'contribution';
    ALTER TABLE milestones ADD COLUMN contribution TEXT NOT NULL DEFAULT 'main';
    """,
    # 5: a server can follow every mission except some: guild_missions rows with excluded = 1 name those.
    """
    ALTER TABLE guild_missions ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;  -- 1: followed by all but this
    """,
    # 6: servers that were given the one setup hint on joining. Kept when the bot leaves (unlike the settings):
    #    the hint is given once per server ever, so that removing and re-adding the bot never repeats it.
    """
    CREATE TABLE guild_welcomes (
        guild_id    INTEGER PRIMARY KEY,
        welcomed_at TEXT NOT NULL  -- UTC instant the hint was posted, or found nowhere to go
    );
    """,
    # 7: curators' drafts from /facts ingest: the article, its source, the drafted items with each curator's
    #    decision and edit, a version counter (an action on an older version is refused, never applied), and
    #    every publish (who, when, which file). Drafts expire after 7 days; the publish records are kept.
    """
    CREATE TABLE curation_drafts (
        id         TEXT PRIMARY KEY,
        version    INTEGER NOT NULL,
        state      TEXT NOT NULL,     -- open, published
        created_by INTEGER NOT NULL,  -- Discord user id
        created_at TEXT NOT NULL,     -- UTC
        expires_at TEXT NOT NULL,     -- UTC
        filename   TEXT NOT NULL,
        article    TEXT NOT NULL,
        source     TEXT NOT NULL,     -- JSON: id, publisher, title, published, url
        summary    TEXT NOT NULL      -- JSON: what the review folds away (unchanged facts, new missions)
    );
    CREATE INDEX curation_drafts_by_expiry ON curation_drafts(expires_at);
    CREATE TABLE curation_items (
        draft_id   TEXT NOT NULL REFERENCES curation_drafts(id) ON DELETE CASCADE,
        item       INTEGER NOT NULL,
        proposed   TEXT NOT NULL,     -- JSON: the drafted fact, its change against today's facts, excerpt
        decision   TEXT,              -- accepted, rejected; NULL: not decided
        edited     TEXT,              -- JSON: the fields as a curator edited them
        decided_by INTEGER,
        decided_at TEXT,
        PRIMARY KEY (draft_id, item)
    );
    CREATE TABLE curation_publishes (
        draft_id     TEXT PRIMARY KEY,
        source_id    TEXT NOT NULL,
        file         TEXT NOT NULL,
        published_by INTEGER NOT NULL,
        published_at TEXT NOT NULL
    );
    """,
    # 8: Discord Scheduled Events kept in step with the facts (bot/schedule/events.py). Whether a server wants them
    #    and why syncing is paused there; one row per milestone made an event: claimed before Discord is asked to
    #    create it (a crash then leaves a claim that is settled by listing the server's events), created with
    #    its id and what was sent, dismissed when a moderator deleted it by hand (never recreated in a loop), or
    #    failed when Discord refused it for good. No foreign key to guild_settings: events need no channel.
    """
    CREATE TABLE event_settings (
        guild_id      INTEGER PRIMARY KEY,
        enabled       INTEGER NOT NULL DEFAULT 0,
        problem       TEXT,     -- why syncing is paused here (Manage Events missing), NULL when it is not
        problem_since TEXT,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE guild_events (
        guild_id    INTEGER NOT NULL,
        ref         TEXT NOT NULL,     -- mission/milestone, also the last line of the event's description
        state       TEXT NOT NULL,     -- claimed, created, dismissed, failed
        event_id    INTEGER,
        fingerprint TEXT NOT NULL,     -- every field as last sent (or about to be): unchanged means no request
        starts_at   TEXT NOT NULL,     -- UTC
        claimed_at  TEXT NOT NULL,
        code        INTEGER,           -- Discord's error code, for a failed one
        detail      TEXT,
        PRIMARY KEY (guild_id, ref)
    );
    """,
    # 9: members following missions themselves, by direct message (issue 16). A member's settings (the recipient's
    #    own profile: zone, post time, language, leads), the missions followed, the cached DM channel, why DMs are
    #    paused; and the members' own ledger, shaped like the servers' (servers' rows and keys stay untouched).
    #    Everything cascades from member_settings: /forget-me is one DELETE of one row.
    """
    CREATE TABLE member_settings (
        user_id        INTEGER PRIMARY KEY,
        language       TEXT NOT NULL,       -- 'nl' or 'en': the client's language when they first followed
        timezone       TEXT,                -- IANA name, NULL for the bot's default
        post_time      TEXT,                -- HH:MM local, NULL for the default
        leads          TEXT,                -- comma-separated days, NULL for the default
        dm_channel_id  INTEGER,             -- the DM channel Discord gave (one POST /users/@me/channels per member)
        paused_reason  TEXT,                -- why the bot stopped sending (DMs closed: 50007), NULL when sending
        paused_since   TEXT,
        paused_told    INTEGER NOT NULL DEFAULT 0,  -- 1 once the member was told why (on their next command)
        announce_from  TEXT NOT NULL,       -- UTC instant of the latest follow: nothing due earlier is sent
        updated_at     TEXT NOT NULL
    );
    CREATE TABLE member_follows (
        user_id     INTEGER NOT NULL REFERENCES member_settings(user_id) ON DELETE CASCADE,
        mission     TEXT NOT NULL,
        followed_at TEXT NOT NULL,
        PRIMARY KEY (user_id, mission)
    );
    CREATE TABLE member_announcements (
        user_id     INTEGER NOT NULL REFERENCES member_settings(user_id) ON DELETE CASCADE,
        mission     TEXT NOT NULL,
        milestone   TEXT NOT NULL,
        version     TEXT NOT NULL,
        lead        INTEGER NOT NULL,
        due_at      TEXT NOT NULL,
        event_last  TEXT,
        state       TEXT NOT NULL,
        nonce       TEXT NOT NULL,
        channel_id  INTEGER,            -- the member's user id: their DM channel is looked up from it
        message_id  INTEGER,
        late        INTEGER NOT NULL DEFAULT 0,
        claimed_at  TEXT NOT NULL,
        finished_at TEXT,
        detail      TEXT,
        code        INTEGER,
        PRIMARY KEY (user_id, mission, milestone, version, lead)
    );
    CREATE INDEX member_announcements_open ON member_announcements(state, user_id);
    CREATE INDEX member_announcements_by_due ON member_announcements(due_at);
    CREATE INDEX member_announcements_by_event ON member_announcements(event_last);
    CREATE INDEX member_announcements_by_milestone ON member_announcements(user_id, mission, milestone, finished_at);
    """,
    # 10: several processes share one ledger. Each running bot is an instance with a lease it renews; a claim
    #     names the instance that made it, so that only that instance, or one taking over after its lease ran
    #     out (or after it is seen dead on this host), settles the claim.
    """
    ALTER TABLE announcements ADD COLUMN claimed_by TEXT;  -- instances.id of the claimer; NULL: before instances
    ALTER TABLE member_announcements ADD COLUMN claimed_by TEXT;  -- the same for members' DMs
    CREATE TABLE instances (
        id          TEXT PRIMARY KEY,   -- random, one per process start
        host        TEXT NOT NULL,      -- where it runs (its pid tells on that host whether it still lives)
        pid         INTEGER NOT NULL,
        shards      TEXT NOT NULL,      -- the shards it connects, such as '0-3'; '' when unsharded
        shard_count INTEGER NOT NULL,
        started_at  TEXT NOT NULL,      -- UTC
        lease_until TEXT NOT NULL       -- UTC; renewed while it runs, deleted when it stops cleanly
    );
    CREATE INDEX instances_by_lease ON instances(lease_until);
    """,
    # 11: a publish from Discord can add missions to data/missions.toml too: which ones, in the publish log.
    """
    ALTER TABLE curation_publishes ADD COLUMN missions TEXT NOT NULL DEFAULT '';  -- slugs, space-separated
    """,
)


# Migration number → its PostgreSQL text, where the mechanical step in for_postgres() is not enough.
POSTGRES_OVERRIDES: dict[int, str] = {}

# Each (pattern, replacement) in order; whole words, case-insensitive.
_TYPES = (
    (r"\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (r"\bINTEGER\b", "BIGINT"),
    (r"\bREAL\b", "DOUBLE PRECISION"),
    (r"\bBLOB\b", "BYTEA"),
    # SQLite compares text byte by byte; so must PostgreSQL, whatever the database's locale (ISO instants
    # are compared and sorted as text).
    (r"\bTEXT\b", 'TEXT COLLATE "C"'),
)
# SQLite-only syntax that has no mechanical translation: such a migration needs an override.
_SQLITE_ONLY = (
    r"\bINSERT\s+OR\b",
    r"\bREPLACE\s+INTO\b",
    r"\bWITHOUT\s+ROWID\b",
    r"\browid\b",
    r"\bPRAGMA\b",
    r"\bdatetime\s*\(",
    r"\bstrftime\s*\(",
    r"\bjulianday\s*\(",
    r"\bAUTOINCREMENT\b",
    r"\bIFNULL\s*\(",
)


class NeedsOverride(ValueError):
    """A migration uses SQLite-only syntax: write its PostgreSQL text in POSTGRES_OVERRIDES."""


def _without_comments(script: str) -> str:
    return re.sub(r"--[^\n]*", "", script)


def for_postgres(script: str, number: int = 0) -> str:
    """The PostgreSQL text of an SQLite migration script: type names translated, comments dropped."""
    code = _without_comments(script)
    for pattern, replacement in _TYPES:
        code = re.sub(pattern, replacement, code, flags=re.IGNORECASE)
    for pattern in _SQLITE_ONLY:
        found = re.search(pattern, code, flags=re.IGNORECASE)
        if found:
            raise NeedsOverride(
                f"migration {number} uses {found.group(0).strip()!r}, which PostgreSQL does not take: "
                f"add its PostgreSQL text as POSTGRES_OVERRIDES[{number}] in bot/storage/migrations.py"
            )
    return code


def postgres_migrations() -> tuple[str, ...]:
    """Every migration in PostgreSQL's dialect, numbered as :data:`MIGRATIONS`."""
    return tuple(
        POSTGRES_OVERRIDES.get(number) or for_postgres(script, number)
        for number, script in enumerate(MIGRATIONS, start=1)
    )
