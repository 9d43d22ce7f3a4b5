"""Facts → embeds for the member commands. Pure: a snapshot and a language in, Discord-shaped dicts out."""

from __future__ import annotations

from datetime import date, datetime

from bot.countries import country_name, flag
from bot.dates import format_day, format_with_certainty
from bot.facts.model import Contribution, Milestone, Partner, PartnerRole, PersonnelKind, Status
from bot.facts.snapshot import MissionView, Snapshot, Versioned
from bot.i18n import Language, say
from bot.render.embeds import Embed, EmbedBuilder, paginate, quote_user_text
from bot.render.mentions import NO_MENTIONS, CommandMentions

STATUS_COLOURS = {Status.PLANNED: 0xC9A227, Status.ACTIVE: 0x2F6F4E, Status.ENDED: 0x6B7280}
STATUS_ORDER = (Status.ACTIVE, Status.PLANNED, Status.ENDED)
HELP_COMMANDS = ("mission", "partners", "missions", "upcoming", "timeline", "about")


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def mission_title(view: MissionView, lang: Language) -> str:
    return f"{flag(view.mission.country)} {view.mission.name.get(lang)}".strip()


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


def contribution_lines(versioned: Versioned[Contribution], lang: Language, with_task: bool = True) -> str:
    """Planned against actual: "100–150 personnel (planned) → about 120 personnel (actual)", then kit and task."""
    c = versioned.current
    chain: list[str] = []
    for version in (*versioned.history, c):
        text = personnel(version, lang)
        if text and (not chain or chain[-1] != text):
            chain.append(text)
    parts = [" → ".join(chain)] if chain else []
    if c.equipment:
        parts.append(", ".join(f"{e.count}× {e.name}" for e in c.equipment))
    if c.task and with_task:
        parts.append(c.task.get(lang))
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
def milestone_when(m: Milestone, lang: Language) -> str:
    """ "January 2021, probably"; "from the second half of November 2021 to 15 May 2022"; with a duration."""
    when = format_with_certainty(m.date, m.certainty, lang)
    if m.until is not None:
        return say("date.span", lang, start=when, end=m.until.format(lang))
    if m.duration is not None:
        return f"{when}, {m.duration.format(lang)}"
    return when


def milestone_line(versioned: Versioned[Milestone], lang: Language, with_note: bool = True) -> str:
    m = versioned.current
    line = f"**{say(f'milestone.{m.kind}', lang)}**: {milestone_when(m, lang)}"
    if with_note and m.note:
        line += f" — {m.note.get(lang)}"
    earlier = []
    for old in versioned.history:
        text = milestone_when(old, lang)
        if text != milestone_when(m, lang) and text not in earlier:
            earlier.append(text)
    if earlier:
        line += f" ({say('card.was', lang)}: " + "; ".join(earlier) + ")"
    return line


# -- partners ---------------------------------------------------------------------------------------
def partner_name(p: Partner, snapshot: Snapshot, lang: Language) -> str:
    if p.country:
        return f"{flag(p.country)} {country_name(p.country, lang)}"
    organisation = snapshot.facts.organisations.get(p.organisation or "")
    return organisation.name.get(lang) if organisation else str(p.organisation)


def partners_line(view: MissionView, snapshot: Snapshot, lang: Language) -> str:
    """One line: every partner once, with its roles."""
    roles: dict[str, list[str]] = {}
    for p in view.partners:
        roles.setdefault(partner_name(p, snapshot, lang), []).append(say(f"role.{p.role}", lang))
    return " · ".join(f"{name} ({', '.join(r)})" for name, r in roles.items())


