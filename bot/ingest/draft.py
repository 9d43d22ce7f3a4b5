"""Writing a draft for review: TOML in the data/ format (spans and confidences as comments), or JSON."""

from __future__ import annotations

import json
from typing import Any

from bot.ingest.model import Draft, DraftContribution, DraftMilestone, DraftMission, DraftPartner

EXCERPT = 60


def toml_value(value: Any) -> str:
    """A value as TOML writes it inline (the writer for drafts and for published sources)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is a JSON string


def _excerpt(text: str, span: tuple[int, int]) -> str:
    words = " ".join(text[span[0] : span[1]].split())
    return words if len(words) <= EXCERPT else words[: EXCERPT - 1] + "…"


def _entries(draft: Draft) -> list[tuple[str, dict[str, Any], tuple[int, int], float]]:
    """Every draft fact as (table, fields in data/ order, span, confidence). Keys are unique per mission, as
    the loader wants: a mission's second contribution is "draft-2", its second deployment start
    "deployment-start-2" (the first ones keep the default key, so they update what data/ holds)."""
    rows: list[tuple[str, dict[str, Any], tuple[int, int], float]] = []
    seen: dict[tuple[str, str, str], int] = {}

    def key(table: str, mission: str, name: str) -> str | None:
        count = seen[(table, mission, name)] = seen.get((table, mission, name), 0) + 1
        return None if count == 1 else f"{name}-{count}"

    for c in draft.contributions:
        fields = _contribution(c)
        extra = key("contribution", c.mission, "draft")
        if extra:
            fields = {"mission": fields.pop("mission"), "key": extra, **fields}
        rows.append(("contribution", fields, c.span, c.confidence))
    for p in draft.partners:
        fields = _partner(p)
        if key("partner", p.mission, f"{p.country or p.organisation}:{p.role}"):
            continue  # the same partner in the same role twice is one entry
        rows.append(("partner", fields, p.span, p.confidence))
    for m in draft.milestones:
        fields = _milestone(m)
        extra = key("milestone", m.mission, m.kind)
        if extra:
            fields = {"mission": fields.pop("mission"), "key": extra, **fields}
        rows.append(("milestone", fields, m.span, m.confidence))
    return rows


def entries(draft: Draft) -> list[tuple[str, dict[str, Any], tuple[int, int], float]]:
    """Every draft fact as (table, fields in the data/ format, span, confidence): what curation reviews."""
    return _entries(draft)


def excerpt(text: str, span: tuple[int, int]) -> str:
    """The words of ``span``, folded and cut short: a quote for a reviewer's eyes only, never for data/."""
    return _excerpt(text, span)


def _contribution(c: DraftContribution) -> dict[str, Any]:
    fields: dict[str, Any] = {"mission": c.mission, "paragraph": c.paragraph}
    if c.low is not None and c.high is not None:
        fields.update(personnel_min=c.low, personnel_max=c.high, personnel_kind=c.kind)
        if c.approximate:
            fields["approximate"] = True
    if c.equipment:
        fields["equipment"] = [{"name": name, "count": count} for name, count in c.equipment]
    return fields


def _partner(p: DraftPartner) -> dict[str, Any]:
    fields: dict[str, Any] = {"mission": p.mission, "paragraph": p.paragraph}
    fields["country" if p.country else "organisation"] = p.country or p.organisation
    fields["role"] = p.role
    return fields


def _milestone(m: DraftMilestone) -> dict[str, Any]:
    fields: dict[str, Any] = {"mission": m.mission, "paragraph": m.paragraph, "kind": m.kind, "date": str(m.date)}
    if m.until is not None:
        fields["until"] = str(m.until)
    if m.duration is not None:
        fields["duration"] = str(m.duration)
    fields["certainty"] = m.certainty.value
    return fields


def _mission(m: DraftMission) -> dict[str, Any]:
    return {"slug": m.slug, "name": m.name, "country": m.country or "", "existing": m.existing}


def to_toml(draft: Draft, text: str, article: str) -> str:
    lines = [
        f"# Draft facts from {article}, published {draft.published}. Review every entry against the text,",
        "# then move what is right into data/ (in your own words). Each entry notes the characters it came",
        "# from and how sure the drafter was; remove those comments when you are done.",
        "",
    ]
    new = [m for m in draft.missions if not m.existing]
    if new:
        lines.append("# Missions not in data/ yet: add them to data/missions.toml.")
        for m in new:
            lines.append(f"#   {m.slug}: “{m.name}” ({m.country or 'country?'}), chars {m.span[0]}–{m.span[1]}")
        lines.append("")
    lines += [
        "[source]",
        f"id = {toml_value(draft.source_id)}",
        'publisher = "TODO"',
        'title = "TODO: describe the article in your own words"',
        f'published = "{draft.published}"',
        'language = "nl"',
    ]
    unknown = {m.slug for m in new}
    for table, fields, span, confidence in _entries(draft):
        lines += ["", f"# chars {span[0]}–{span[1]}, confidence {confidence:.2f}: «{_excerpt(text, span)}»"]
        entry = [f"[[{table}]]", *(f"{key} = {toml_value(value)}" for key, value in fields.items())]
        if fields["mission"] in unknown:  # loads once the mission is in data/missions.toml: uncomment then
            lines.append(f"# For the new mission '{fields['mission']}':")
            entry = [f"# {line}" for line in entry]
        lines += entry
    return "\n".join(lines) + "\n"


def to_json(draft: Draft, text: str) -> dict[str, Any]:
    def entry(fields: dict[str, Any], span: tuple[int, int], confidence: float) -> dict[str, Any]:
        return {**fields, "span": list(span), "confidence": confidence, "text": text[span[0] : span[1]]}

    groups: dict[str, list[dict[str, Any]]] = {"contribution": [], "partner": [], "milestone": []}
    for table, fields, span, confidence in _entries(draft):
        groups[table].append(entry(fields, span, confidence))
    return {
        "source": {"id": draft.source_id, "published": str(draft.published), "language": "nl"},
        "missions": [entry(_mission(m), m.span, m.confidence) for m in draft.missions],
        "contributions": groups["contribution"],
        "partners": groups["partner"],
        "milestones": groups["milestone"],
    }
