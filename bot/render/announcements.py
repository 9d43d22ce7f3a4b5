"""The announcement a server receives: the same facts and wording as the commands, in the server's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.announcement import NEWS, UPDATE, Announcement, ContributionVersion, MilestoneVersion, card_button_id
from bot.countries import flag
from bot.dates import Precision, describe_when
from bot.facts.model import Contribution, Milestone
from bot.facts.snapshot import MissionView, Snapshot
from bot.i18n import Language, say
from bot.render.embeds import EmbedBuilder
from bot.render.lines import STATUS_COLOURS, contribution_heading, milestone_name, personnel, personnel_text


def heading(milestone: Milestone, lead: int, today: date, lang: Language) -> str:
    """From the days actually left on the server's ``today``, never from the lead: a post that went out later
    than planned (a settings change, a retry) still says how far off the date really is."""
    if lead == UPDATE:
        return say("announce.update", lang)
    if lead == NEWS:
        return say("announce.news", lang)
    if milestone.date.precision is Precision.DAY:
        days = (milestone.date.first - today).days
        if days <= 0:
            return say("announce.today", lang)
        if days == 1:
            return say("announce.tomorrow", lang)
        return say("announce.in_days", lang, days=days)
    if milestone.date.first <= today:
        return say(f"announce.this_{milestone.date.precision}", lang)
    return say("announce.coming_up", lang)


def phrase(milestone: Milestone, lang: Language) -> str:
    """ "expected in November 2021 (about 6 months)"; "from the second half of November 2021 to <t:…:D>": a day is a
    Discord timestamp, which each member reads in their own date format."""
    text = describe_when(milestone.date, milestone.certainty, lang, milestone.until, stamps=True)
    if milestone.duration is not None:
        text += f" ({milestone.duration.format(lang)})"
    return text


def phrase_of_version(version: MilestoneVersion, lang: Language) -> str:
    """The wording of an earlier version of a milestone, as the server was told it."""
    text = describe_when(version.date, version.certainty, lang, version.until, stamps=True)
    if version.duration is not None:
        text += f" ({version.duration.format(lang)})"
    return text


@dataclass(frozen=True, slots=True)
class Part:
    """One thing a post says (a reminder, an update), with the source it comes from."""

    lines: tuple[str, ...]
    source_id: str


def reminder_part(
    view: MissionView,
    milestone: Milestone,
    lang: Language,
    lead: int,
    today: date,
    previous: MilestoneVersion | None = None,
) -> Part:
    """A reminder (or, with ``previous``, an update) about ``milestone``, worded for the server's ``today``."""
    kind = milestone_name(milestone, lang)
    if previous is not None:
        what = say("announce.now_was", lang, now=phrase(milestone, lang), was=phrase_of_version(previous, lang))
    else:
        what = phrase(milestone, lang)
    lines = [f"**{heading(milestone, lead, today, lang)}** · {kind}: {what}"]
    if milestone.note:
        lines.append(milestone.note.get(lang))
    return Part(tuple(lines), milestone.source)


def contribution_part(view: MissionView, current: Contribution, previous: ContributionVersion, lang: Language) -> Part:
    """ "Update · Dutch contribution: now about 90 personnel (planned) — was: 70–130 personnel (estimate)"."""
    was = personnel_text(previous.personnel_min, previous.personnel_max, previous.kind, previous.approximate, lang)
    now = personnel(current, lang)
    what = say("announce.now_was", lang, now=now, was=was)
    lines = [f"**{say('announce.update', lang)}** · {contribution_heading(view, current, lang)}: {what}"]
    if current.task and current.key == "main":  # a further part is already named by its task
        lines.append(current.task.get(lang))
    return Part(tuple(lines), current.source)


def compose(
    view: MissionView,
    snapshot: Snapshot,
    lang: Language,
    parts: Sequence[Part],
    reference: str,
    role_id: int | None = None,
    late: bool = False,
    test: bool = False,
) -> Announcement:
    """One post for one mission: what falls due together for a server is said together, each source cited."""
    lines = [line for part in parts for line in part.lines]
    if late:
        lines.append(say("announce.late", lang))
    if test:
        lines.append(say("announce.test", lang))
    cited = list(dict.fromkeys(part.source_id for part in parts))
    sources = [snapshot.sources[source_id] for source_id in cited]
    cites = "; ".join(f"{s.publisher}, {s.published.format(lang)}" for s in sources)
    embed = EmbedBuilder(
        title=f"{flag(view.mission.country)} {view.mission.name.get(lang)}".strip(),
        description="\n".join(lines),
        url=next((s.url for s in sources if s.url), None),
        color=STATUS_COLOURS[view.status],
        footer=say("announce.source", lang, source=cites),
    ).build()
    button = (say("announce.card_button", lang), card_button_id(view.mission.slug, reference))
    return Announcement(f"<@&{role_id}>" if role_id else None, embed, role_id, button)


def announcement(
    view: MissionView,
    milestone: Milestone,
    snapshot: Snapshot,
    lang: Language,
    lead: int,
    reference: str,
    today: date,
    role_id: int | None = None,
    late: bool = False,
    previous: MilestoneVersion | None = None,
    test: bool = False,
) -> Announcement:
    """A post about one milestone (``/config test`` and single reminders)."""
    part = reminder_part(view, milestone, lang, lead, today, previous)
    return compose(view, snapshot, lang, [part], reference, role_id, late, test)
