"""Discord Scheduled Events as stored: whether a server wants them, and each event the bot made or is making.

A row is claimed *before* Discord is asked to create the event, so a crash between Discord creating it and the
bot storing its id leaves a claim, which the sync settles by listing the server's events (see
:mod:`bot.schedule.events`). Every write is one statement or one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.storage.database import Database


class EventState(StrEnum):
    CLAIMED = "claimed"  # about to be created (or created, and the answer lost): settle before anything else
    CREATED = "created"
    DISMISSED = "dismissed"  # a moderator deleted it by hand: left alone until /config events on is given again
    FAILED = "failed"  # Discord refused this very event; tried again only when what it would say changes


@dataclass(frozen=True, slots=True)
class EventSettings:
    guild_id: int
    enabled: bool = False
    problem: str | None = None
    problem_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    guild_id: int
    ref: str
    state: EventState
    event_id: int | None
    fingerprint: str
    starts_at: datetime
    claimed_at: datetime
    code: int | None = None
    detail: str | None = None


class EventStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._settings: dict[int, EventSettings] = {}

    # -- settings -------------------------------------------------------------------------------------------
    async def settings(self, guild_id: int) -> EventSettings:
        cached = self._settings.get(guild_id)
        if cached is None:
            row = await self.db.fetchone(
                "SELECT enabled, problem, problem_since FROM event_settings WHERE guild_id = ?", (guild_id,)
            )
            cached = EventSettings(guild_id)
            if row is not None:
                cached = EventSettings(
                    guild_id, bool(row[0]), row[1], datetime.fromisoformat(row[2]) if row[2] else None
                )
            self._settings[guild_id] = cached
        return cached

    async def enabled_guilds(self) -> list[int]:
        query = "SELECT guild_id FROM event_settings WHERE enabled = 1 ORDER BY guild_id"
        return [int(r[0]) for r in await self.db.fetchall(query)]

    async def save(self, settings: EventSettings, now: datetime) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO event_settings (guild_id, enabled, problem, problem_since, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET enabled = excluded.enabled, "
                "problem = excluded.problem, problem_since = excluded.problem_since, updated_at = excluded.updated_at",
                (
                    settings.guild_id,
                    int(settings.enabled),
                    settings.problem,
                    settings.problem_since.isoformat() if settings.problem_since else None,
                    now.isoformat(),
                ),
            )
        self._settings[settings.guild_id] = settings

    async def clear_dismissed(self, guild_id: int) -> int:
        """``/config events on`` given (again): the events moderators deleted by hand may come back."""
        async with self.db.transaction() as conn:
            return await conn.execute(
                "DELETE FROM guild_events WHERE guild_id = ? AND state = ?", (guild_id, EventState.DISMISSED.value)
            )

    # -- events ---------------------------------------------------------------------------------------------
    async def rows(self, guild_id: int) -> dict[str, EventRow]:
        found = await self.db.fetchall(
            "SELECT ref, state, event_id, fingerprint, starts_at, claimed_at, code, detail "
            "FROM guild_events WHERE guild_id = ?",
            (guild_id,),
        )
        return {
            r[0]: EventRow(
                guild_id,
                r[0],
                EventState(r[1]),
                int(r[2]) if r[2] is not None else None,
                r[3],
                datetime.fromisoformat(r[4]),
                datetime.fromisoformat(r[5]),
                r[6],
                r[7],
            )
            for r in found
        }

    async def put(self, row: EventRow) -> None:
        """Store ``row`` as it now is (a claim, a created event, a dismissal, a refusal)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO guild_events (guild_id, ref, state, event_id, fingerprint, starts_at, claimed_at, "
                "code, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, ref) DO UPDATE SET "
                "state = excluded.state, event_id = excluded.event_id, fingerprint = excluded.fingerprint, "
                "starts_at = excluded.starts_at, claimed_at = excluded.claimed_at, code = excluded.code, "
                "detail = excluded.detail",
                (
                    row.guild_id,
                    row.ref,
                    row.state.value,
                    row.event_id,
                    row.fingerprint,
                    row.starts_at.isoformat(),
                    row.claimed_at.isoformat(),
                    row.code,
                    row.detail,
                ),
            )

    async def drop(self, guild_id: int, ref: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM guild_events WHERE guild_id = ? AND ref = ?", (guild_id, ref))

    async def forget(self, guild_id: int) -> None:
        """The bot left the server: its events went with it."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM guild_events WHERE guild_id = ?", (guild_id,))
            await conn.execute("DELETE FROM event_settings WHERE guild_id = ?", (guild_id,))
        self._settings.pop(guild_id, None)
