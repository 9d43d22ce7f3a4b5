"""The pieces every answer and announcement is made of: figures, dates, partners and sources as lines of
text in the reader's language, each with the source it comes from."""

from __future__ import annotations

from bot import limits
from bot.countries import country_name, flag
from bot.dates import Precision, discord_countdown, format_day, format_with_certainty
from bot.facts.model import (
    END_KINDS,
    MAIN,
    Contribution,
    Milestone,
    MilestoneKind,
    Partner,
    PersonnelKind,
    Scope,
    Status,
)
from bot.facts.periods import Period
from bot.facts.snapshot import MissionView, Snapshot, Versioned
from bot.i18n import Language, say
from bot.render.embeds import FOOTER_RESERVE, EmbedBuilder

STATUS_COLOURS = {Status.PLANNED: 0xC9A227, Status.ACTIVE: 0x2F6F4E, Status.ENDED: 0x6B7280}
STATUS_ORDER = (Status.ACTIVE, Status.PLANNED, Status.ENDED)
# A member's own commands too: /help is where they find out that they can follow a mission by DM.
HELP_COMMANDS = (
    "mission", "partners", "missions", "upcoming", "timeline", "calendar", "follow mission", "following", "about",
)  # fmt: skip
CONFIG_COMMANDS = (
    "channel", "leads", "time", "timezone", "role", "missions", "language", "events", "pause", "resume", "show",
    "preview", "test",
)  # fmt: skip


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def mission_title(view: MissionView, lang: Language) -> str:
    return f"{flag(view.mission.country)} {view.mission.name.get(lang)}".strip()


def ref(view: MissionView, source_id: str) -> str:
    """The numbered reference a card puts next to a figure: " [2]"."""
    return f" [{view.reference(source_id)}]"


def cite(source_id: str, snapshot: Snapshot, lang: Language) -> str:
    """Publisher and date, for lines that name their source in place: "NRC, 20 November 2020"."""
    source = snapshot.sources[source_id]
    return say("card.cited_as", lang, publisher=source.publisher, when=source.published.format(lang))


# -- contributions ----------------------------------------------------------------------------------
def personnel(c: Contribution, lang: Language) -> str | None:
    """ "100–150 personnel (planned)", "about 120 personnel (actual)", "up to 350 personnel (ceiling)"."""
    return personnel_text(c.personnel_min, c.personnel_max, c.personnel_kind, c.approximate, lang)


def personnel_text(
    low: int | None, high: int | None, kind: PersonnelKind, approximate: bool, lang: Language
) -> str | None:
    if low is None or high is None:
        return None
    if kind is PersonnelKind.CEILING:
        number = f"{say('card.up_to', lang)} {high}"
    elif low == high:
        number = f"{say('card.about', lang)} {low}" if approximate else str(low)
    else:
        number = f"{low}–{high}"
    return f"{number} {say('card.personnel', lang)} ({say(f'personnel_kind.{kind}', lang)})"


def period_text(period: Period, lang: Language, stamps: bool = False) -> str:
    """ "Active since late January 2021"; "Ended 1 May 2023"; "Not started yet"."""
    if period.status is Status.ENDED and period.ended is not None:
        closer = period.closed_by
        when = (
            format_with_certainty(closer.date, closer.certainty, lang, stamps)
            if closer is not None and closer.kind in END_KINDS
            else format_day(period.ended, lang, stamps)
        )
        return say("card.period_ended", lang, when=when)
    if period.status is Status.ACTIVE and period.started is not None:
        started = period.started
        when = format_with_certainty(started.date, started.certainty, lang, stamps)
        return say("card.period_active", lang, when=when)
    return say("card.period_planned", lang)


