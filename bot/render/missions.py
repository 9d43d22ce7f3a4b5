"""Facts → embeds for the member commands. Pure: a snapshot and a language in, Discord-shaped dicts out.

Every figure and date on a mission card carries a numbered reference (``[2]``) that the card's sources
field resolves; lists and timelines cite the publisher and date next to each line.

Day-precise dates in descriptions and field values are Discord timestamps (``stamps``, see
:func:`bot.dates.discord_day`), so that each reader sees their own date format; titles and footers, where Discord
shows a timestamp as raw text, and source citations keep dates in words, as do dates known only to the month.
"""

from __future__ import annotations

from datetime import date, datetime

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
    PartnerRole,
    PersonnelKind,
    Scope,
    Status,
)
from bot.facts.periods import Period
from bot.facts.snapshot import MissionView, Snapshot, Versioned
from bot.i18n import Language, say
from bot.render.embeds import FOOTER_RESERVE, Embed, EmbedBuilder, paginate, quote_user_text
from bot.render.mentions import NO_MENTIONS, CommandMentions

STATUS_COLOURS = {Status.PLANNED: 0xC9A227, Status.ACTIVE: 0x2F6F4E, Status.ENDED: 0x6B7280}
STATUS_ORDER = (Status.ACTIVE, Status.PLANNED, Status.ENDED)
HELP_COMMANDS = ("mission", "partners", "missions", "upcoming", "timeline", "about")
CONFIG_COMMANDS = (
    "channel", "leads", "time", "timezone", "role", "missions", "language", "pause", "resume", "show", "preview", "test"
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
    same_country = [v.current.key for v in _contributions_in_order(view) if v.current.country == c.country]
    return say("card.contribution_part", lang, contribution=heading, number=same_country.index(c.key) + 1)


def _contributions_in_order(view: MissionView) -> list[Versioned[Contribution]]:
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


def _source_fields(embed: EmbedBuilder, view: MissionView, snapshot: Snapshot, lang: Language) -> None:
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


# -- the commands -----------------------------------------------------------------------------------
def mission_card(
    view: MissionView, snapshot: Snapshot, lang: Language, mentions: CommandMentions = NO_MENTIONS
) -> Embed:
    m = view.mission
    embed = EmbedBuilder(
        title=mission_title(view, lang),
        description=m.summary.get(lang),
        color=STATUS_COLOURS[view.status],
        footer=say("card.known_on", lang, day=format_day(snapshot.as_of, lang)),
    )
    embed.field(say("card.status", lang), say(f"status.{view.status}", lang), inline=True)
    embed.field(say("card.organisation", lang), view.organisation.name.get(lang), inline=True)
    embed.field(say("card.place", lang), f"{flag(m.country)} {m.place.get(lang)}", inline=True)
    operation = operation_text(view.operation, lang) if view.operation else None
    if operation:
        embed.field(say("card.operation", lang), capitalized(operation), inline=True)
    if view.last_reported is not None:
        when = view.last_reported.format(lang, stamps=True)
        embed.field(say("card.last_reported", lang), capitalized(say("card.last_reported_text", lang, when=when)))
    periods = {p.key: p for p in view.periods}
    for versioned in _contributions_in_order(view):
        c = versioned.current
        period = periods.get(c.key) if c.country == "NL" else None
        value = contribution_lines(versioned, lang, with_task=c.key == MAIN, view=view, period=period)
        embed.field(contribution_heading(view, c, lang), value)
    if view.partners:
        embed.field(say("card.partners", lang), partners_line(view, snapshot, lang))
    if view.milestones:
        ahead = next((v for v in view.milestones if v.current.date.first >= snapshot.as_of), None)  # the next date
        lines = [
            milestone_line(v, lang, with_note=False, view=view, countdown=v is ahead, plan=plan)
            for v, plan in resolved_milestones(view)
        ]
        # Under the dates rather than in the footer: a footer shows a command mention as raw text.
        hint = say("card.timeline_hint", lang, command=mentions("timeline"), slug=m.slug)
        embed.field(say("card.dates", lang), _fit_lines(lines, 1024 - len(hint) - 1, lang) + "\n" + hint)
    _source_fields(embed, view, snapshot, lang)
    return embed.build()


def _fit_lines(lines: list[str], limit: int, lang: Language, separator: str = "\n") -> str:
    """As many whole lines as fit in ``limit``, then "and N more"."""
    out: list[str] = []
    for index, line in enumerate(lines):
        more = say("card.more", lang, count=len(lines) - index)
        candidate = separator.join([*out, line])
        rest = len(lines) - index - 1
        if len(candidate) + (len(separator) + len(more) if rest else 0) > limit:
            return separator.join([*out, more]) if out else more
        out.append(line)
    return separator.join(out)


def partners_card(view: MissionView, snapshot: Snapshot, lang: Language) -> Embed:
    embed = EmbedBuilder(
        title=say("card.partners_title", lang, name=mission_title(view, lang)),
        color=STATUS_COLOURS[view.status],
        footer=say("card.known_on", lang, day=format_day(snapshot.as_of, lang)),
    )
    if not view.partners:
        embed.description = say("card.no_partners", lang)
    by_role: dict[PartnerRole, list[str]] = {}
    for p in view.partners:
        line = partner_name(p, snapshot, lang)
        if p.note:
            line += f" — {p.note.get(lang)}"
        line += f" — _{cite(p.source, snapshot, lang)}_"
        by_role.setdefault(p.role, []).append(line)
    for role in PartnerRole:
        if role in by_role:
            embed.field(capitalized(say(f"role.{role}", lang)), _fit_lines(by_role[role], 1024, lang))
    return embed.build()


def _paged(title: str, lines: list[str], lang: Language, footer: str, color: int, empty: str) -> list[Embed]:
    pages = paginate(lines) or [[empty]]
    embeds = []
    for number, page in enumerate(pages, start=1):
        note = f" · {say('card.page', lang, page=number, pages=len(pages))}" if len(pages) > 1 else ""
        embeds.append(EmbedBuilder(title, "\n".join(page), color=color, footer=footer + note).build())
    return embeds


def missions_pages(snapshot: Snapshot, lang: Language, status: Status | None = None) -> list[Embed]:
    lines: list[str] = []
    for group in STATUS_ORDER:
        if status is not None and group is not status:
            continue
        views = [v for v in snapshot.views() if v.status is group]
        if not views:
            continue
        lines.append(f"__**{say(f'status.{group}', lang)}**__")
        for v in views:
            line = f"• **{mission_title(v, lang)}** — {v.mission.place.get(lang)} (`{v.mission.slug}`)"
            if v.last_reported is not None:
                when = v.last_reported.format(lang, stamps=True)
                line += f" — _{say('card.last_reported_short', lang, when=when)}_"
            lines.append(line)
    footer = say("card.known_on", lang, day=format_day(snapshot.as_of, lang))
    return _paged(say("card.missions_title", lang), lines, lang, footer, 0x2F6F4E, say("card.no_missions", lang))


def upcoming_pages(snapshot: Snapshot, lang: Language, days: int) -> list[Embed]:
    end = date.fromordinal(snapshot.as_of.toordinal() + days)
    lines = []
    for view, m in snapshot.milestones_between(snapshot.as_of, end):
        lines.append(
            f"• {milestone_when(m, lang, stamps=True, countdown=True)} — **{view.mission.name.get(lang)}**: "
            f"{milestone_name(m, lang)}"
            f" — _{cite(m.source, snapshot, lang)}_"
        )
    footer = say("card.known_on", lang, day=format_day(snapshot.as_of, lang))
    title = say("card.upcoming_title", lang, days=days)
    return _paged(title, lines, lang, footer, 0xC9A227, say("card.nothing_upcoming", lang, days=days))


def timeline_pages(view: MissionView, snapshot: Snapshot, lang: Language) -> list[Embed]:
    lines = []
    for versioned in view.milestones:
        m = versioned.current
        where = f"{cite(m.source, snapshot, lang)}, {say('card.paragraph', lang, number=m.paragraph)}"
        lines.append(f"• {milestone_line(versioned, lang)} — _{where}_")
    footer = say("card.known_on", lang, day=format_day(snapshot.as_of, lang))
    title = say("card.timeline_title", lang, name=mission_title(view, lang))
    return _paged(title, lines, lang, footer, STATUS_COLOURS[view.status], say("card.no_milestones", lang))


def help_card(lang: Language, mentions: CommandMentions, moderator: bool = False) -> Embed:
    """Each command by mention, which the reader's client shows under its own name, whatever ``lang`` is; for a
    ``moderator`` (Manage Server) the /config subcommands too, which only they can use."""
    lines = [f"{mentions(command)} — {say(f'help.{command}', lang)}" for command in HELP_COMMANDS]
    if moderator:
        lines += ["", f"**{say('help.moderators', lang)}**"]
        lines += [
            f"{mentions(f'config {sub}')} — {say(f'command.config.{sub}.description', lang)}" for sub in CONFIG_COMMANDS
        ]
    return EmbedBuilder(say("card.help_title", lang), "\n".join(lines)).build()


def about_pages(
    snapshot: Snapshot, lang: Language, version: str, facts_version: int, loaded_at: datetime | None
) -> list[Embed]:
    """Version and every source known today, paged: none is left out."""
    sources = sorted(snapshot.sources.values(), key=lambda s: (s.known_from, s.id))
    # The title is quoted as the source gives it, whatever its language; only the words around it are ours.
    lines = [
        "• " + say("card.source_titled", lang, source=source_line(s.id, snapshot, lang), title=s.title) for s in sources
    ]
    intro = say("card.about_text", lang, version=version)
    when = format_day(loaded_at.date(), lang) if loaded_at else "—"
    footer = say("card.facts_loaded", lang, version=facts_version, when=when)
    pages = paginate(lines, per_page=10, max_chars=3000) or [[]]
    embeds = []
    for number, page in enumerate(pages, start=1):
        heading = say("card.sources", lang) if number == 1 else say("card.sources_continued", lang)
        body = "\n".join([intro, "", f"**{heading}**", *page]) if page else intro
        note = f" · {say('card.page', lang, page=number, pages=len(pages))}" if len(pages) > 1 else ""
        embeds.append(EmbedBuilder(say("card.about_title", lang), body, footer=footer + note).build())
    return embeds


def not_found_text(query: str, suggestions: list[MissionView], known: list[MissionView], lang: Language) -> str:
    text = say("card.not_found", lang, query=quote_user_text(query))
    if suggestions:
        names = ", ".join(f"**{v.mission.name.get(lang)}** (`{v.mission.slug}`)" for v in suggestions[:5])
        return f"{text} {say('card.did_you_mean', lang, names=names)}"
    if known:
        names = ", ".join(f"`{v.mission.slug}`" for v in known[:10])
        return f"{text} {say('card.known_missions', lang, names=names)}"
    return text
