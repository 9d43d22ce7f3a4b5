"""The announcement ledger: claim a row, send, record the message id. It is what makes posting exactly once.

A row's key is an :class:`~bot.announcement.AnnouncementKey`. A ``claimed`` row is open: the post may or may not
have reached Discord, and the dispatcher settles it (found in the channel's history → ``sent``; certainly not
sent → sent again with the same nonce; cannot tell → ``unverified``). ``sent``, ``skipped``, ``unverified`` and
``failed`` rows are final: nothing is ever posted for them again.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.announcement import UPDATE, AnnouncementKey, Told
from bot.shards import Shards
from bot.storage.database import Database


class State(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    SKIPPED = "skipped"
    UNVERIFIED = "unverified"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Entry:
    key: AnnouncementKey
    state: State
    nonce: str
    channel_id: int | None
    message_id: int | None
    late: bool
    due_at: datetime
    claimed_at: datetime
    event_last: date | None = None
    detail: str | None = None
    code: int | None = None
    claimed_by: str | None = None  # the instance (process) that claimed it; None before instances existed


KeyRow = tuple[int, str, str, str, int]  # an AnnouncementKey as stored: compared without decoding the version


def post_nonce(keys: list[AnnouncementKey]) -> str:
    """The nonce of a post saying ``keys``: a single announcement keeps its own nonce (as it always had); a post
    saying several gets one made from all of them, so the same post gets the same nonce again."""
    if len(keys) == 1:
        return keys[0].nonce
    rows = sorted(key.row() for key in keys)
    return "db" + hashlib.blake2b(repr(rows).encode(), digest_size=9).hexdigest()


_MAX_PARAMETERS = 999  # SQLite's limit on "?" in one statement (before 3.32)
_GUILDS_PER_QUERY = 500


def _marks(values: Collection[object]) -> str:
    return ", ".join("?" * len(values))


def _told_by_guild(rows: Iterable[Any]) -> dict[int, Told]:
    result: dict[int, Told] = {}
    for guild_id, mission, subject, version, finished_at in rows:
        result.setdefault(int(guild_id), {})[(mission, subject)] = (version, datetime.fromisoformat(finished_at))
    return result


def _key(row: Any) -> AnnouncementKey:
    return AnnouncementKey.from_row(row[0], row[1], row[2], row[3], row[4])


@dataclass(frozen=True, slots=True)
class LedgerTable:
    """Where one kind of recipient's rows live: servers in ``announcements`` keyed by ``guild_id`` (their stored
    keys unchanged since the start), members in ``member_announcements`` keyed by ``user_id``; each with its own
    ``handled_until`` in ``dispatcher_state``."""

    table: str
    recipient: str
    state_key: str


SERVERS = LedgerTable("announcements", "guild_id", "handled_until")
MEMBERS = LedgerTable("member_announcements", "user_id", "members_handled_until")
HANDLED_UNTIL = SERVERS.state_key


def handled_until_keys(shards: Shards, base: str = HANDLED_UNTIL) -> list[str]:
    """Where each shard keeps how far it has looked: one row for the unsharded bot (as always), else one per
    shard, so that a process taking a shard over goes on from where that shard's last owner stopped."""
    if not shards.sharded:
        return [base]
    return [f"{base}:{shards.count}:{shard}" for shard in shards.own]