def contribution_lines(
    versioned: Versioned[Contribution],
    lang: Language,
    with_task: bool = True,
    view: MissionView | None = None,
    period: Period | None = None,
) -> str:
    """Planned against actual, each figure with its source: "100–150 personnel (planned) [1] → about 120 … [3]",
    then kit and task; with ``period``, the contribution's own status."""
    c = versioned.current
    chain: list[str] = []
    shown: list[str] = []
    for version in (*versioned.history, c):
        text = personnel(version, lang)
        if text and (not shown or shown[-1] != text):
            shown.append(text)
            chain.append(text + (ref(view, version.source) if view else ""))
    parts = [" → ".join(chain)] if chain else []
    where = ref(view, c.source) if view else ""
    if c.equipment:
        parts.append(", ".join(f"{e.count}× {e.name}" for e in c.equipment) + where)
    if c.task and with_task:
        parts.append(c.task.get(lang) + (where if not chain and not c.equipment else ""))
    elif where and not parts:  # the task is in the heading: the source still goes under it
        parts.append(where.strip())
    if period is not None:
        parts.append(f"_{period_text(period, lang, stamps=True)}_")
    return "\n".join(parts)


def contribution_heading(view: MissionView, c: Contribution, lang: Language) -> str:
    """ "Dutch contribution"; a further part is named by its task ("Dutch contribution — Advisers who stay …"),
    else numbered: its data key is not a word for readers."""
    if c.country == "NL":
        heading = say("card.contribution", lang)
    else:
        heading = say("card.contribution_other", lang, country=country_name(c.country, lang))
    if c.key == "main":
        return heading
    if c.task:
        return say("card.contribution_task", lang, contribution=heading, task=c.task.get(lang))
    same_country = [v.current.key for v in contributions_in_order(view) if v.current.country == c.country]
    return say("card.contribution_part", lang, contribution=heading, number=same_country.index(c.key) + 1)


def contributions_in_order(view: MissionView) -> list[Versioned[Contribution]]:
    """The Dutch first, each country's main contribution before its other parts."""
    return sorted(view.contributions, key=lambda v: (v.current.country != "NL", v.current.key != "main"))


# -- milestones -------------------------------------------------------------------------------------
def milestone_name(m: Milestone, lang: Language) -> str:
    """ "End of rotation"; "Operation ends" for the international operation's own date; "Arrival (f35)" for a
    Dutch contribution other than the main one."""
    if m.scope is Scope.OPERATION:
        return say(f"operation_milestone.{m.kind}", lang)
    name = say(f"milestone.{m.kind}", lang)
    return (
        name
        if m.contribution == MAIN
        else say("milestone.of_contribution", lang, milestone=name, contribution=m.contribution)
    )


def milestone_when(m: Milestone, lang: Language, stamps: bool = False, countdown: bool = False) -> str:
    """ "January 2021, probably"; "from the second half of November 2021 to 15 May 2022"; with a duration.
    ``countdown``: a day-precise date is followed by Discord's live "(in 3 days)"."""
    when = format_with_certainty(m.date, m.certainty, lang, stamps)
    if countdown and stamps and m.date.precision is Precision.DAY:
        when += f" ({discord_countdown(m.date.first)})"
    if m.until is not None:
        return say("date.span", lang, start=when, end=m.until.format(lang, stamps))
    if m.duration is not None:
        return f"{when}, {m.duration.format(lang)}"
    return when


def resolved_milestones(view: MissionView) -> list[tuple[Versioned[Milestone], Milestone | None]]:
    """The milestones to show, each with the plan it fulfilled: once a contribution's actual arrival is known,
    its planned deployment start is no longer shown as a date of its own but beside the arrival ("arrived late
    January 2021 (planned: January 2021, probably)")."""
    arrivals = {
        (v.current.scope, v.current.contribution): v for v in view.milestones if v.current.kind is MilestoneKind.ARRIVAL
    }
    planned: dict[int, Milestone] = {}
    shown = []
    for versioned in view.milestones:
        m = versioned.current
        arrival = arrivals.get((m.scope, m.contribution))
        if m.kind is MilestoneKind.DEPLOYMENT_START and arrival is not None:
            planned[id(arrival)] = m
            continue
        shown.append(versioned)
    return [(v, planned.get(id(v))) for v in shown]


