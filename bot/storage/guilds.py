"""Per-server settings with registered defaults: a server that changed nothing reads the defaults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time

from bot.guild_config import DEFAULT_LEADS, DEFAULT_POST_TIME, GuildConfig
from bot.i18n import Language
from bot.storage.database import Database, Executor

_COLUMNS = "channel_id, leads, language, timezone, post_time, follow_all, paused, problem, problem_since, announce_from"


class GuildStore:
    """Reads and writes ``guild_settings`` and its child tables.

    Every change is one read-modify-write inside one write transaction (``Database.transaction``, serialised on
    both backends): the settings are read afresh inside it, so two moderators changing different settings at
    once both keep their change, and a stale cached copy can never be written back. The cache is only ever
    replaced by what was just committed.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[int, GuildConfig] = {}
        self._changed: set[int] = set()  # servers whose settings changed since the dispatcher last looked
        self.listeners: list[Callable[[int], None]] = []  # told of every committed change (the events sync)

    async def get(self, guild_id: int) -> GuildConfig:
        cached = self._cache.get(guild_id)
        if cached is None:
            async with self.db.consistent_read() as conn:
                configs = await self._read(conn, "WHERE guild_id = ?", (guild_id,))
                cached = self._cache[guild_id] = configs[0] if configs else GuildConfig(guild_id)
        return cached

    async def announcing_guilds(self) -> list[GuildConfig]:
        """Every server with an announcement channel (paused ones included: ``/config show`` needs them)."""
        async with self.db.consistent_read() as conn:
            configs = await self._read(conn, "WHERE channel_id IS NOT NULL", ())
            self._cache.update((c.guild_id, c) for c in configs)
        return configs

    def drain_changes(self) -> set[int]:
        """The servers whose settings changed since the last call (the dispatcher re-plans just those)."""
        changed, self._changed = self._changed, set()
        return changed

    @staticmethod
    async def _read(conn: Executor, where: str, params: tuple[int, ...]) -> list[GuildConfig]:
        """Servers' settings in three queries, however many servers there are."""
        missions: dict[int, set[str]] = {}
        excluded: dict[int, set[str]] = {}
        roles: dict[int, dict[str, int]] = {}
        scope = f"guild_id IN (SELECT guild_id FROM guild_settings {where})"
        for guild_id, mission, left_out in await conn.fetchall(
            f"SELECT guild_id, mission, excluded FROM guild_missions WHERE {scope}", params
        ):
            (excluded if left_out else missions).setdefault(int(guild_id), set()).add(mission)
        for guild_id, mission, role_id in await conn.fetchall(
            f"SELECT guild_id, mission, role_id FROM guild_roles WHERE {scope}", params
        ):
            roles.setdefault(int(guild_id), {})[mission] = int(role_id)
        configs = []
        rows = await conn.fetchall(
            f"SELECT guild_id, {_COLUMNS}, updated_at FROM guild_settings {where} ORDER BY guild_id", params
        )
        for row in rows:
            guild_id, channel_id, leads, language, zone, post_time, follow_all, paused, problem, since, start, at = row
            configs.append(
                GuildConfig(
                    guild_id=int(guild_id),
                    channel_id=channel_id,
                    leads=tuple(int(x) for x in leads.split(",")) if leads else DEFAULT_LEADS,
                    language=Language(language) if language else None,
                    timezone=zone,
                    post_time=time.fromisoformat(post_time) if post_time else DEFAULT_POST_TIME,
                    follow_all=bool(follow_all),
                    missions=frozenset(missions.get(int(guild_id), ())),
                    excluded=frozenset(excluded.get(int(guild_id), ())),
                    roles=roles.get(int(guild_id), {}),
                    paused=bool(paused),
                    problem=problem,
                    problem_since=datetime.fromisoformat(since) if since else None,
                    announce_from=datetime.fromisoformat(start) if start else None,
                    changed_at=datetime.fromisoformat(at) if at else None,
                )
            )
        return configs

    async def modify(self, guild_id: int, now: datetime, change: Callable[[GuildConfig], GuildConfig]) -> GuildConfig:
        """Apply ``change`` to the server's current settings and store the result, atomically.

        ``change`` sees the settings as committed (read inside the write transaction) and returns the new
        settings; returning them unchanged writes nothing.
        """
        async with self.db.transaction() as conn:
            rows = await self._read(conn, "WHERE guild_id = ?", (guild_id,))
            current = rows[0] if rows else GuildConfig(guild_id)
            config = change(current)
            if config == current:
                return current
            config = replace(config, changed_at=now)
            await self._write(conn, config, now)
        self._cache[guild_id] = config
        self._changed.add(guild_id)
        for listener in self.listeners:
            listener(guild_id)
        return config

    async def update(self, guild_id: int, now: datetime, **changes: object) -> GuildConfig:
        """Change some fields, leaving every other field as committed: one moderator command."""
        return await self.modify(guild_id, now, lambda config: replace(config, **changes))  # type: ignore[arg-type]

    @staticmethod
    async def _write(conn: Executor, config: GuildConfig, now: datetime) -> None:
        leads = None if config.leads == DEFAULT_LEADS else ",".join(str(x) for x in config.leads)
        post_time = None if config.post_time == DEFAULT_POST_TIME else config.post_time.strftime("%H:%M")
        values = (
            config.guild_id,
            config.channel_id,
            leads,
            config.language.value if config.language else None,
            config.timezone,
            post_time,
            int(config.follow_all),
            int(config.paused),
            config.problem,
            config.problem_since.isoformat() if config.problem_since else None,
            config.announce_from.isoformat() if config.announce_from else None,
            now.isoformat(),
        )
        updates = ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in _COLUMNS.split(","))
        await conn.execute(
            f"INSERT INTO guild_settings (guild_id, {_COLUMNS}, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            f"ON CONFLICT (guild_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
            values,
        )
        await conn.execute("DELETE FROM guild_missions WHERE guild_id = ?", (config.guild_id,))
        await conn.executemany(
            "INSERT INTO guild_missions (guild_id, mission, excluded) VALUES (?, ?, ?)",
            [(config.guild_id, m, 0) for m in sorted(config.missions)]
            + [(config.guild_id, m, 1) for m in sorted(config.excluded)],
        )
        await conn.execute("DELETE FROM guild_roles WHERE guild_id = ?", (config.guild_id,))
        await conn.executemany(
            "INSERT INTO guild_roles (guild_id, mission, role_id) VALUES (?, ?, ?)",
            [(config.guild_id, m, r) for m, r in sorted(config.roles.items())],
        )

    async def forget(self, guild_id: int) -> None:
        """The bot left the server: its settings and its ledger go (the ledger cascades)."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
        self._cache.pop(guild_id, None)
        self._changed.add(guild_id)
