"""Facts → embeds for the member commands. Pure: a snapshot and a language in, Discord-shaped dicts out.

Every figure and date on a mission card carries a numbered reference (``[2]``) that the card's sources
field resolves; lists and timelines cite the publisher and date next to each line.
"""

from __future__ import annotations

from datetime import date, datetime

from bot import limits
from bot.countries import country_name, flag
from bot.dates import format_day, format_with_certainty
from bot.facts.model import END_KINDS, Contribution, Milestone, Partner, PartnerRole, PersonnelKind, Status
from bot.facts.periods import Period
from bot.facts.snapshot import MissionView, Snapshot, Versioned
from bot.i18n import Language
from bot.render.embeds import FOOTER_RESERVE, Embed, EmbedBuilder, paginate, quote_user_text
from bot.render.text import HELP, PERSONNEL_KIND, ROLE, STATUS, capitalized, label, milestone_name

STATUS_COLOURS = {Status.PLANNED: 0xC9A227, Status.ACTIVE: 0x2F6F4E, Status.ENDED: 0x6B7280}
STATUS_ORDER = (Status.ACTIVE, Status.PLANNED, Status.ENDED)


def mission_title(view: MissionView, lang: Language) -> str:
    return f"{flag(view.mission.country)} {view.mission.name.get(lang)}".strip()


def ref(view: MissionView, source_id: str) -> str:
    """The numbered reference a card puts next to a figure: " [2]"."""
    return f" [{view.reference(source_id)}]"


def cite(source_id: str, snapshot: Snapshot, lang: Language) -> str:
    """Publisher and date, for lines that name their source in place: "NRC, 20 November 2020"."""
    source = snapshot.sources[source_id]
    return label("cited_as", lang, publisher=source.publisher, when=source.published.format(lang))


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
        number = f"{label('up_to', lang)} {high}"
    elif low == high:
        number = f"{label('about', lang)} {low}" if approximate else str(low)
    else:
        number = f"{low}–{high}"
    return f"{number} {label('personnel', lang)} ({PERSONNEL_KIND[kind][lang]})"


def period_text(period: Period, lang: Language) -> str:
    """ "Active since late January 2021"; "Ended 1 May 2023"; "Not started yet"."""
    if period.status is Status.ENDED and period.ended is not None:
        closer = period.closed_by
        when = (
            format_with_certainty(closer.date, closer.certainty, lang)
            if closer is not None and closer.kind in END_KINDS
            else format_day(period.ended, lang)
        )
        return label("period_ended", lang, when=when)
    if period.status is Status.ACTIVE and period.started is not None:
        started = period.started
        return label("period_active", lang, when=format_with_certainty(started.date, started.certainty, lang))
    return label("period_planned", lang)


def contribution_lines(
    versioned: Versioned[Contribution], lang: Language, view: MissionView | None = None, period: Period | None = None
) -> str:
    """Planned against actual, each figure with its source: "100–150 personnel (planned) [1] → about 120 … [3]"."""
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
    if c.task:
        parts.append(c.task.get(lang) + (where if not chain and not c.equipment else ""))
    if period is not None:
        parts.append(f"_{period_text(period, lang)}_")
    return "\n".join(parts)


# -- milestones -------------------------------------------------------------------------------------
def milestone_when(m: Milestone, lang: Language) -> str:
    """ "January 2021, probably"; "from the second half of November 2021 to 15 May 2022"; with a duration."""
    when = format_with_certainty(m.date, m.certainty, lang)
    if m.until is not None:
        return label("from_to", lang, start=when, end=m.until.format(lang))
    if m.duration is not None:
        return f"{when}, {m.duration.format(lang)}"
    return when


def milestone_line(
    versioned: Versioned[Milestone], lang: Language, with_note: bool = True, view: MissionView | None = None
) -> str:
    m = versioned.current
    line = f"**{milestone_name(m, lang)}**: {milestone_when(m, lang)}"
    if view is not None:
        line += ref(view, m.source)
    if with_note and m.note:
        line += f" — {m.note.get(lang)}"
    earlier = []
    for old in versioned.history:
        text = milestone_when(old, lang)
        if text != milestone_when(m, lang) and text not in earlier:
            earlier.append(text)
    if earlier:
        line += f" ({label('was', lang)}: " + "; ".join(earlier) + ")"
    return line