class Ledger:
    def __init__(self, db: Database, where: LedgerTable = SERVERS, instance: str | None = None) -> None:
        self.db = db
        self.where = where
        self.instance = instance  # written on every claim this process makes
        recipient = where.recipient
        self._columns = f"{recipient}, mission, milestone, version, lead"
        self._key_where = f"{recipient} = ? AND mission = ? AND milestone = ? AND version = ? AND lead = ?"
        self._table = where.table

    async def _keys(self, where: str, params: tuple[object, ...]) -> set[KeyRow]:
        rows = await self.db.fetchall(f"SELECT {self._columns} FROM {self._table} {where}", params)
        return {(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in rows}

    async def keys(self, guild_id: int) -> set[KeyRow]:
        """Every announcement this server already has a row for, whatever its state."""
        return await self._keys(f"WHERE {self.where.recipient} = ?", (guild_id,))

    async def keys_due_between(self, start: datetime | None, end: datetime) -> set[KeyRow]:
        """Every announcement with a row whose due time is in (``start``, ``end``] (from the start for ``None``)."""
        if start is None:
            return await self._keys("WHERE due_at <= ?", (end.isoformat(),))
        return await self._keys("WHERE due_at > ? AND due_at <= ?", (start.isoformat(), end.isoformat()))

    async def keys_of_events_from(self, day: date, missions: Collection[str]) -> set[KeyRow]:
        """Every announcement of ``missions`` with a row whose event ends on or after ``day`` (or whose end is not
        recorded)."""
        return await self._keys(
            f"WHERE (event_last >= ? OR event_last IS NULL) AND mission IN ({_marks(missions)})",
            (day.isoformat(), *missions),
        )

    async def existing_updates(self, rows: Collection[KeyRow]) -> set[KeyRow]:
        """Which of these update posts already have a row, whatever its state.

        Asked by server, subject and version, so that only the rows in question come back: each row fetched
        costs the database thread a turn at the interpreter, which the busy event loop hands over slowly.
        """
        wanted = set(rows)
        guilds = sorted({row[0] for row in wanted})
        subjects, versions = sorted({row[2] for row in wanted}), sorted({row[3] for row in wanted})
        narrow = len(subjects) + len(versions) <= _MAX_PARAMETERS - _GUILDS_PER_QUERY - 1
        found: set[KeyRow] = set()
        for start in range(0, len(guilds), _GUILDS_PER_QUERY):
            chunk = guilds[start : start + _GUILDS_PER_QUERY]
            where = f"WHERE {self.where.recipient} IN ({_marks(chunk)}) AND lead = ?"
            params: tuple[object, ...] = (*chunk, UPDATE)
            if narrow:
                where += f" AND milestone IN ({_marks(subjects)}) AND version IN ({_marks(versions)})"
                params = (*params, *subjects, *versions)
            found |= await self._keys(where, params) & wanted
        return found

    async def handled_until(self, shards: Shards | None = None) -> datetime | None:
        """Up to when every due announcement has been looked at (kept across restarts: the downtime starts there).

        With shards: the earliest of the shards' own marks. A shard without one (the first sharded start, or a
        new shard count) starts from the earliest mark any layout left, so nothing due meanwhile is missed.
        """
        base = self.where.state_key
        keys = handled_until_keys(shards or Shards(), base)
        rows = await self.db.fetchall(f"SELECT key, value FROM dispatcher_state WHERE key IN ({_marks(keys)})", keys)
        found = {r[0]: datetime.fromisoformat(r[1]) for r in rows}
        if len(found) == len(keys):
            return min(found.values())
        rows = await self.db.fetchall(
            "SELECT value FROM dispatcher_state WHERE key = ? OR key LIKE ?", (base, f"{base}:%")
        )
        every = [datetime.fromisoformat(r[0]) for r in rows]
        return min([*found.values(), *every], default=None)

    async def set_handled_until(self, when: datetime, shards: Shards | None = None) -> None:
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO dispatcher_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(key, when.isoformat()) for key in handled_until_keys(shards or Shards(), self.where.state_key)],
            )

    async def told_all(self) -> dict[int, Told]:
        """:meth:`told` for every server at once: one row per (server, mission, subject), picked in SQL.

        The rows are turned into the mapping in a thread: there is one per subject each server was ever told
        about, too many to convert on the event loop that answers slash commands.
        """
        who = self.where.recipient
        if self.db.dialect == "sqlite":
            # SQLite takes the bare columns from the row holding MAX(finished_at): the newest told version.
            query = (
                f"SELECT {who}, mission, milestone, version, MAX(finished_at) FROM {self._table} "
                f"WHERE state = 'sent' GROUP BY {who}, mission, milestone"
            )
        else:  # PostgreSQL has no bare columns; DISTINCT ON picks the same row
            query = (
                f"SELECT DISTINCT ON ({who}, mission, milestone) {who}, mission, milestone, version, finished_at "
                f"FROM {self._table} WHERE state = 'sent' ORDER BY {who}, mission, milestone, finished_at DESC"
            )
        rows = await self.db.fetchall(query)
        return await asyncio.to_thread(_told_by_guild, rows)

    async def told(self, guild_id: int) -> Told:
        """Per milestone, the version this server was last told about, and when."""
        rows = await self.db.fetchall(
            f"SELECT mission, milestone, version, finished_at FROM {self._table} WHERE {self.where.recipient} = ? "
            "AND state = 'sent' ORDER BY finished_at",
            (guild_id,),
        )
        return {(r[0], r[1]): (r[2], datetime.fromisoformat(r[3])) for r in rows}

    # -- one announcement's life ----------------------------------------------------------------------
    async def claim_all(
        self, claims: list[tuple[AnnouncementKey, datetime, date]], channel_id: int, late: bool, now: datetime
    ) -> list[Entry]:
        """Take the rows for announcements said in one post, in one transaction; those another run already took
        are left out. Every row carries the post's one nonce (the reference recovery looks for)."""
        async with self.db.transaction() as conn:
            taken = []
            for key, due_at, event_last in claims:
                inserted = await conn.execute(
                    f"INSERT INTO {self._table} ({self._columns}, due_at, event_last, state, nonce, channel_id, late, "
                    "claimed_at, claimed_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (*key.row(), due_at.isoformat(), event_last.isoformat(), "", channel_id, int(late),
                     now.isoformat(), self.instance),
                )  # fmt: skip
                if inserted == 1:
                    taken.append((key, due_at, event_last))
            nonce = post_nonce([key for key, _, _ in taken])
            for key, _, _ in taken:
                await conn.execute(f"UPDATE {self._table} SET nonce = ? WHERE {self._key_where}", (nonce, *key.row()))
        return [
            Entry(key, State.CLAIMED, nonce, channel_id, None, late, at, now, last, claimed_by=self.instance)
            for key, at, last in taken
        ]

    async def _finish(self, key: AnnouncementKey, state: State, now: datetime, **values: object) -> bool:
        """Move an open claim to a final state; False when it was no longer open."""
        sets = "".join(f", {column} = ?" for column in values)
        async with self.db.transaction() as conn:
            changed = await conn.execute(
                f"UPDATE {self._table} SET state = ?, finished_at = ?{sets} "
                f"WHERE {self._key_where} AND state = 'claimed'",
                (state.value, now.isoformat(), *values.values(), *key.row()),
            )
            return changed == 1

    async def mark_sent(self, key: AnnouncementKey, message_id: int, now: datetime) -> bool:
        return await self._finish(key, State.SENT, now, message_id=message_id)

    async def mark_unverified(self, key: AnnouncementKey, problem: str, now: datetime) -> bool:
        """A crash left it unclear whether the post went out and the channel cannot tell: never re-send it."""
        return await self._finish(key, State.UNVERIFIED, now, detail=problem)

    async def mark_failed(self, key: AnnouncementKey, code: int | None, problem: str, now: datetime) -> bool:
        """Discord refused this very message (a 4xx other than 403, 404 and 429): final, never retried."""
        return await self._finish(key, State.FAILED, now, detail=problem, code=code)

    async def skip(self, key: AnnouncementKey, due_at: datetime, event_last: date, reason: str, now: datetime) -> None:
        """Record that announcement ``key`` will never be posted (its event passed, or a later reminder replaced it)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                f"INSERT INTO {self._table} ({self._columns}, due_at, event_last, state, nonce, claimed_at, "
                "finished_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, 'skipped', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (*key.row(), due_at.isoformat(), event_last.isoformat(), key.nonce, now.isoformat(), now.isoformat(),
                 reason),
            )  # fmt: skip

    async def take_over(self, entry: Entry) -> bool:
        """Make another instance's open claim this one's, before settling it; False when someone else was
        quicker (or it was settled meanwhile): then it is theirs."""
        held_by = "claimed_by IS NULL" if entry.claimed_by is None else "claimed_by = ?"
        params = () if entry.claimed_by is None else (entry.claimed_by,)
        async with self.db.transaction() as conn:
            changed = await conn.execute(
                f"UPDATE {self._table} SET claimed_by = ? WHERE {self._key_where} AND state = 'claimed' AND {held_by}",
                (self.instance, *entry.key.row(), *params),
            )
            return changed == 1

    async def release(self, key: AnnouncementKey) -> None:
        """Give a claim back (certainly nothing was posted): a later run decides again."""
        await self.release_all([key])

    async def release_all(self, keys: list[AnnouncementKey]) -> None:
        async with self.db.transaction() as conn:
            await conn.executemany(
                f"DELETE FROM {self._table} WHERE {self._key_where} AND state = 'claimed'", [key.row() for key in keys]
            )

    # -- reading entries ----------------------------------------------------------------------------------
    async def open_claims(self) -> list[Entry]:
        """Claims not yet settled: each may or may not have reached Discord."""
        return await self._entries("state = 'claimed'", ())

    async def entries(self, guild_id: int) -> list[Entry]:
        return await self._entries(f"{self.where.recipient} = ?", (guild_id,))

    async def troubles(self, guild_id: int, since: datetime) -> list[Entry]:
        """Unverified and failed posts of this server since ``since``, newest first: ``/config show`` names them."""
        entries = await self._entries(
            f"{self.where.recipient} = ? AND state IN ('unverified', 'failed') AND claimed_at >= ?",
            (guild_id, since.isoformat()),
        )
        return sorted(entries, key=lambda e: e.claimed_at, reverse=True)

    async def _entries(self, where: str, params: tuple[object, ...]) -> list[Entry]:
        rows = await self.db.fetchall(
            f"SELECT {self._columns}, state, nonce, channel_id, message_id, late, due_at, claimed_at, event_last, "
            f"detail, code, claimed_by FROM {self._table} WHERE {where} ORDER BY due_at",
            params,
        )
        return [
            Entry(
                _key(r),
                State(r[5]),
                r[6],
                r[7],
                r[8],
                bool(r[9]),
                datetime.fromisoformat(r[10]),
                datetime.fromisoformat(r[11]),
                date.fromisoformat(r[12]) if r[12] else None,
                r[13],
                r[14],
                r[15],
            )
            for r in rows
        ]

    # -- keeping it small ---------------------------------------------------------------------------------
    async def compact(self, today: date, keep: timedelta = timedelta(days=30), chunk: int = 2000) -> int:
        """Delete rows of events that ended more than ``keep`` ago, except what each server was last told.

        The last ``sent`` row per (server, mission, subject) stays: it is what update posts compare against.
        Rows from before the ledger knew events' ends are kept for a year after they fell due. It goes ``chunk``
        rows per transaction, each found through the indexes, so the connection that commands share is never
        held for long.
        """
        cutoff, who = today - keep, self.where.recipient
        removed = 0
        while True:
            async with self.db.transaction() as conn:
                done = await conn.execute(
                    # Rows by their key (row values: portable, and served by the key's index).
                    f"DELETE FROM {self._table} WHERE ({self._columns}) IN (SELECT a.{who}, a.mission, "
                    f"a.milestone, a.version, a.lead FROM {self._table} AS a "
                    "WHERE a.state != 'claimed' AND (a.event_last < ? OR (a.event_last IS NULL AND a.due_at < ?)) "
                    f"AND (a.state != 'sent' OR EXISTS (SELECT 1 FROM {self._table} AS b WHERE b.{who} = a.{who} "
                    "AND b.mission = a.mission AND b.milestone = a.milestone AND b.state = 'sent' "
                    "AND b.finished_at > a.finished_at)) LIMIT ?)",
                    (cutoff.isoformat(), (cutoff - timedelta(days=365)).isoformat(), chunk),
                )
            removed += done
            if done < chunk:
                return removed
            await asyncio.sleep(0)  # commands' queries go between the chunks
