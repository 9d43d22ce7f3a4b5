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
    # 7, 8, 9: reserved for the migrations of branches merged before this one (written in parallel); empty here.
    # Lead: at the merge these three placeholders are replaced by those branches' scripts, in their order.
    "",
    "",
    "",
    # 10: several processes share one ledger. Each running bot is an instance with a lease it renews; a claim
    #     names the instance that made it, so that only that instance, or one taking over after its lease ran
    #     out (or after it is seen dead on this host), settles the claim.
    """
    ALTER TABLE announcements ADD COLUMN claimed_by TEXT;  -- instances.id of the claimer; NULL: before instances
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
)