def operation_text(period: Period, lang: Language) -> str | None:
    """ "ended 31 December 2023"; "Active; Operation's mandate ends: 31 January 2026"; None when nothing is known."""
    if period.status is Status.ENDED:
        return period_text(period, lang)
    parts = [STATUS[Status.ACTIVE][lang]] if period.status is Status.ACTIVE else []
    deadline = period.next_deadline
    if deadline is not None:
        parts.append(f"{milestone_name(deadline, lang)}: {milestone_when(deadline, lang)}")
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
        roles.setdefault(name, []).append(ROLE[p.role][lang])
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
        names = [label("sources", lang)] + [label("sources_continued", lang)] * (len(chunks) - 1)
        size = sum(len(n) + len(c) for n, c in zip(names, chunks, strict=True))
        fits = size <= _room(embed) and len(embed.fields) + len(chunks) <= limits.EMBED_FIELDS
        if fits or not link:
            for name, chunk in zip(names, chunks, strict=True):
                embed.field(name, chunk)
            return


# -- the commands -----------------------------------------------------------------------------------
def mission_card(view: MissionView, snapshot: Snapshot, lang: Language) -> Embed:
    m = view.mission
    embed = EmbedBuilder(
        title=mission_title(view, lang),
        description=m.summary.get(lang),
        color=STATUS_COLOURS[view.status],
        footer=f"{label('known_on', lang, day=format_day(snapshot.as_of, lang))} · "
        f"{label('timeline_hint', lang, slug=m.slug)}",
    )
    embed.field(label("status", lang), STATUS[view.status][lang], inline=True)
    embed.field(label("organisation", lang), view.organisation.name.get(lang), inline=True)
    embed.field(label("place", lang), f"{flag(m.country)} {m.place.get(lang)}", inline=True)
    operation = operation_text(view.operation, lang) if view.operation else None
    if operation:
        embed.field(label("operation", lang), capitalized(operation), inline=True)
    if view.last_reported is not None:
        when = view.last_reported.format(lang)
        embed.field(label("last_reported", lang), capitalized(label("last_reported_text", lang, when=when)))
    periods = {p.key: p for p in view.periods}
    for versioned in sorted(view.contributions, key=lambda v: (v.current.country != "NL", v.current.key != "main")):
        country = versioned.current.country
        dutch = country == "NL"
        name = (
            label("contribution", lang)
            if dutch
            else label("contribution_other", lang, country=country_name(country, lang))
        )
        if versioned.current.key != "main":
            name += f" ({versioned.current.key})"
        period = periods.get(versioned.current.key) if dutch else None
        embed.field(name, contribution_lines(versioned, lang, view, period))
    if view.partners:
        embed.field(label("partners", lang), partners_line(view, snapshot, lang))
    if view.milestones:
        lines = [milestone_line(v, lang, with_note=False, view=view) for v in view.milestones]
        embed.field(label("dates", lang), _fit_lines(lines, 1024, lang))
    _source_fields(embed, view, snapshot, lang)
    return embed.build()


def _fit_lines(lines: list[str], limit: int, lang: Language, separator: str = "\n") -> str:
    """As many whole lines as fit in ``limit``, then "and N more"."""
    out: list[str] = []
    for index, line in enumerate(lines):
        more = label("more", lang, count=len(lines) - index)
        candidate = separator.join([*out, line])
        rest = len(lines) - index - 1
        if len(candidate) + (len(separator) + len(more) if rest else 0) > limit:
            return separator.join([*out, more]) if out else more
        out.append(line)
    return separator.join(out)


def partners_card(view: MissionView, snapshot: Snapshot, lang: Language) -> Embed:
    embed = EmbedBuilder(
        title=label("partners_title", lang, name=mission_title(view, lang)),
        color=STATUS_COLOURS[view.status],
        footer=label("known_on", lang, day=format_day(snapshot.as_of, lang)),
    )
    if not view.partners:
        embed.description = label("no_partners", lang)
    by_role: dict[PartnerRole, list[str]] = {}
    for p in view.partners:
        line = partner_name(p, snapshot, lang)
        if p.note:
            line += f" — {p.note.get(lang)}"
        line += f" — _{cite(p.source, snapshot, lang)}_"
        by_role.setdefault(p.role, []).append(line)
    for role in PartnerRole:
        if role in by_role:
            embed.field(capitalized(ROLE[role][lang]), _fit_lines(by_role[role], 1024, lang))
    return embed.build()


