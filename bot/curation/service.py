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
from bot.curation import edits, missions, publish
from bot.curation.missions import Checked
from bot.curation.review import again, effective, review
from bot.facts import bounds
from bot.facts.book import FactBook
from bot.facts.search import normalize
from bot.ingest.extract import Extractor
from bot.ingest.language import read_article
from bot.storage.drafts import DraftGone, Drafts, NoSuchItem, StaleDraft, StoredDraft, StoredItem

EXPIRY = timedelta(days=7)
DERIVED = "derived_id"
ACCEPTED, REJECTED = "accepted", "rejected"

__all__ = [
    "ACCEPTED",
    "MAPPED",
    "REJECTED",
    "Curation",
    "DraftGone",
    "NoSuchItem",
    "SourceMeta",
    "StaleDraft",
    "StoredDraft",
    "effective",
]
MAPPED = missions.MAPPED


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


class UndecidedMission(publish.PublishRefused):
    """Accepted facts of a new mission that is neither created nor mapped: nothing was written."""


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

    async def current(self, draft: StoredDraft) -> StoredDraft:
        """``draft`` against the facts of this moment (what is shown and what Publish writes)."""
        return again(draft, await self.facts.snapshot())

    async def open_drafts(self) -> list[StoredDraft]:
        return await self.drafts.open_drafts(self.now())

    async def decide(self, draft_id: str, version: int, item: int, decision: str, by: int) -> StoredDraft:
        return await self.drafts.decide(draft_id, version, item, decision, None, by, self.now())

    def missions(self, draft: StoredDraft | None = None) -> set[str]:
        """The slugs a fact may name: data/'s, and the new missions of ``draft`` (drafted or created)."""
        known = set(self.facts.facts.missions)
        for drafted, published in missions.resolution(draft.items if draft else ()).items():
            known |= {drafted, published} if published else {drafted}
        return known

    async def edit(
        self, draft_id: str, version: int, item: int, typed: dict[str, str], by: int
    ) -> tuple[StoredDraft | None, edits.Edited]:
        """Apply the curator's input: the draft as it now is, or ``None`` with the problems (nothing stored).

        Giving a fact of a new mission a mission data/ has maps the new mission there: all its facts go with it,
        in the same change (when the new mission is created, and its slug still free, only this fact moves)."""
        draft = await self.get(draft_id)
        if draft.version != version or draft.state != "open":
            raise StaleDraft(draft)
        stored = item_of(draft, item)
        table = stored.proposed["table"]
        if table == missions.MISSION:
            raise NoSuchItem(draft_id, item)  # a new mission has a form of its own (create_mission)
        typed = {name: value for name, value in typed.items() if name in edits.INPUTS[table]}  # the form's own
        before = effective(stored)
        edited = edits.apply_edit(table, before, typed, self.missions(draft))
        if edited.problems:
            return None, edited
        decisions: list[tuple[int, str, dict[str, Any] | None]] = [(item, ACCEPTED, edited.fields)]
        moved_to, known = edited.fields["mission"], self.facts.facts.missions
        routes = missions.resolution(draft.items)
        for other in draft.items:
            new = other.proposed["table"] == missions.MISSION and other.proposed["fields"]["slug"] == before["mission"]
            # … unless it is created (then only this fact moves), with a slug still free
            created = other.decision == missions.CREATED and routes.get(before["mission"]) not in known
            if new and not created and moved_to in known:
                decisions.append((other.item, MAPPED, {"map_to": moved_to}))
        changed = await self.drafts.decide_many(draft_id, version, decisions, by, self.now())
        return changed, edited

    async def create_mission(
        self, draft_id: str, version: int, item: int, typed: dict[str, str], by: int
    ) -> tuple[StoredDraft | None, Checked]:
        """Create the draft's new mission ``item`` as the curator typed it (published with the draft): the draft
        as it now is, or ``None`` with the problems (nothing stored)."""
        draft = await self.get(draft_id)
        if draft.version != version or draft.state != "open":
            raise StaleDraft(draft)
        stored = item_of(draft, item)
        if stored.proposed["table"] != missions.MISSION:
            raise NoSuchItem(draft_id, item)
        taken = missions.terms_in_use(self.facts.facts.missions.values())
        for other in draft.items:  # another mission created in this draft takes its slug and names too
            if other.item != item and other.proposed["table"] == missions.MISSION and other.decision == ACCEPTED:
                fields = other.edited or {}
                for term in (fields.get("slug"), *(fields.get("name") or {}).values(), *fields.get("aliases", [])):
                    if term:
                        taken.setdefault(normalize(str(term)), str(fields.get("slug")))
        checked = missions.check(effective(stored), typed, taken)
        if checked.problems:
            return None, checked
        decided = await self.drafts.decide(draft_id, version, item, ACCEPTED, checked.fields, by, self.now())
        return decided, checked

    def _to_write(self, draft: StoredDraft) -> list[tuple[str, dict[str, Any]]]:
        """The accepted facts of ``draft`` (as it is against the facts now), each under the mission it is
        published under; :class:`UndecidedMission` for one of a new mission neither created nor mapped."""
        routes = missions.resolution(draft.items)
        facts = []
        for item in draft.items:
            if item.decision != ACCEPTED or item.proposed["table"] == missions.MISSION:
                continue
            fields = effective(item)
            slug = fields["mission"]
            if slug in routes and routes[slug] is None and slug not in self.facts.facts.missions:
                raise UndecidedMission("curation.publish.undecided_mission", mission=_new_name(draft, slug))
            fields["mission"] = routes.get(slug) or slug
            facts.append((item.proposed["table"], fields))
        return facts

    async def publish(self, draft_id: str, version: int, by: int) -> tuple[StoredDraft, Path]:
        """Write ``data/sources/<id>.toml`` from the accepted items (and the new missions they need into
        data/missions.toml): checked by the loader on a copy first, written atomically, recorded with who and
        when. Raises :class:`~bot.curation.publish.PublishRefused`,
        :class:`~bot.facts.parse.FactsInvalid` or :class:`StaleDraft`, having written nothing."""
        stored = await self.get(draft_id)
        if stored.version != version or stored.state != "open":
            raise StaleDraft(stored)
        if not any(i.decision == ACCEPTED for i in stored.items if i.proposed["table"] != missions.MISSION):
            raise publish.PublishRefused("curation.publish.nothing")
        chosen = publish.target(self.data_dir, stored.source["id"])
        if not stored.source.get(DERIVED) and chosen.exists() and not publish.holds(chosen, _stub(stored)):
            raise publish.PublishRefused("curation.publish.exists", source_id=stored.source["id"])
        draft = await self.current(stored)  # what is already in the facts now is not written again
        facts = self._to_write(draft)
        if not facts:
            raise publish.PublishRefused("curation.publish.all_known")  # published meanwhile, by another draft
        header = (
            f"{draft.source['publisher']}, {draft.source['published']}: published from Discord (draft {draft.id}, "
            f"curator {by}).\nEvery fact was reviewed against the article by a curator; no sentence of it is kept."
        )
        source = dict(draft.source)
        if source.pop(DERIVED, False):  # <publisher>-<date> taken meanwhile (a second article that day): -2, -3, …

            def ours(candidate: str) -> bool:  # this draft's stub, left by a crash between the writes
                path = publish.target(self.data_dir, candidate)
                return publish.holds(path, publish.stub_toml({**source, "id": candidate}, draft.id))

            source["id"] = publish.free_id(self.data_dir, source["id"], set(self.facts.facts.sources), ours)
        used = {fields["mission"] for _, fields in facts}
        new = [m for m in missions.created(draft.items) if m["slug"] in used]
        plan = await asyncio.to_thread(publish.prepare, self.data_dir, source, facts, header, new, draft.id)
        published = await self.drafts.publish(
            draft_id,
            version,
            by,
            self.now(),
            source["id"],
            plan.path.as_posix(),
            lambda: publish.write(plan),
            plan.missions,
        )
        return published, plan.path


def _new_name(draft: StoredDraft, slug: str) -> str:
    """A new mission as the curator saw it: "Polen (polen)"."""
    for item in draft.items:
        if item.proposed["table"] == missions.MISSION and item.proposed["fields"]["slug"] == slug:
            return f"{missions.described(item)['name']['nl']} ({slug})"
    return slug


def _stub(draft: StoredDraft) -> str:
    source = {k: v for k, v in draft.source.items() if k != DERIVED}
    return publish.stub_toml(source, draft.id)
