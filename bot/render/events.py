"""A milestone as a Discord Scheduled Event: its name, description and place, within Discord's limits."""

from __future__ import annotations

from bot import limits
from bot.dates import format_day
from bot.facts.model import Milestone
from bot.facts.snapshot import MissionView, Snapshot
from bot.i18n import Language, say
from bot.render.lines import cite, milestone_name

REF_PREFIX = "ref: "


def event_ref(mission: str, milestone: str) -> str:
    """The stable reference of a milestone's event: "minusma/rotation-2021"."""
    return f"{mission}/{milestone}"


def ref_line(ref: str) -> str:
    return f"{REF_PREFIX}{ref}"


def carries_ref(description: str, ref: str) -> bool:
    """Whether an event's description is ours for ``ref`` (its last line, which no text of ours can push out)."""
    return description.rstrip().rsplit("\n", 1)[-1] == ref_line(ref)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def event_name(view: MissionView, m: Milestone, lang: Language) -> str:
    """ "MINUSMA: Rotation" (at most 100 characters)."""
    return _cut(f"{view.mission.name.get(lang)}: {milestone_name(m, lang)}", limits.EVENT_NAME)


def event_location(view: MissionView, lang: Language) -> str:
    return _cut(view.mission.place.get(lang), limits.EVENT_LOCATION) or view.mission.slug


def event_description(view: MissionView, m: Milestone, snapshot: Snapshot, lang: Language, ref: str) -> str:
    """The date with its certainty, the source (publisher and date), a note if the source gave one, and the
    reference as the last line; the note is what gives way to stay within 1,000 characters."""
    when = say(
        "events.when", lang, when=format_day(m.date.first, lang), certainty=say(f"events.certainty.{m.certainty}", lang)
    )
    fixed = [when, say("events.source", lang, source=cite(m.source, snapshot, lang)), ref_line(ref)]
    note = m.note.get(lang) if m.note else ""
    room = limits.EVENT_DESCRIPTION - sum(len(line) + 1 for line in fixed)
    lines = ([_cut(note, room)] if note and room > 20 else []) + fixed
    return "\n".join(lines)[: limits.EVENT_DESCRIPTION]