def _paged(title: str, lines: list[str], lang: Language, footer: str, color: int, empty: str) -> list[Embed]:
    pages = paginate(lines) or [[empty]]
    embeds = []
    for number, page in enumerate(pages, start=1):
        note = f" · {label('page', lang, page=number, pages=len(pages))}" if len(pages) > 1 else ""
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
        lines.append(f"__**{STATUS[group][lang]}**__")
        for v in views:
            line = f"• **{mission_title(v, lang)}** — {v.mission.place.get(lang)} (`{v.mission.slug}`)"
            if v.last_reported is not None:
                line += f" — _{label('last_reported_short', lang, when=v.last_reported.format(lang))}_"
            lines.append(line)
    footer = label("known_on", lang, day=format_day(snapshot.as_of, lang))
    return _paged(label("missions_title", lang), lines, lang, footer, 0x2F6F4E, label("no_missions", lang))


def upcoming_pages(snapshot: Snapshot, lang: Language, days: int) -> list[Embed]:
    end = date.fromordinal(snapshot.as_of.toordinal() + days)
    lines = []
    for view, m in snapshot.milestones_between(snapshot.as_of, end):
        lines.append(
            f"• {milestone_when(m, lang)} — **{view.mission.name.get(lang)}**: {milestone_name(m, lang)}"
            f" — _{cite(m.source, snapshot, lang)}_"
        )
    footer = label("known_on", lang, day=format_day(snapshot.as_of, lang))
    title = label("upcoming_title", lang, days=days)
    return _paged(title, lines, lang, footer, 0xC9A227, label("nothing_upcoming", lang, days=days))


def timeline_pages(view: MissionView, snapshot: Snapshot, lang: Language) -> list[Embed]:
    lines = []
    for versioned in view.milestones:
        m = versioned.current
        where = f"{cite(m.source, snapshot, lang)}, {label('paragraph', lang, number=m.paragraph)}"
        lines.append(f"• {milestone_line(versioned, lang)} — _{where}_")
    footer = label("known_on", lang, day=format_day(snapshot.as_of, lang))
    title = label("timeline_title", lang, name=mission_title(view, lang))
    return _paged(title, lines, lang, footer, STATUS_COLOURS[view.status], label("no_milestones", lang))


def help_card(lang: Language) -> Embed:
    embed = EmbedBuilder(label("help_title", lang))
    for name, text in HELP[lang]:
        embed.field(name, text)
    return embed.build()


def about_pages(
    snapshot: Snapshot, lang: Language, version: str, facts_version: int, loaded_at: datetime | None
) -> list[Embed]:
    """Version and every source known today, paged: none is left out."""
    sources = sorted(snapshot.sources.values(), key=lambda s: (s.known_from, s.id))
    lines = [f"• {source_line(s.id, snapshot, lang)}: {s.title}" for s in sources]
    intro = label("about_text", lang, version=version)
    when = format_day(loaded_at.date(), lang) if loaded_at else "—"
    footer = label("facts_loaded", lang, version=facts_version, when=when)
    pages = paginate(lines, per_page=10, max_chars=3000) or [[]]
    embeds = []
    for number, page in enumerate(pages, start=1):
        heading = label("sources", lang) if number == 1 else label("sources_continued", lang)
        body = "\n".join([intro, "", f"**{heading}**", *page]) if page else intro
        note = f" · {label('page', lang, page=number, pages=len(pages))}" if len(pages) > 1 else ""
        embeds.append(EmbedBuilder(label("about_title", lang), body, footer=footer + note).build())
    return embeds


def not_found_text(query: str, suggestions: list[MissionView], known: list[MissionView], lang: Language) -> str:
    text = label("not_found", lang, query=quote_user_text(query))
    if suggestions:
        names = ", ".join(f"**{v.mission.name.get(lang)}** (`{v.mission.slug}`)" for v in suggestions[:5])
        return f"{text} {label('did_you_mean', lang, names=names)}"
    if known:
        names = ", ".join(f"`{v.mission.slug}`" for v in known[:10])
        return f"{text} {label('known_missions', lang, names=names)}"
    return text
