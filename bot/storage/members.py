"""Members following missions themselves: their settings, their follows, their cached DM channel, their pause.

Everything stored about a member hangs off one ``member_settings`` row (follows and ledger rows cascade from it),
so that :meth:`MemberStore.forget` deletes it all in one statement, in one transaction. The dispatcher reads
members through the :class:`~bot.ports.Recipients` methods (``get``, ``announcing_guilds``, ``drain_changes``,
``modify``), in the shape it plans with (:meth:`~bot.member_config.MemberConfig.audience`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from typing import Any

from bot.guild_config import DEFAULT_LEADS, DEFAULT_POST_TIME, GuildConfig
from bot.i18n import Language
from bot.member_config import MemberConfig
from bot.storage.database import Database, Executor

_COLUMNS = (
    "language, timezone, post_time, leads, dm_channel_id, paused_reason, paused_since, paused_told, announce_from"
)


def _config(row: Any, missions: frozenset[str]) -> MemberConfig:
    user_id, language, zone, post_time, leads, dm, reason, since, told, start, at = row
    return MemberConfig(
        user_id=int(user_id),
        language=Language(language),
        missions=missions,
        timezone=zone,
        post_time=time.fromisoformat(post_time) if post_time else DEFAULT_POST_TIME,
        leads=tuple(int(x) for x in leads.split(",")) if leads else DEFAULT_LEADS,
        dm_channel_id=int(dm) if dm is not None else None,
        paused_reason=reason,
        paused_since=datetime.fromisoformat(since) if since else None,
        paused_told=bool(told),
        announce_from=datetime.fromisoformat(start) if start else None,
        changed_at=datetime.fromisoformat(at) if at else None,
    )


class MemberStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._changed: set[int] = set()
        self._cache: dict[int, MemberConfig | None] = {}

    # -- reading --------------------------------------------------------------------------------------
    @staticmethod
    async def _read(conn: Executor, where: str, params: tuple[object, ...]) -> list[MemberConfig]:
        follows: dict[int, set[str]] = {}
        scope = f"user_id IN (SELECT user_id FROM member_settings {where})"
        for user_id, mission in await conn.fetchall(
            f"SELECT user_id, mission FROM member_follows WHERE {scope}", params
        ):
            follows.setdefault(int(user_id), set()).add(mission)
        rows = await conn.fetchall(
            f"SELECT user_id, {_COLUMNS}, updated_at FROM member_settings {where} ORDER BY user_id", params
        )
        return [_config(row, frozenset(follows.get(int(row[0]), ()))) for row in rows]

    async def member(self, user_id: int) -> MemberConfig | None:
        """The member's settings and follows; ``None`` for someone the bot stores nothing about."""
        if user_id not in self._cache:
            async with self.db.consistent_read() as conn:
                found = await self._read(conn, "WHERE user_id = ?", (user_id,))
            self._cache[user_id] = found[0] if found else None
        return self._cache[user_id]

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM member_settings")
        return int(row[0]) if row else 0

    # -- changing -------------------------------------------------------------------------------------
    async def change(
        self, user_id: int, now: datetime, make: Callable[[MemberConfig | None], MemberConfig | None]
    ) -> MemberConfig | None:
        """One read-modify-write in one transaction: ``make`` sees the member as committed and returns the new
        settings (``None``: nothing stored, or unchanged when it returns what it was given)."""
        async with self.db.transaction() as conn:
            found = await self._read(conn, "WHERE user_id = ?", (user_id,))
            current = found[0] if found else None
            config = make(current)
            if config == current or config is None:
                self._cache[user_id] = current
                return current
            config = replace(config, changed_at=now)
            await self._write(conn, config, now)
        self._cache[user_id] = config
        self._changed.add(user_id)
        return config

    @staticmethod
    async def _write(conn: Executor, config: MemberConfig, now: datetime) -> None:
        values = (
            config.user_id,
            config.language.value,
            config.timezone,
            None if config.post_time == DEFAULT_POST_TIME else config.post_time.strftime("%H:%M"),
            None if config.leads == DEFAULT_LEADS else ",".join(str(x) for x in config.leads),
            config.dm_channel_id,
            config.paused_reason,
            config.paused_since.isoformat() if config.paused_since else None,
            int(config.paused_told),
            (config.announce_from or now).isoformat(),
            now.isoformat(),
        )
        updates = ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in _COLUMNS.split(","))
        await conn.execute(
            f"INSERT INTO member_settings (user_id, {_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            f"ON CONFLICT (user_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
            values,
        )
        rows = await conn.fetchall("SELECT mission FROM member_follows WHERE user_id = ?", (config.user_id,))
        stored = {row[0] for row in rows}
        await conn.executemany(
            "DELETE FROM member_follows WHERE user_id = ? AND mission = ?",
            [(config.user_id, m) for m in sorted(stored - config.missions)],
        )
        await conn.executemany(
            "INSERT INTO member_follows (user_id, mission, followed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(config.user_id, m, now.isoformat()) for m in sorted(config.missions - stored)],
        )

    async def set_dm_channel(self, user_id: int, channel_id: int | None) -> None:
        """Remember the member's DM channel (not a settings change: nothing is planned again)."""
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE member_settings SET dm_channel_id = ? WHERE user_id = ?", (channel_id, user_id))
        cached = self._cache.get(user_id)
        if cached is not None:
            self._cache[user_id] = replace(cached, dm_channel_id=channel_id)

    async def dm_channels(self) -> dict[int, int]:
        """Every cached DM channel, by member: read once at start."""
        rows = await self.db.fetchall(
            "SELECT user_id, dm_channel_id FROM member_settings WHERE dm_channel_id IS NOT NULL"
        )
        return {int(u): int(c) for u, c in rows}

    async def forget(self, user_id: int) -> bool:
        """Delete everything stored about the member (settings, follows, ledger rows, DM channel) at once."""
        async with self.db.transaction() as conn:
            removed = await conn.execute("DELETE FROM member_settings WHERE user_id = ?", (user_id,)) > 0
        self._cache[user_id] = None
        self._changed.add(user_id)
        return removed

    # -- the dispatcher's view (bot.ports.Recipients) ------------------------------------------------------
    async def get(self, guild_id: int) -> GuildConfig:
        config = await self.member(guild_id)
        return config.audience() if config is not None else GuildConfig(guild_id)

    async def announcing_guilds(self) -> list[GuildConfig]:
        """Every member following something, paused ones included."""
        async with self.db.consistent_read() as conn:
            configs = await self._read(conn, "WHERE user_id IN (SELECT user_id FROM member_follows)", ())
        self._cache.update((c.user_id, c) for c in configs)
        return [c.audience() for c in configs]

    def drain_changes(self) -> set[int]:
        changed, self._changed = self._changed, set()
        return changed

    async def modify(self, guild_id: int, now: datetime, change: Callable[[GuildConfig], GuildConfig]) -> GuildConfig:
        """The dispatcher pauses a member (DMs closed): only the pause is taken from the changed audience."""

        def paused(current: MemberConfig | None) -> MemberConfig | None:
            if current is None:
                return None
            after = change(current.audience())
            if after.problem == current.paused_reason:
                return current
            return replace(current, paused_reason=after.problem, paused_since=after.problem_since, paused_told=False)

        config = await self.change(guild_id, now, paused)
        return config.audience() if config is not None else GuildConfig(guild_id)
