"""Wording and cards for /config, in Dutch and English."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.announcement import Planned
from bot.dates import MONTHS
from bot.guild_config import ALL_MISSIONS, GuildConfig
from bot.i18n import Language
from bot.render.embeds import Embed, EmbedBuilder
from bot.storage.ledger import Entry, State

NL, EN = Language.NL, Language.EN

TEXT: dict[str, dict[Language, str]] = {
    "refused": {
        EN: "Only members with **Manage Server** can change the bot's settings here.",
        NL: "Alleen leden met **Server beheren** kunnen de instellingen van de bot hier wijzigen.",
    },
    "no_guild": {EN: "This works in a server only.", NL: "Dit werkt alleen in een server."},
    "channel_missing_perms": {
        EN: "I cannot announce in {channel}: I am missing {missing}. Give me those permissions there, "
        "or choose another channel.",
        NL: "Ik kan niet aankondigen in {channel}: ik mis {missing}. Geef me die rechten daar, "
        "of kies een ander kanaal.",
    },
    "channel_set": {
        EN: "Announcements will be posted in {channel} at {time} ({zone}).",
        NL: "Aankondigingen verschijnen in {channel} om {time} ({zone}).",
    },
    "leads_set": {EN: "Announcing {leads} days before each date.", NL: "Aankondigen {leads} dagen voor elke datum."},
    "leads_empty": {
        EN: "Give at least one number of days, such as 30,7,1,0.",
        NL: "Geef minstens één aantal dagen, zoals 30,7,1,0.",
    },
    "leads_too_many": {
        EN: "That is {count} lead times; at most {limit} are allowed.",
        NL: "Dat zijn {count} aankondigingsmomenten; hooguit {limit} zijn toegestaan.",
    },
    "lead_invalid": {
        EN: "“{value}” is not a number of days from 0 to {limit}.",
        NL: "“{value}” is geen aantal dagen van 0 tot {limit}.",
    },
    "time_invalid": {
        EN: "“{value}” is not a time of day; use HH:MM, such as 09:00.",
        NL: "“{value}” is geen tijdstip; gebruik UU:MM, zoals 09:00.",
    },
    "time_set": {EN: "Announcements go out at {time} ({zone}).", NL: "Aankondigingen gaan uit om {time} ({zone})."},
    "zone_invalid": {
        EN: "“{value}” is not a time zone; pick one from the list, such as Europe/Amsterdam.",
        NL: "“{value}” is geen tijdzone; kies er een uit de lijst, zoals Europe/Amsterdam.",
    },
    "zone_set": {EN: "Time zone: {zone}.", NL: "Tijdzone: {zone}."},
    "role_everyone": {
        EN: "@everyone cannot be the announcement role; choose a role.",
        NL: "@everyone kan niet de aankondigingsrol zijn; kies een rol.",
    },
    "role_not_mentionable": {
        EN: "I may not mention {role}: make it mentionable, or give me Mention Everyone.",
        NL: "Ik mag {role} niet vermelden: maak de rol vermeldbaar, of geef me Iedereen vermelden.",
    },
    "role_set": {EN: "Announcements {scope} will ping {role}.", NL: "Aankondigingen {scope} vermelden {role}."},
    "role_cleared": {EN: "Announcements {scope} ping no role.", NL: "Aankondigingen {scope} vermelden geen rol."},
    "scope_all": {EN: "for every mission", NL: "voor alle missies"},
    "scope_one": {EN: "for {mission}", NL: "voor {mission}"},
    "unknown_mission": {
        EN: "No mission matches “{value}”; pick one from the list.",
        NL: "Geen missie gevonden voor “{value}”; kies er een uit de lijst.",
    },
    "mission_needed": {EN: "Choose a mission for this.", NL: "Kies hiervoor een missie."},
    "follow_all": {EN: "Following every mission.", NL: "Alle missies worden gevolgd."},
    "follow_some": {EN: "Following only: {missions}.", NL: "Alleen gevolgd: {missions}."},
    "follow_none": {
        EN: "Following no mission at the moment: add one, or follow all.",
        NL: "Er wordt nu geen missie gevolgd: voeg er een toe, of volg alle.",
    },
    "language_set": {EN: "Language here: {language}.", NL: "Taal hier: {language}."},
    "language_auto": {
        EN: "Answers follow each member's Discord language; announcements are in Dutch.",
        NL: "Antwoorden volgen de Discord-taal van elk lid; aankondigingen zijn in het Nederlands.",
    },
    "paused": {EN: "Announcements are paused.", NL: "Aankondigingen zijn gepauzeerd."},
    "resumed": {EN: "Announcements are on again.", NL: "Aankondigingen staan weer aan."},
    "no_channel": {
        EN: "No announcement channel yet: set one with /config channel.",
        NL: "Nog geen aankondigingskanaal: stel er een in met /config channel.",
    },
    "test_sent": {
        EN: "A sample announcement was posted in {channel}.",
        NL: "Er is een voorbeeld geplaatst in {channel}.",
    },
    "test_failed": {EN: "I could not post in {channel}: {problem}.", NL: "Ik kon niet posten in {channel}: {problem}."},
    "nothing_to_show": {EN: "There is no milestone to show yet.", NL: "Er is nog geen mijlpaal om te tonen."},
    "show_title": {EN: "deploybot settings", NL: "Instellingen van deploybot"},
    "preview_title": {EN: "Announcements in the next {days} days", NL: "Aankondigingen de komende {days} dagen"},
    "preview_none": {
        EN: "Nothing would be announced in the next {days} days.",
        NL: "De komende {days} dagen zou er niets worden aangekondigd.",
    },
    "days_range": {EN: "Choose between 1 and {limit} days.", NL: "Kies tussen 1 en {limit} dagen."},
    "f_channel": {EN: "Channel", NL: "Kanaal"},
    "f_when": {EN: "When", NL: "Wanneer"},
    "f_when_value": {
        EN: "{leads} days before, at {time} ({zone})",
        NL: "{leads} dagen vooraf, om {time} ({zone})",
    },
    "f_missions": {EN: "Missions", NL: "Missies"},
    "f_roles": {EN: "Role pings", NL: "Rolvermeldingen"},
    "f_language": {EN: "Language", NL: "Taal"},
    "f_health": {EN: "Health", NL: "Status"},
    "f_next": {EN: "Next announcements", NL: "Volgende aankondigingen"},
    "none": {EN: "none", NL: "geen"},
    "all": {EN: "all", NL: "alle"},
    "healthy": {EN: "Posting normally.", NL: "Alles werkt."},
    "paused_by_moderator": {
        EN: "Paused by a moderator (/config resume).",
        NL: "Gepauzeerd door een moderator (/config resume).",
    },
    "paused_by_bot": {
        EN: "Paused by the bot since {since}: {problem}. Fix it, then /config resume.",
        NL: "Gepauzeerd door de bot sinds {since}: {problem}. Los het op en gebruik /config resume.",
    },
    "language_auto_short": {
        EN: "each member's own; announcements in Dutch",
        NL: "die van elk lid; aankondigingen in het Nederlands",
    },
    "trouble": {
        EN: "Trouble since the last try, trying again shortly: {problem}",
        NL: "Probleem bij de laatste poging, wordt zo opnieuw geprobeerd: {problem}",
    },
    "unverified": {
        EN: "{when}: a post about {what} could not be checked after a restart ({problem}); "
        "it was not posted again, so that it is never posted twice.",
        NL: "{when}: een bericht over {what} kon na een herstart niet worden gecontroleerd ({problem}); "
        "het is niet opnieuw geplaatst, zodat het nooit dubbel komt.",
    },
    "failed": {
        EN: "{when}: Discord refused a post about {what} (error {code}: {problem}); the others went on.",
        NL: "{when}: Discord weigerde een bericht over {what} (fout {code}: {problem}); de andere gingen door.",
    },
    "nl": {EN: "Dutch", NL: "Nederlands"},
    "en": {EN: "English", NL: "Engels"},
}


def say(key: str, lang: Language, **values: object) -> str:
    return TEXT[key][lang].format(**values)


def local_time(when: datetime, zone: ZoneInfo, lang: Language) -> str:
    local = when.astimezone(zone)
    return f"{local.day} {MONTHS[lang][local.month - 1]} {local.year} {local:%H:%M}"


def planned_line(item: Planned, zone: ZoneInfo, lang: Language) -> str:
    description = item.message.embed.get("description", "").split("\n")[0]
    return f"• {local_time(item.at, zone, lang)} — {item.message.embed['title']}: {description}"


def settings_card(
    config: GuildConfig,
    zone: ZoneInfo,
    channel_name: str | None,
    role_names: dict[str, str],
    planned: Sequence[Planned],
    lang: Language,
    troubles: Sequence[str] = (),
) -> Embed:
    """``troubles``: lines already worded (see :func:`trouble_lines`) about posts that did not go as planned."""
    embed = EmbedBuilder(say("show_title", lang))
    embed.field(say("f_channel", lang), f"#{channel_name}" if channel_name else say("no_channel", lang))
    embed.field(
        say("f_when", lang),
        say("f_when_value", lang, leads=",".join(map(str, config.leads)), time=f"{config.post_time:%H:%M}", zone=zone),
    )
    missions = say("all", lang) if config.follow_all else (", ".join(sorted(config.missions)) or say("none", lang))
    embed.field(say("f_missions", lang), missions, inline=True)
    roles = [
        f"{say('all', lang) if mission == ALL_MISSIONS else mission}: {name}" for mission, name in role_names.items()
    ]
    embed.field(say("f_roles", lang), "\n".join(roles) or say("none", lang), inline=True)
    language = say(config.language.value, lang) if config.language else say("language_auto_short", lang)
    embed.field(say("f_language", lang), language, inline=True)
    if config.problem:
        since = local_time(config.problem_since, zone, lang) if config.problem_since else "?"
        health = say("paused_by_bot", lang, since=since, problem=config.problem)
    elif config.paused:
        health = say("paused_by_moderator", lang)
    else:
        health = say("healthy", lang) if not troubles else ""
    embed.field(say("f_health", lang), "\n".join([health, *troubles]).strip())
    lines = [planned_line(item, zone, lang) for item in planned[:5]]
    embed.field(say("f_next", lang), "\n".join(lines) or say("none", lang))
    return embed.build()


def preview_card(planned: Sequence[Planned], zone: ZoneInfo, days: int, lang: Language) -> Embed:
    lines = [planned_line(item, zone, lang) for item in planned]
    description = "\n".join(lines) if lines else say("preview_none", lang, days=days)
    return EmbedBuilder(say("preview_title", lang, days=days), description).build()


def trouble_lines(
    passing: str | None, entries: Sequence[Entry], names: dict[str, str], zone: ZoneInfo, lang: Language
) -> list[str]:
    """What went wrong lately: a passing trouble being retried, posts left unverified or refused for good."""
    lines = [say("trouble", lang, problem=passing)] if passing else []
    for entry in entries[:5]:
        what = names.get(entry.key.mission, entry.key.mission)
        when = local_time(entry.claimed_at, zone, lang)
        if entry.state is State.UNVERIFIED:
            lines.append(say("unverified", lang, when=when, what=what, problem=entry.detail or "?"))
        elif entry.state is State.FAILED:
            lines.append(say("failed", lang, when=when, what=what, code=entry.code or "?", problem=entry.detail or "?"))
    return lines
