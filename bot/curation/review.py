"""A draft against today's facts: what is new, changed or moved, and what is unchanged (folded away).

Pure: an ingest :class:`~bot.ingest.model.Draft` and a :class:`~bot.facts.snapshot.Snapshot` in, plain JSON-able
items out, so that they can be stored with the draft and rendered in any language later.

An item is ``{"table", "fields", "change", "before", "excerpt", "confidence"}``: ``fields`` in the data/ format
(what Publish writes), ``change`` one of :data:`CHANGES`, ``before`` the current version's fields for a changed
number or a moved date.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.curation.missions import CREATED, FALLBACK_ORGANISATION, MISSION, proposal, resolution
from bot.facts.model import MilestoneKind, Scope
from bot.facts.parse import default_milestone_key
from bot.facts.snapshot import MissionView, Snapshot
from bot.ingest import entities
from bot.ingest.draft import entries, excerpt
from bot.ingest.model import Draft, DraftMission
from bot.storage.drafts import StoredDraft, StoredItem

NEW_MISSION, NEW, CHANGED, MOVED, NEW_PARTNER, UNCHANGED = (
    "new-mission",
    "new",
    "changed",
    "moved",
    "new-partner",
    "unchanged",
)
CHANGES = (NEW_MISSION, NEW, CHANGED, MOVED, NEW_PARTNER, UNCHANGED)

Item = dict[str, Any]
PERSONNEL = ("personnel_min", "personnel_max", "personnel_kind", "approximate")


def review(draft: Draft, text: str, snapshot: Snapshot) -> tuple[list[Item], dict[str, Any]]:
    """The items a curator decides on (unchanged facts left out), and the summary of what was folded away. A
    mission data/ does not know comes first, as a decision of its own (create it, or map its facts)."""
    items: list[Item] = [
        proposal(m.slug, m.name, m.country, _organisation(m, text, snapshot), excerpt(text, m.span), m.confidence)
        for m in draft.missions
        if snapshot.mission(m.slug) is None
    ]
    unchanged = 0
    for table, fields, span, confidence in entries(draft):
        view = snapshot.mission(fields["mission"])
        change, before = _compare(table, fields, view)
        if change == UNCHANGED:
            unchanged += 1
            continue
        items.append(
            {
                "table": table,
                "fields": fields,
                "change": change,
                "before": before,
                "excerpt": excerpt(text, span),
                "confidence": round(confidence, 2),
            }
        )
    return items, {"unchanged": unchanged, "new_missions": []}


def _organisation(mission: DraftMission, text: str, snapshot: Snapshot) -> str:
    """The organisation data/ knows that the article names nearest the mission's first mention; else a national
    deployment (shown on the mission's line: a person corrects it in data/missions.toml if need be)."""
    start, end = mission.span
    left = max(0, start - 300)
    near = sorted(entities.organisations(text[left : end + 300]), key=lambda o: abs(left + o.span[0] - start))
    known = snapshot.facts.organisations
    fallback = FALLBACK_ORGANISATION if FALLBACK_ORGANISATION in known or not known else next(iter(known))
    return next((o.value for o in near if o.value in known), fallback)


def effective(item: StoredItem) -> dict[str, Any]:
    """The item's fields as they will be published: the curator's edit over what was drafted."""
    return dict(item.edited) if item.edited is not None else dict(item.proposed["fields"])


def again(draft: StoredDraft, snapshot: Snapshot) -> StoredDraft:
    """An open draft against the facts of this moment, not those of its ingest: a fact now in the facts folds
    away (and is not published again), a changed number or moved date shows the current "before", and a new
    mission that was created meanwhile (by another draft's publish) is no longer new; its facts are compared
    with it. A published draft is shown as it was."""
    if draft.state != "open":
        return draft
    routes = resolution(draft.items)
    shown: list[StoredItem] = []
    folded = 0
    for item in draft.items:
        if item.proposed["table"] == MISSION:
            if item.decision == CREATED or snapshot.mission(item.proposed["fields"]["slug"]) is None:
                shown.append(item)
            continue
        fields = effective(item)
        fields["mission"] = routes.get(fields["mission"]) or fields["mission"]
        change, before = _compare(item.proposed["table"], fields, snapshot.mission(fields["mission"]))
        if change == UNCHANGED:
            folded += 1
            continue
        shown.append(replace(item, proposed={**item.proposed, "change": change, "before": before}))
    legacy = [m for m in draft.summary.get("new_missions", []) if snapshot.mission(m) is None]
    summary = {**draft.summary, "unchanged": draft.summary.get("unchanged", 0) + folded, "new_missions": legacy}
    return replace(draft, items=tuple(shown), summary=summary)


def _compare(table: str, fields: dict[str, Any], view: MissionView | None) -> tuple[str, dict[str, Any] | None]:
    if view is None:
        return NEW_MISSION, None
    if table == "contribution":
        current = next((v.current for v in view.contributions if v.current.key == fields.get("key", "main")), None)
        if current is None:
            return NEW, None
        before = {
            "personnel_min": current.personnel_min,
            "personnel_max": current.personnel_max,
            "personnel_kind": current.personnel_kind.value,
            "approximate": current.approximate,
        }
        after = {k: fields.get(k, False if k == "approximate" else None) for k in PERSONNEL}
        if "personnel_min" not in fields or after == before:
            return UNCHANGED, None
        return CHANGED, before
    if table == "partner":
        key = f"{fields.get('country') or fields.get('organisation')}:{fields['role']}"
        return (UNCHANGED, None) if any(p.key == key for p in view.partners) else (NEW_PARTNER, None)
    key = fields.get("key") or default_milestone_key(MilestoneKind(fields["kind"]), Scope.CONTRIBUTION, "main")
    found = next((v.current for v in view.milestones if v.current.key == key), None)
    if found is None:
        return NEW, None
    before = {"date": str(found.date), "certainty": found.certainty.value}
    if before == {"date": fields["date"], "certainty": fields["certainty"]}:
        return UNCHANGED, None
    return MOVED, before
