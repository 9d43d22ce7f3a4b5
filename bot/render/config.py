"""Wording and cards for /config, in Dutch and English."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.announcement import Planned
from bot.dates import format_day
from bot.guild_config import ALL_MISSIONS, GuildConfig
from bot.i18n import Language, say
from bot.render.embeds import Embed, EmbedBuilder
from bot.render.mentions import CommandMentions
from bot.render.problems import problem_text
from bot.storage.events import EventSettings
from bot.storage.ledger import Entry, State


def local_time(when: datetime, zone: ZoneInfo, lang: Language) -> str:
    local = when.astimezone(zone)
    return f"{format_day(local.date(), lang)} {local:%H:%M}"


def planned_line(item: Planned, zone: ZoneInfo, lang: Language) -> str:
    """When (in the reader's language) and what (the post's own first line, in the language it goes out in)."""
    description = item.message.embed.get("description", "").split("\n")[0]
    return f"• {local_time(item.at, zone, lang)} — {item.message.embed['title']}: {description}"


def settings_card(
    config: GuildConfig,
    zone: ZoneInfo,
    channel_name: str | None,
    role_names: dict[str, str],
    planned: Sequence[Planned],
    lang: Language,
    mentions: CommandMentions,
    troubles: Sequence[str] = (),
    mission_names: Mapping[str, str] | None = None,
    events: bool = False,
) -> Embed:
    mission_names = mission_names or {}
    embed = EmbedBuilder(say("config.show_title", lang))
    embed.field(
        say("config.f_channel", lang),
        f"#{channel_name}" if channel_name else say("config.no_channel", lang, command=mentions("config channel")),
    )
    embed.field(
        say("config.f_when", lang),
        say(
            "config.f_when_value",
            lang,
            leads=",".join(map(str, config.leads)),
            time=f"{config.post_time:%H:%M}",
            zone=zone,
        ),
    )
    if config.follow_all:
        left_out = ", ".join(sorted(mission_names.get(m, m) for m in config.excluded))
        missions = say("config.all_except", lang, missions=left_out) if left_out else say("config.all", lang)
    else:
        missions = ", ".join(sorted(mission_names.get(m, m) for m in config.missions)) or say("config.none", lang)
    embed.field(say("config.f_missions", lang), missions, inline=True)
    roles = [
        f"{say('config.all', lang) if mission == ALL_MISSIONS else mission_names.get(mission, mission)}: {name}"
        for mission, name in role_names.items()
    ]
    embed.field(say("config.f_roles", lang), "\n".join(roles) or say("config.none", lang), inline=True)
    language = say(f"language.{config.language}", lang) if config.language else say("config.language_auto_short", lang)
    embed.field(say("config.f_language", lang), language, inline=True)
    events_state = say("config.events_state_on" if events else "config.events_state_off", lang)
    embed.field(say("config.f_events", lang), events_state, inline=True)
    if config.problem:
        since = local_time(config.problem_since, zone, lang) if config.problem_since else "?"
        health = say(
            "config.paused_by_bot",
            lang,
            since=since,
            problem=problem_text(config.problem, lang),
            command=mentions("config resume"),
        )
    elif config.paused:
        health = say("config.paused_by_moderator", lang, command=mentions("config resume"))
    else:
        health = say("config.healthy", lang) if not troubles else ""
    embed.field(say("config.f_health", lang), "\n".join([health, *troubles]).strip())
    lines = [planned_line(item, zone, lang) for item in planned[:5]]
    on_hold = config.paused or config.problem is not None  # planned, but nothing goes out until resumed
    embed.field(
        say("config.f_next_on_hold" if on_hold else "config.f_next", lang), "\n".join(lines) or say("config.none", lang)
    )
    embed.footer = posts_language_note(config.announcement_language, lang) if planned else None
    return embed.build()


def preview_card(planned: Sequence[Planned], zone: ZoneInfo, days: int, posts_in: Language, lang: Language) -> Embed:
    lines = [planned_line(item, zone, lang) for item in planned]
    description = "\n".join(lines) if lines else say("config.preview_none", lang, days=days)
    footer = posts_language_note(posts_in, lang) if lines else None
    return EmbedBuilder(say("config.preview_title", lang, days=days), description, footer=footer).build()


def posts_language_note(posts_in: Language, lang: Language) -> str | None:
    """Said when the announcements listed are in another language than the reader's."""
    if posts_in is lang:
        return None
    return say("config.posts_language", lang, language=say(f"language.{posts_in}", lang))


def trouble_lines(
    passing: str | None, entries: Sequence[Entry], names: dict[str, str], zone: ZoneInfo, lang: Language
) -> list[str]:
    """What went wrong lately: a passing trouble being retried, posts left unverified or refused for good."""
    lines = [say("config.trouble", lang, problem=passing)] if passing else []
    for entry in entries[:5]:
        what = names.get(entry.key.mission, entry.key.mission)
        when = local_time(entry.claimed_at, zone, lang)
        detail = problem_text(entry.detail or "?", lang)
        if entry.state is State.UNVERIFIED:
            lines.append(say("config.unverified", lang, when=when, what=what, problem=detail))
        elif entry.state is State.FAILED:
            lines.append(say("config.failed", lang, when=when, what=what, code=entry.code or "?", problem=detail))
    return lines


def event_troubles(settings: EventSettings, passing: str | None, zone: ZoneInfo, lang: Language) -> list[str]:
    """Why the server's scheduled events are not kept in step: paused (Manage Events lost), or being retried."""
    if settings.problem:  # also while turned off: the events still to be deleted wait for the permission
        since = local_time(settings.problem_since, zone, lang) if settings.problem_since else "?"
        return [say("config.events_paused", lang, since=since, problem=problem_text(settings.problem, lang))]
    return [say("config.events_trouble", lang, problem=passing)] if passing else []
