"""Curators' drafts (migration 7): stored as plain JSON documents, versioned, expiring; publishes recorded.

Every change names the version it was made on and bumps it in the same transaction (``UPDATE … WHERE version =
?``): a second curator acting on what they saw before the first one's change gets :class:`StaleDraft` with the
current draft, never a silent overwrite. The curation room (bot/curation) gives the JSON its meaning.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.database import Database, Executor

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredItem:
    item: int
    proposed: Json
    decision: str | None = None
    edited: Json | None = None
    decided_by: int | None = None


@dataclass(frozen=True, slots=True)
class StoredDraft:
    id: str
    version: int
    state: str
    created_by: int
    created_at: datetime
    expires_at: datetime
    filename: str
    article: str
    source: Json
    summary: Json
    items: tuple[StoredItem, ...]


@dataclass(frozen=True, slots=True)
class Publish:
    draft_id: str
    source_id: str
    file: str
    published_by: int
    published_at: datetime
    missions: tuple[str, ...] = ()  # the missions this publish added to data/missions.toml


class StaleDraft(Exception):
    """The draft moved on (or was published) since the version the action was made on."""

    def __init__(self, current: StoredDraft) -> None:
        super().__init__(f"draft {current.id} is at version {current.version}")
        self.current = current


class DraftGone(Exception):
    """No such draft: never made, or expired."""


class NoSuchItem(Exception):
    """The draft has no item of that number (a button id crafted by hand): nothing was changed."""

    def __init__(self, draft_id: str, item: int) -> None:
        super().__init__(f"draft {draft_id} has no item {item}")
        self.draft_id, self.item = draft_id, item


class Drafts:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        draft_id: str,
        created_by: int,
        now: datetime,
        expires: datetime,
        filename: str,
        article: str,
        source: Json,
        summary: Json,
        items: list[Json],
    ) -> StoredDraft:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO curation_drafts (id, version, state, created_by, created_at, expires_at, filename, "
                "article, source, summary) VALUES (?, 1, 'open', ?, ?, ?, ?, ?, ?, ?)",
                (draft_id, created_by, now.isoformat(), expires.isoformat(), filename, article,
                 json.dumps(source), json.dumps(summary)),
            )  # fmt: skip
            await conn.executemany(
                "INSERT INTO curation_items (draft_id, item, proposed) VALUES (?, ?, ?)",
                [(draft_id, n, json.dumps(item)) for n, item in enumerate(items)],
            )
            return await self._read(conn, draft_id)

    async def get(self, draft_id: str, now: datetime) -> StoredDraft:
        """The draft as stored; :class:`DraftGone` when there is none or it expired."""
        async with self.db.consistent_read() as conn:
            draft = await self._read(conn, draft_id)
        if draft.expires_at <= now:
            raise DraftGone(draft_id)
        return draft

    async def open_drafts(self, now: datetime) -> list[StoredDraft]:
        async with self.db.consistent_read() as conn:
            rows = await conn.fetchall(
                "SELECT id FROM curation_drafts WHERE state = 'open' AND expires_at > ? ORDER BY created_at DESC",
                (now.isoformat(),),
            )
            ids = [row[0] for row in rows]
            return [await self._read(conn, i) for i in ids]

    async def decide(
        self,
        draft_id: str,
        version: int,
        item: int,
        decision: str,
        edited: Json | None,
        by: int,
        now: datetime,
    ) -> StoredDraft:
        """Record ``decision`` (accepted, rejected, mapped) on ``item`` (with ``edited`` fields, or keeping
        earlier edits when ``None``), made on ``version``; the draft as it now is."""
        return await self.decide_many(draft_id, version, [(item, decision, edited)], by, now)

    async def decide_many(
        self,
        draft_id: str,
        version: int,
        decisions: list[tuple[int, str, Json | None]],
        by: int,
        now: datetime,
    ) -> StoredDraft:
        """Several items' (item, decision, edited) at once, as one change of ``version``: all or none."""

        async def change(conn: Executor) -> None:
            for item, decision, edited in decisions:
                changed = await conn.execute(
                    "UPDATE curation_items SET decision = ?, edited = COALESCE(?, edited), decided_by = ?, "
                    "decided_at = ? WHERE draft_id = ? AND item = ?",
                    (decision, json.dumps(edited) if edited is not None else None, by, now.isoformat(), draft_id,
                     item),
                )  # fmt: skip
                if changed != 1:
                    raise NoSuchItem(draft_id, item)  # the transaction is rolled back: the version stays

        return await self._change(draft_id, version, now, change)

    async def publish(
        self, draft_id: str, version: int, by: int, now: datetime, source_id: str, file: str,
        write: Callable[[], None], missions: tuple[str, ...] = (),
    ) -> StoredDraft:  # fmt: skip
        """Mark the draft published and record who published which file (and which new ``missions``), in one
        transaction with ``write`` (the files themselves): a stale version writes nothing; a failed write
        records nothing."""

        async def change(conn: Executor) -> None:
            await conn.execute("UPDATE curation_drafts SET state = 'published' WHERE id = ?", (draft_id,))
            await conn.execute(
                "INSERT INTO curation_publishes (draft_id, source_id, file, published_by, published_at, missions) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (draft_id, source_id, file, by, now.isoformat(), " ".join(missions)),
            )
            write()

        return await self._change(draft_id, version, now, change)

    async def _change(
        self, draft_id: str, version: int, now: datetime, change: Callable[[Executor], Awaitable[None]]
    ) -> StoredDraft:
        async with self.db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE curation_drafts SET version = version + 1 "
                "WHERE id = ? AND version = ? AND state = 'open' AND expires_at > ?",
                (draft_id, version, now.isoformat()),
            )
            if changed != 1:
                current = await self._read(conn, draft_id)  # DraftGone when there is none
                if current.expires_at <= now:
                    raise DraftGone(draft_id)
                raise StaleDraft(current)
            await change(conn)
            return await self._read(conn, draft_id)

    async def expire(self, now: datetime) -> int:
        """Delete drafts past their expiry (their items go with them; publish records stay)."""
        async with self.db.transaction() as conn:
            return await conn.execute("DELETE FROM curation_drafts WHERE expires_at <= ?", (now.isoformat(),))

    async def publishes(self) -> list[Publish]:
        rows = await self.db.fetchall(
            "SELECT draft_id, source_id, file, published_by, published_at, missions FROM curation_publishes "
            "ORDER BY published_at, draft_id"
        )
        return [Publish(r[0], r[1], r[2], int(r[3]), datetime.fromisoformat(r[4]), tuple(r[5].split())) for r in rows]

    @staticmethod
    async def _read(conn: Executor, draft_id: str) -> StoredDraft:
        row = await conn.fetchone(
            "SELECT id, version, state, created_by, created_at, expires_at, filename, article, source, summary "
            "FROM curation_drafts WHERE id = ?",
            (draft_id,),
        )
        if row is None:
            raise DraftGone(draft_id)
        rows = await conn.fetchall(
            "SELECT item, proposed, decision, edited, decided_by FROM curation_items WHERE draft_id = ? ORDER BY item",
            (draft_id,),
        )
        items = tuple(
            StoredItem(int(r[0]), json.loads(r[1]), r[2], json.loads(r[3]) if r[3] else None, r[4]) for r in rows
        )
        return StoredDraft(
            id=row[0],
            version=int(row[1]),
            state=row[2],
            created_by=int(row[3]),
            created_at=datetime.fromisoformat(row[4]),
            expires_at=datetime.fromisoformat(row[5]),
            filename=row[6],
            article=row[7],
            source=json.loads(row[8]),
            summary=json.loads(row[9]),
            items=items,
        )
