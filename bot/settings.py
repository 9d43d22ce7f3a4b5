"""Settings from the environment and ``.env``, into one frozen :class:`Settings`.

A missing or invalid value raises :class:`SettingsError` naming the variable; the CLI prints that one line.
The token is kept in a :class:`Secret` so that it cannot end up in a log line or a traceback's repr.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from dotenv import dotenv_values

from bot.shards import Shards, ShardSpecError, make_shards
from bot.zones import canonical_zone

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class SettingsError(Exception):
    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"{variable}: {problem}")


class Secret:
    """A string that never shows itself in ``repr`` or ``str``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Settings:
    token: Secret | None = None
    database: Path | str = Path("deploybot.sqlite3")  # an SQLite path, or a postgresql:// URL (a str)
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Amsterdam"))
    dev_guild_id: int | None = None
    home_guild_id: int | None = None  # where /owner is registered; None: nowhere
    owner_ids: frozenset[int] = frozenset()
    curator_role_id: int | None = None  # members of this role in the home server curate the facts (/facts)
    shards: Shards = field(default_factory=Shards)  # the plain unsharded bot unless shards are given


# Every variable, its default and what it means: the README table and .env.example say the same.
VARIABLES = {
    "DISCORD_TOKEN": "the bot token; without it `deploybot run` starts the offline sandbox",
    "DEPLOYBOT_DATABASE": "the SQLite database file (default deploybot.sqlite3, git-ignored), or a postgresql:// URL",
    "DEPLOYBOT_DATA_DIR": "directory holding the fact files (default data)",
    "DEPLOYBOT_LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR (default INFO)",
    "DEPLOYBOT_TIMEZONE": "IANA time zone for servers that have not chosen one (default Europe/Amsterdam)",
    "DEPLOYBOT_DEV_GUILD_ID": "a server id to sync commands to instantly while developing (optional)",
    "DEPLOYBOT_HOME_GUILD_ID": "the server where /owner is registered (default DEPLOYBOT_DEV_GUILD_ID; else nowhere)",
    "DEPLOYBOT_OWNER_IDS": "comma-separated user ids allowed to run owner commands (optional)",
    "DEPLOYBOT_CURATOR_ROLE_ID": "a role in the home server whose members curate the facts with /facts (optional)",
    "DEPLOYBOT_SHARDS": "the shards this process connects, such as 0-3 or 0,2 (needs DEPLOYBOT_SHARD_COUNT)",
    "DEPLOYBOT_SHARD_COUNT": "how many shards the bot has in all its processes (default: unsharded)",
}


def shards_setting(ids_text: str | None, count_text: str | None) -> Shards:
    """:func:`~bot.shards.make_shards`, with a mistake named by its variable (the command line names its option)."""
    try:
        return make_shards(ids_text, count_text)
    except ShardSpecError as exc:
        variable = "DEPLOYBOT_SHARD_COUNT" if exc.part == "count" else "DEPLOYBOT_SHARDS"
        raise SettingsError(variable, str(exc)) from None


def _snowflake(variable: str, text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise SettingsError(variable, f"{text.strip()!r} is not a Discord id (a number)") from None
    if value <= 0:
        raise SettingsError(variable, "a Discord id is a positive number")
    return value


def _database(text: str) -> Path | str:
    """An SQLite path (or ``file:`` URI), or a PostgreSQL URL kept as text."""
    if text.startswith(POSTGRES_SCHEMES):
        return text
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise SettingsError(
            "DEPLOYBOT_DATABASE", f"{scheme}:// is not a database this bot knows: give an SQLite path or postgresql://…"
        )
    return Path(text)


def load_settings(environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env") -> Settings:
    """Read settings: the process environment wins over ``.env``; empty values count as unset."""
    values: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    get = lambda name: (values.get(name) or "").strip() or None  # noqa: E731

    token = get("DISCORD_TOKEN")
    if token is not None and (len(token) < 50 or any(c.isspace() for c in token)):
        raise SettingsError("DISCORD_TOKEN", "does not look like a bot token (copy it again from the Developer Portal)")

    level = (get("DEPLOYBOT_LOG_LEVEL") or "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError("DEPLOYBOT_LOG_LEVEL", f"{level!r} is not one of DEBUG, INFO, WARNING, ERROR")

    zone_name = get("DEPLOYBOT_TIMEZONE") or "Europe/Amsterdam"
    canonical = canonical_zone(zone_name)
    if canonical is None:
        raise SettingsError("DEPLOYBOT_TIMEZONE", f"{zone_name!r} is not an IANA time zone")
    zone = ZoneInfo(canonical)

    data_dir = Path(get("DEPLOYBOT_DATA_DIR") or "data")
    guild = get("DEPLOYBOT_DEV_GUILD_ID")
    dev_guild_id = _snowflake("DEPLOYBOT_DEV_GUILD_ID", guild) if guild else None
    home = get("DEPLOYBOT_HOME_GUILD_ID")
    owners = get("DEPLOYBOT_OWNER_IDS")
    curators = get("DEPLOYBOT_CURATOR_ROLE_ID")
    shards = shards_setting(get("DEPLOYBOT_SHARDS"), get("DEPLOYBOT_SHARD_COUNT"))
    return Settings(
        token=Secret(token) if token else None,
        database=_database(get("DEPLOYBOT_DATABASE") or "deploybot.sqlite3"),
        data_dir=data_dir,
        log_level=level,
        timezone=zone,
        dev_guild_id=dev_guild_id,
        home_guild_id=_snowflake("DEPLOYBOT_HOME_GUILD_ID", home) if home else dev_guild_id,
        owner_ids=frozenset(
            _snowflake("DEPLOYBOT_OWNER_IDS", part) for part in (owners or "").split(",") if part.strip()
        ),
        curator_role_id=_snowflake("DEPLOYBOT_CURATOR_ROLE_ID", curators) if curators else None,
        shards=shards,
    )
