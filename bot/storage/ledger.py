"""The announcement ledger: claim a row, send, record the message id. It is what makes posting exactly once.

A row's key is (server, mission, milestone, version, lead). ``claimed`` rows left behind by a crash are
finished on the next start (see the dispatcher); ``sent`` and ``skipped`` rows are final.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.storage.database import Database

Key = tuple[int, str, str, str, int]
_KEY_WHERE = "guild_id = ? AND mission = ? AND milestone = ? AND version = ? AND lead = ?"


class State(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Entry:
    key: Key
    state: State
    nonce: str
    channel_id: int | None
    message_id: int | None
    late: bool
    due_at: datetime
    claimed_at: datetime


def nonce_for(key: Key) -> str:
    """A deterministic nonce of 20 characters (Discord allows 25): the same announcement, the same nonce."""
    digest = hashlib.blake2b(repr(key).encode(), digest_size=9).hexdigest()
    return f"db{digest}"


class Ledger:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def keys(self, guild_id: int) -> set[Key]:
        """Every announcement this server already has a row for, whatever its state."""
        async with self.db.connection.execute(
            "SELECT guild_id, mission, milestone, version, lead FROM announcements WHERE guild_id = ?", (guild_id,)
        ) as cursor:
            return {(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in await cursor.fetchall()}

    async def keys_due_after(self, start: datetime | None) -> set[Key]:
        """Every announcement with a row whose due time is after ``start`` (all of them for ``None``)."""
        query = "SELECT guild_id, mission, milestone, version, lead FROM announcements"
        params: tuple[str, ...] = ()
        if start is not None:
            query += " WHERE due_at > ?"
            params = (start.isoformat(),)
        async with self.db.connection.execute(query, params) as cursor:
            return {(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in await cursor.fetchall()}

    async def update_keys(self) -> set[Key]:
        """Every update post with a row (they are few: one per change per server)."""
        async with self.db.connection.execute(
            "SELECT guild_id, mission, milestone, version, lead FROM announcements WHERE lead = -1"
        ) as cursor:
            return {(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in await cursor.fetchall()}

    async def told_all(self) -> dict[int, dict[tuple[str, str], tuple[str, datetime]]]:
        """:meth:`told` for every server at once."""
        result: dict[int, dict[tuple[str, str], tuple[str, datetime]]] = {}
        async with self.db.connection.execute(
            "SELECT guild_id, mission, milestone, version, finished_at FROM announcements WHERE state = 'sent' "
            "ORDER BY finished_at"
        ) as cursor:
            for r in await cursor.fetchall():
                result.setdefault(int(r[0]), {})[(r[1], r[2])] = (r[3], datetime.fromisoformat(r[4]))
        return result

    async def told(self, guild_id: int) -> dict[tuple[str, str], tuple[str, datetime]]:
        """Per milestone, the version this server was last told about, and when."""
        async with self.db.connection.execute(
            "SELECT mission, milestone, version, finished_at FROM announcements WHERE guild_id = ? "
            "AND state = 'sent' ORDER BY finished_at",
            (guild_id,),
        ) as cursor:
            return {(r[0], r[1]): (r[2], datetime.fromisoformat(r[3])) for r in await cursor.fetchall()}

    async def claim(self, key: Key, due_at: datetime, channel_id: int, late: bool, now: datetime) -> Entry | None:
        """Take the row for announcement ``key``; ``None`` when another run already did."""
        nonce = nonce_for(key)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO announcements (guild_id, mission, milestone, version, lead, due_at, state, nonce, "
                "channel_id, late, claimed_at) VALUES (?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (*key, due_at.isoformat(), nonce, channel_id, int(late), now.isoformat()),
            )
            taken = cursor.rowcount == 1
        if not taken:
            return None
        return Entry(key, State.CLAIMED, nonce, channel_id, None, late, due_at, now)

    async def mark_sent(self, key: Key, message_id: int, now: datetime) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                f"UPDATE announcements SET state = 'sent', message_id = ?, finished_at = ? WHERE {_KEY_WHERE}",
                (message_id, now.isoformat(), *key),
            )

    async def skip(self, key: Key, due_at: datetime, reason: str, now: datetime) -> None:
        """Record that announcement ``key`` will never be posted (its event passed while the bot was away)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO announcements (guild_id, mission, milestone, version, lead, due_at, state, nonce, "
                "claimed_at, finished_at, detail) VALUES (?, ?, ?, ?, ?, ?, 'skipped', ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (*key, due_at.isoformat(), nonce_for(key), now.isoformat(), now.isoformat(), reason),
            )

    async def release(self, key: Key) -> None:
        """Give a claim back (the send failed and nothing was posted): a later run decides again."""
        async with self.db.transaction() as conn:
            await conn.execute(f"DELETE FROM announcements WHERE {_KEY_WHERE} AND state = 'claimed'", key)

    async def open_claims(self) -> list[Entry]:
        """Claims a crash left behind: each may or may not have reached Discord."""
        return await self._entries("state = 'claimed'", ())

    async def entries(self, guild_id: int) -> list[Entry]:
        return await self._entries("guild_id = ?", (guild_id,))

    async def _entries(self, where: str, params: tuple[int, ...]) -> list[Entry]:
        async with self.db.connection.execute(
            "SELECT guild_id, mission, milestone, version, lead, state, nonce, channel_id, message_id, late, "
            f"due_at, claimed_at FROM announcements WHERE {where} ORDER BY due_at",
            params,
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            Entry(
                (int(r[0]), r[1], r[2], r[3], int(r[4])),
                State(r[5]),
                r[6],
                r[7],
                r[8],
                bool(r[9]),
                datetime.fromisoformat(r[10]),
                datetime.fromisoformat(r[11]),
            )
            for r in rows
        ]
