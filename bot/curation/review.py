"""A draft against today's facts: what is new, changed or moved, and what is unchanged (folded away).

Pure: an ingest :class:`~bot.ingest.model.Draft` and a :class:`~bot.facts.snapshot.Snapshot` in, plain JSON-able
items out, so that they can be stored with the draft and rendered in any language later.

An item is ``{"table", "fields", "change", "before", "excerpt", "confidence"}``: ``fields`` in the data/ format
(what Publish writes), ``change`` one of :data:`CHANGES`, ``before`` the current version's fields for a changed
number or a moved date.
"""

from __future__ import annotations

from typing import Any

from bot.facts.model import MilestoneKind, Scope
from bot.facts.parse import default_milestone_key
from bot.facts.snapshot import MissionView, Snapshot
from bot.ingest.draft import entries, excerpt
from bot.ingest.model import Draft

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
    """The items a curator decides on (unchanged facts left out), and the summary of what was folded away."""
    items: list[Item] = []
    unchanged = 0
    new_missions = sorted({m.slug for m in draft.missions if snapshot.mission(m.slug) is None})
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
    return items, {"unchanged": unchanged, "new_missions": new_missions}


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