def milestone_line(
    versioned: Versioned[Milestone],
    lang: Language,
    with_note: bool = True,
    view: MissionView | None = None,
    countdown: bool = False,
    plan: Milestone | None = None,
) -> str:
    """One milestone with its date (days as Discord timestamps), source reference, note and earlier dates;
    ``plan``: the planned date it fulfilled."""
    m = versioned.current
    line = f"**{milestone_name(m, lang)}**: {milestone_when(m, lang, stamps=True, countdown=countdown)}"
    if plan is not None:
        line += " " + say("card.planned_was", lang, when=milestone_when(plan, lang, stamps=True))
    if view is not None:
        line += ref(view, m.source)
    if with_note and m.note:
        line += f" — {m.note.get(lang)}"
    earlier = []
    for old in versioned.history:
        text = milestone_when(old, lang, stamps=True)
        if text != milestone_when(m, lang, stamps=True) and text not in earlier:
            earlier.append(text)
    if earlier:
        line += f" ({say('card.was', lang)}: " + "; ".join(earlier) + ")"
    return line


def operation_text(period: Period, lang: Language) -> str | None:
    """ "Ended 31 December 2023"; "Active; Operation's mandate ends: 31 January 2026"; None when nothing is known.
    For a field value: days as Discord timestamps."""
    if period.status is Status.ENDED:
        return period_text(period, lang, stamps=True)
    parts = [say(f"status.{Status.ACTIVE}", lang)] if period.status is Status.ACTIVE else []
    deadline = period.next_deadline
    if deadline is not None:
        parts.append(f"{milestone_name(deadline, lang)}: {milestone_when(deadline, lang, stamps=True)}")
    return "; ".join(parts) or None


# -- partners ---------------------------------------------------------------------------------------
def partner_name(p: Partner, snapshot: Snapshot, lang: Language) -> str:
    if p.country:
        return f"{flag(p.country)} {country_name(p.country, lang)}"
    organisation = snapshot.facts.organisations.get(p.organisation or "")
    return organisation.name.get(lang) if organisation else str(p.organisation)


def partners_line(view: MissionView, snapshot: Snapshot, lang: Language) -> str:
    """One line: every partner once, with its roles and sources."""
    roles: dict[str, list[str]] = {}
    refs: dict[str, list[int]] = {}
    for p in view.partners:
        name = partner_name(p, snapshot, lang)
        roles.setdefault(name, []).append(say(f"role.{p.role}", lang))
        number = view.reference(p.source)
        if number not in refs.setdefault(name, []):
            refs[name].append(number)
    return " · ".join(
        f"{name} ({', '.join(r)}) [{', '.join(str(n) for n in sorted(refs[name]))}]" for name, r in roles.items()
    )


# -- sources ----------------------------------------------------------------------------------------
def source_line(source_id: str, snapshot: Snapshot, lang: Language, link: bool = True) -> str:
    source = snapshot.sources[source_id]
    text = cite(source_id, snapshot, lang)
    return f"[{text}]({source.url})" if source.url and link else text


def _chunks(lines: list[str], limit: int) -> list[str]:
    """Whole lines joined into as few values of at most ``limit`` characters as they need."""
    chunks: list[str] = []
    for line in lines:
        if chunks and len(chunks[-1]) + 1 + len(line) <= limit:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return chunks


def _room(embed: EmbedBuilder) -> int:
    """Characters still free for fields, keeping the footer's reserve."""
    used = len(embed.title) + len(embed.description) + len(embed.footer or "")
    used += sum(len(f["name"]) + len(f["value"]) for f in embed.fields)
    return limits.EMBEDS_TOTAL - FOOTER_RESERVE - used


def source_fields(embed: EmbedBuilder, view: MissionView, snapshot: Snapshot, lang: Language) -> None:
    """Every source the card cites, numbered; without links when the links would not fit."""
    for link in (True, False):
        lines = [f"[{n}] {source_line(s.id, snapshot, lang, link)}" for n, s in enumerate(view.sources, start=1)]
        chunks = _chunks(lines, limits.EMBED_FIELD_VALUE)
        names = [say("card.sources", lang)] + [say("card.sources_continued", lang)] * (len(chunks) - 1)
        size = sum(len(n) + len(c) for n, c in zip(names, chunks, strict=True))
        fits = size <= _room(embed) and len(embed.fields) + len(chunks) <= limits.EMBED_FIELDS
        if fits or not link:
            for name, chunk in zip(names, chunks, strict=True):
                embed.field(name, chunk)
            return
