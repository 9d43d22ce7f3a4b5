"""Facts → embeds for the member commands. Pure: a snapshot and a language in, Discord-shaped dicts out.

Every figure and date on a mission card carries a numbered reference (``[2]``) that the card's sources
field resolves; lists and timelines cite the publisher and date next to each line.

Day-precise dates in descriptions and field values are Discord timestamps (``stamps``, see
:func:`bot.dates.discord_day`), so that each reader sees their own date format; titles and footers, where Discord
shows a timestamp as raw text, and source citations keep dates in words, as do dates known only to the month.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.countries import flag
from bot.dates import format_day
from bot.facts.model import (
    MAIN,
    PartnerRole,
    Status,
)
from bot.facts.snapshot import MissionView, Snapshot
from bot.i18n import Language, say
from bot.render.embeds import Embed, EmbedBuilder, paginate, quote_user_text
from bot.render.lines import (
    CONFIG_COMMANDS,
    HELP_COMMANDS,
    STATUS_COLOURS,
    STATUS_ORDER,
    capitalized,
    cite,
    contribution_heading,
    contribution_lines,
    contributions_in_order,
    milestone_line,
    milestone_name,
    milestone_when,
    mission_title,
    operation_text,
    partner_name,
    partners_line,
    resolved_milestones,
    source_fields,
    source_line,
)
from bot.render.mentions import NO_MENTIONS, CommandMentions


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
    for versioned in contributions_in_order(view):
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
    source_fields(embed, view, snapshot, lang)
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


def timeline_overview(views: list[MissionView], snapshot: Snapshot, lang: Language, left_out: int) -> Embed:
    """What goes with the picture of every current mission: the missions drawn, by status, and how to see one."""
    lines = [f"• **{mission_title(v, lang)}** — {say(f'status.{v.status}', lang)} (`{v.mission.slug}`)" for v in views]
    if left_out:
        lines.append(say("picture.alt_left_out", lang, count=left_out))
    footer = say("card.known_on", lang, day=format_day(snapshot.as_of, lang))
    pages = _paged(
        say("picture.title_all", lang),
        lines,
        lang,
        footer,
        STATUS_COLOURS[Status.ACTIVE],
        say("picture.none_current", lang),
    )
    return pages[0]


def help_card(lang: Language, mentions: CommandMentions, moderator: bool = False) -> Embed:
    """Each command by mention, which the reader's client shows under its own name, whatever ``lang`` is; for a
    ``moderator`` (Manage Server) the /config subcommands too, which only they can use."""
    lines = [f"{mentions(command)} — {say(f'help.{command.split()[0]}', lang)}" for command in HELP_COMMANDS]
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
