"""A curator's edit of one item: the text typed in the modal, checked, into data/-format fields.

Pure. Problems come back as catalogue keys with values (every problem at once), so the modal's input can be
shown again as typed, with what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.dates import Certainty, DateError, FuzzyDate

# The modal's inputs, by item table: what a curator may change there.
INPUTS: dict[str, tuple[str, ...]] = {
    "contribution": ("mission", "personnel"),
    "milestone": ("mission", "date", "certainty"),
    "partner": ("mission",),
}

_RANGE = re.compile(r"^\s*(\d{1,6})\s*(?:[-–—]|tot|to)\s*(\d{1,6})\s*$")
_ONE = re.compile(r"^\s*(~|about|ongeveer|circa|ca\.?|zo'n|up to|max(?:imaal|imum)?|tot)?\s*(\d{1,6})\s*$", re.I)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_CEILING = {"up to", "max", "maximaal", "maximum", "tot"}


@dataclass
class Edited:
    fields: dict[str, Any]
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def current_inputs(table: str, fields: dict[str, Any]) -> dict[str, str]:
    """What the modal shows before a curator types: the item's fields as text."""
    shown: dict[str, str] = {"mission": str(fields.get("mission", ""))}
    if table == "contribution":
        shown["personnel"] = personnel_input(fields)
    if table == "milestone":
        shown["date"] = str(fields.get("date", ""))
        shown["certainty"] = str(fields.get("certainty", ""))
    return shown


def personnel_input(fields: dict[str, Any]) -> str:
    low, high = fields.get("personnel_min"), fields.get("personnel_max")
    if low is None or high is None:
        return ""
    if fields.get("personnel_kind") == "ceiling":
        return f"up to {high}"
    if low == high:
        return f"about {low}" if fields.get("approximate") else str(low)
    return f"{low}-{high}"


def apply_edit(table: str, fields: dict[str, Any], typed: dict[str, str], missions: set[str]) -> Edited:
    """``fields`` with the curator's ``typed`` values; ``missions``: the slugs data/ knows."""
    result = dict(fields)
    problems: list[tuple[str, dict[str, object]]] = []
    mission = typed.get("mission", "").strip().lower()
    if not _SLUG.match(mission) or mission not in missions:
        problems.append(("curation.edit.mission", {"value": mission}))
    else:
        result["mission"] = mission
    if table == "contribution" and "personnel" in typed:
        parsed = parse_personnel(typed["personnel"], str(fields.get("personnel_kind") or "estimate"))
        if parsed is None:
            problems.append(("curation.edit.personnel", {"value": typed["personnel"].strip()}))
        else:
            for key in ("personnel_min", "personnel_max", "personnel_kind", "approximate"):
                result.pop(key, None)
            result.update(parsed)
    if table == "milestone":
        if "date" in typed:
            try:
                result["date"] = str(FuzzyDate.parse(typed["date"]))
            except DateError as exc:
                problems.append(("curation.edit.date", {"problem": str(exc)}))
        if "certainty" in typed:
            certainty = typed["certainty"].strip().lower()
            if certainty not in {c.value for c in Certainty}:
                problems.append(("curation.edit.certainty", {"value": certainty}))
            else:
                result["certainty"] = certainty
    return Edited(result, problems)


def parse_personnel(text: str, kind: str) -> dict[str, Any] | None:
    """ "250", "200-300", "about 250", "up to 350" → personnel fields; ``None`` when it is none of those."""
    if m := _RANGE.match(text):
        low, high = int(m.group(1)), int(m.group(2))
        if low > high or high == 0:
            return None
        return {
            "personnel_min": low,
            "personnel_max": high,
            "personnel_kind": kind if kind != "ceiling" else "estimate",
        }
    if m := _ONE.match(text):
        hedge, number = (m.group(1) or "").lower().rstrip("."), int(m.group(2))
        if number == 0:
            return None
        if hedge in _CEILING:
            return {"personnel_min": number, "personnel_max": number, "personnel_kind": "ceiling"}
        fields: dict[str, Any] = {"personnel_min": number, "personnel_max": number}
        fields["personnel_kind"] = kind if kind != "ceiling" else "estimate"
        if hedge:
            fields["approximate"] = True
        return fields
    return None