# -- sources ----------------------------------------------------------------------------------------
def source_line(source_id: str, snapshot: Snapshot, lang: Language) -> str:
    source = snapshot.sources[source_id]
    text = f"{source.publisher}, {source.published.format(lang)}"
    return f"[{text}]({source.url})" if source.url else text


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
    for versioned in _contributions_in_order(view):
        c = versioned.current
        embed.field(contribution_heading(view, c, lang), contribution_lines(versioned, lang, with_task=c.key == "main"))
    if view.partners:
        embed.field(say("card.partners", lang), partners_line(view, snapshot, lang))
    if view.milestones:
        lines = [milestone_line(v, lang, with_note=False) for v in view.milestones]
        # Under the dates rather than in the footer: a footer shows a command mention as raw text.
        hint = say("card.timeline_hint", lang, command=mentions("timeline"), slug=m.slug)
        embed.field(say("card.dates", lang), _fit_lines(lines, 1024 - len(hint) - 1, lang) + "\n" + hint)
    sources = [source_line(s.id, snapshot, lang) for s in view.sources]
    embed.field(say("card.sources", lang), _fit_lines(sources, 1024, lang, separator=" · "))
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
            lines.append(f"• **{mission_title(v, lang)}** — {v.mission.place.get(lang)} (`{v.mission.slug}`)")
    footer = say("card.known_on", lang, day=format_day(snapshot.as_of, lang))
    return _paged(say("card.missions_title", lang), lines, lang, footer, 0x2F6F4E, say("card.no_missions", lang))


def upcoming_pages(snapshot: Snapshot, lang: Language, days: int) -> list[Embed]:
    end = date.fromordinal(snapshot.as_of.toordinal() + days)
    lines = []
    for view, m in snapshot.milestones_between(snapshot.as_of, end):
        lines.append(
            f"• {milestone_when(m, lang)} — **{view.mission.name.get(lang)}**: {say(f'milestone.{m.kind}', lang)}"
        )
    footer = say("card.known_on", lang, day=format_day(snapshot.as_of, lang))
    title = say("card.upcoming_title", lang, days=days)
    return _paged(title, lines, lang, footer, 0xC9A227, say("card.nothing_upcoming", lang, days=days))


def timeline_pages(view: MissionView, snapshot: Snapshot, lang: Language) -> list[Embed]:
    lines = []
    for versioned in view.milestones:
        m = versioned.current
        source = snapshot.sources[m.source]
        cite = f"{source.publisher}, {say('card.paragraph', lang, number=m.paragraph)}"
        lines.append(f"• {milestone_line(versioned, lang)} — _{cite}_")
    footer = say("card.known_on", lang, day=format_day(snapshot.as_of, lang))
    title = say("card.timeline_title", lang, name=mission_title(view, lang))
    return _paged(title, lines, lang, footer, STATUS_COLOURS[view.status], say("card.no_milestones", lang))


def help_card(lang: Language, mentions: CommandMentions) -> Embed:
    """Each command by mention, which the reader's client shows under its own name, whatever ``lang`` is."""
    lines = [f"{mentions(command)} — {say(f'help.{command}', lang)}" for command in HELP_COMMANDS]
    return EmbedBuilder(say("card.help_title", lang), "\n".join(lines)).build()


def about_card(
    snapshot: Snapshot, lang: Language, version: str, facts_version: int, loaded_at: datetime | None
) -> Embed:
    embed = EmbedBuilder(say("card.about_title", lang), say("card.about_text", lang, version=version))
    sources = sorted(snapshot.sources.values(), key=lambda s: (s.known_from, s.id))
    # The title is quoted as the source gives it, whatever its language; only the words around it are ours.
    lines = [say("card.source_titled", lang, source=source_line(s.id, snapshot, lang), title=s.title) for s in sources]
    embed.field(say("card.sources", lang), _fit_lines(lines, 1024, lang))
    when = format_day(loaded_at.date(), lang) if loaded_at else "—"
    embed.footer = say("card.facts_loaded", lang, version=facts_version, when=when)
    return embed.build()


def not_found_text(query: str, suggestions: list[MissionView], known: list[MissionView], lang: Language) -> str:
    text = say("card.not_found", lang, query=quote_user_text(query))
    if suggestions:
        names = ", ".join(f"**{v.mission.name.get(lang)}** (`{v.mission.slug}`)" for v in suggestions[:5])
        return f"{text} {say('card.did_you_mean', lang, names=names)}"
    if known:
        names = ", ".join(f"`{v.mission.slug}`" for v in known[:10])
        return f"{text} {say('card.known_missions', lang, names=names)}"
    return text
