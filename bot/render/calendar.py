"""Facts → an iCalendar file (RFC 5545) of the missions' dates, written with the ``icalendar`` package.

Every current milestone is one all-day event: a day-precise date on its day (DTEND the next day, as RFC 5545
has all-day events end), a date known to a half-month, month, season or year over its whole period, with the
precision and certainty in the title ("MINUSMA: C-130 rotation — Rotation: the second half of November 2021,
expected"), so
no calendar shows an invented day.

Importing a newer file must update events, not duplicate them: each event's UID comes from the mission and
the milestone's key (``minusma.rotation-2021@deploybot``), and its SEQUENCE counts how often the sources
changed its date, precision or certainty, worked out from the versions known on the day (the facts' own
history, so every process and every restart agrees on it).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.dates import format_with_certainty
from bot.facts.model import Milestone
from bot.facts.snapshot import MissionView, Snapshot, Versioned
from bot.i18n import Language, say
from bot.render.lines import cite, milestone_name

PRODID = "-//deploybot//deploybot timelines//EN"
UID_DOMAIN = "deploybot"
MEDIA_TYPE = "text/calendar"


@dataclass(frozen=True, slots=True)
class CalendarFile:
    data: bytes
    filename: str
    events: int


def uid(m: Milestone) -> str:
    """Stable across fact versions: the mission and the milestone's key."""
    return f"{m.mission}.{m.key}@{UID_DOMAIN}"


def _what_counts(m: Milestone) -> tuple[str, str, str, str]:
    """What a calendar shows of a version: a change in any of these is a new SEQUENCE."""
    return (str(m.date), m.certainty.value, str(m.until or ""), str(m.duration or ""))


def sequence(versioned: Versioned[Milestone]) -> int:
    """How many times the known versions changed the date, its precision or its certainty (0 for the first)."""
    versions = [*versioned.history, versioned.current]
    changed = [_what_counts(a) != _what_counts(b) for a, b in itertools.pairwise(versions)]
    return sum(changed)


def summary(view: MissionView, m: Milestone, lang: Language) -> str:
    """ "MINUSMA: C-130 rotation — Rotation: the second half of November 2021, expected"."""
    name = milestone_name(m, lang)
    when = format_with_certainty(m.date, m.certainty, lang)
    return say("calendar.summary", lang, mission=view.mission.name.get(lang), milestone=name, when=when)


def _description(view: MissionView, m: Milestone, snapshot: Snapshot, lang: Language) -> str:
    lines = []
    if m.until is not None:
        lines.append(say("calendar.until", lang, until=m.until.format(lang)))
    if m.duration is not None:
        lines.append(say("calendar.duration", lang, duration=m.duration.format(lang)))
    if m.note is not None:
        lines.append(m.note.get(lang))
    lines.append(say("calendar.source", lang, source=cite(m.source, snapshot, lang)))
    source = snapshot.sources[m.source]
    if source.url:
        lines.append(source.url)
    return "\n".join(lines)


def build_calendar(
    views: Iterable[MissionView], snapshot: Snapshot, lang: Language, stamp: datetime, name: str
) -> CalendarFile:
    """Every current milestone of ``views`` as an all-day event; ``stamp`` (the injected clock's now) is DTSTAMP."""
    from icalendar import Calendar, Event  # here, not at the top: only /calendar needs it

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    count = 0
    slugs = []
    for view in views:
        slugs.append(view.mission.slug)
        for versioned in view.milestones:
            m = versioned.current
            event = Event()
            event.add("uid", uid(m))
            event.add("sequence", sequence(versioned))
            event.add("dtstamp", stamp)
            event.add("dtstart", m.date.first)
            event.add("dtend", m.date.last + timedelta(days=1))
            event.add("summary", summary(view, m, lang))
            event.add("description", _description(view, m, snapshot, lang))
            event.add("location", view.mission.place.get(lang))
            event.add("transp", "TRANSPARENT")  # a date to know, not time taken up
            event.add("status", "CONFIRMED" if m.certainty.value == "confirmed" else "TENTATIVE")
            calendar.add_component(event)
            count += 1
    filename = f"deploybot-{slugs[0]}.ics" if len(slugs) == 1 else "deploybot.ics"
    return CalendarFile(calendar.to_ical(), filename, count)
