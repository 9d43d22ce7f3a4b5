"""Curation: an article becomes a stored draft reviewed against today's facts; curators decide per item, edit,
and publish one source file. The cog calls this; Discord stays out of it.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.clock import Clock
from bot.curation import edits, publish
from bot.curation.review import review
from bot.facts import bounds
from bot.facts.book import FactBook
from bot.ingest.extract import Extractor
from bot.ingest.language import read_article
from bot.storage.drafts import DraftGone, Drafts, NoSuchItem, StaleDraft, StoredDraft, StoredItem

EXPIRY = timedelta(days=7)
DERIVED = "derived_id"
ACCEPTED, REJECTED = "accepted", "rejected"

__all__ = ["ACCEPTED", "REJECTED", "Curation", "DraftGone", "NoSuchItem", "SourceMeta", "StaleDraft", "StoredDraft"]


@dataclass(frozen=True, slots=True)
class SourceMeta:
    published: date
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    source_id: str | None = None

    def source(self, filename: str) -> dict[str, Any]:
        """The ``[source]`` table: what the curator gave, the rest derived (publisher from the address or file)."""
        stem = Path(filename).stem or "article"
        host = urlparse(self.url).hostname if self.url else None
        publisher = (self.publisher or (host.removeprefix("www.") if host else None) or stem).strip()
        table: dict[str, Any] = {
            "id": self.source_id or publish.source_id_for(publisher, self.published.isoformat()),
            # Derived from a file's name these can be longer than data/ takes: cut, or Publish could never pass.
            "publisher": _within(publisher, bounds.PUBLISHER),
            "title": _within((self.title or stem).strip(), bounds.TITLE),
            "published": self.published.isoformat(),
            "language": "nl",
        }
        if self.source_id is None:
            table[DERIVED] = True  # not the curator's choice: Publish may take the next free id (never written)
        if self.url:
            table["url"] = self.url
        else:
            table["no_url"] = _within(f"shared in Discord by a curator as {filename}", bounds.NOTE)
        return table


def _within(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def item_of(draft: StoredDraft, item: int) -> StoredItem:
    """Item ``item`` of ``draft``; :class:`NoSuchItem` for a number beyond it (a button id crafted by hand)."""
    if not 0 <= item < len(draft.items):
        raise NoSuchItem(draft.id, item)
    return draft.items[item]


def effective(item: StoredItem) -> dict[str, Any]:
    """The item's fields as they will be published: the curator's edit over what was drafted."""
    return dict(item.edited) if item.edited is not None else dict(item.proposed["fields"])


class Curation:
    def __init__(self, drafts: Drafts, facts: FactBook, clock: Clock, data_dir: Path) -> None:
        self.drafts, self.facts, self.clock, self.data_dir = drafts, facts, clock, data_dir

    def now(self) -> datetime:
        return self.clock.now()

    async def ingest(self, data: bytes, filename: str, meta: SourceMeta, by: int) -> StoredDraft:
        """Read (or refuse: :class:`~bot.ingest.language.ArticleRefused`), draft, review, store."""
        text = read_article(data, filename)
        snapshot = await self.facts.snapshot()
        source = meta.source(filename)
        # The rules take a moment on a long text: in a thread, so that other commands are answered meanwhile.
        draft = await asyncio.to_thread(Extractor(self.facts.facts).extract, text, meta.published, source["id"])
        items, summary = review(draft, text, snapshot)
        now = self.now()
        await self.drafts.expire(now)
        return await self.drafts.create(
            secrets.token_hex(4), by, now, now + EXPIRY, filename, text, source, summary, items
        )

    async def get(self, draft_id: str) -> StoredDraft:
        return await self.drafts.get(draft_id, self.now())

    async def open_drafts(self) -> list[StoredDraft]:
        return await self.drafts.open_drafts(self.now())

    async def decide(self, draft_id: str, version: int, item: int, decision: str, by: int) -> StoredDraft:
        return await self.drafts.decide(draft_id, version, item, decision, None, by, self.now())

    def missions(self) -> set[str]:
        return set(self.facts.facts.missions)

    async def edit(
        self, draft_id: str, version: int, item: int, typed: dict[str, str], by: int
    ) -> tuple[StoredDraft | None, edits.Edited]:
        """Apply the curator's input: the draft as it now is, or ``None`` with the problems (nothing stored)."""
        draft = await self.get(draft_id)
        if draft.version != version or draft.state != "open":
            raise StaleDraft(draft)
        stored = item_of(draft, item)
        table = stored.proposed["table"]
        typed = {name: value for name, value in typed.items() if name in edits.INPUTS[table]}  # the form's own
        edited = edits.apply_edit(table, effective(stored), typed, self.missions())
        if edited.problems:
            return None, edited
        return await self.drafts.decide(draft_id, version, item, ACCEPTED, edited.fields, by, self.now()), edited

    async def publish(self, draft_id: str, version: int, by: int) -> tuple[StoredDraft, Path]:
        """Write ``data/sources/<id>.toml`` from the accepted items: checked by the loader on a copy first,
        written atomically, recorded with who and when. Raises :class:`~bot.curation.publish.PublishRefused`,
        :class:`~bot.facts.parse.FactsInvalid` or :class:`StaleDraft`, having written nothing."""
        draft = await self.get(draft_id)
        if draft.version != version or draft.state != "open":
            raise StaleDraft(draft)
        facts = [(i.proposed["table"], effective(i)) for i in draft.items if i.decision == ACCEPTED]
        header = (
            f"{draft.source['publisher']}, {draft.source['published']}: published from Discord (draft {draft.id}, "
            f"curator {by}).\nEvery fact was reviewed against the article by a curator; no sentence of it is kept."
        )
        source = dict(draft.source)
        if source.pop(DERIVED, False):  # <publisher>-<date> taken meanwhile (a second article that day): -2, -3, …
            source["id"] = publish.free_id(self.data_dir, source["id"], set(self.facts.facts.sources))
        text = await asyncio.to_thread(publish.prepare, self.data_dir, source, facts, header)
        path = publish.target(self.data_dir, source["id"])
        published = await self.drafts.publish(
            draft_id,
            version,
            by,
            self.now(),
            source["id"],
            path.as_posix(),
            lambda: publish.write_new(path, text),
        )
        return published, path
