"""The two languages the bot speaks, and how a Discord locale maps onto them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Language(StrEnum):
    NL = "nl"
    EN = "en"

    @classmethod
    def from_locale(cls, locale: str | None) -> Language:
        """Dutch for a Dutch client (``nl``), English for every other locale."""
        return cls.NL if (locale or "").lower().startswith("nl") else cls.EN


@dataclass(frozen=True, slots=True)
class Localized:
    """A short text in both languages."""

    nl: str
    en: str

    def get(self, lang: Language) -> str:
        return self.nl if lang is Language.NL else self.en


# Dutch names and descriptions of the slash commands, keyed by the English text (or an explicit key).
COMMAND_TEXT_NL: dict[str, str] = {
    "mission": "missie",
    "Show a mission: place, troops, partners, dates and sources": (
        "Toon een missie: plaats, militairen, partners, data en bronnen"
    ),
    "name": "naam",
    "Mission name, place or alias": "Naam, plaats of bijnaam van de missie",
    "partners": "partners",
    "The partner nations and organisations of a mission": "De partnerlanden en -organisaties van een missie",
    "missions": "missies",
    "Every mission, grouped by status": "Alle missies, gegroepeerd naar status",
    "status": "status",
    "Only missions with this status": "Alleen missies met deze status",
    "planned": "gepland",
    "active": "actief",
    "ended": "beëindigd",
    "upcoming": "binnenkort",
    "Milestones ahead, across missions": "Komende mijlpalen van alle missies",
    "days": "dagen",
    "How many days ahead (default 90)": "Hoeveel dagen vooruit (standaard 90)",
    "timeline": "tijdlijn",
    "A mission's milestones in order, with certainty and source": (
        "De mijlpalen van een missie op volgorde, met zekerheid en bron"
    ),
    "help": "help",
    "What this bot can do": "Wat deze bot kan",
    "about": "over",
    "Version and the sources of the facts": "Versie en de bronnen van de feiten",
    "config": "config",
    "Announcement settings for this server": "Instellingen voor aankondigingen in deze server",
    "channel": "kanaal",
    "The channel announcements go to": "Het kanaal voor aankondigingen",
    "A text channel the bot can post in": "Een tekstkanaal waarin de bot mag posten",
    "leads": "vooraf",
    "Days before each date to announce, such as 30,7,1,0": "Dagen voor elke datum om aan te kondigen, zoals 30,7,1,0",
    "Up to six whole numbers from 0 to 365, separated by commas": (
        "Hooguit zes gehele getallen van 0 tot 365, met komma's"
    ),
    "time": "tijd",
    "The local time of day to post, such as 09:00": "Het tijdstip om te posten, zoals 09:00",
    "at": "om",
    "HH:MM in the server's time zone": "UU:MM in de tijdzone van de server",
    "timezone": "tijdzone",
    "The server's time zone, such as Europe/Amsterdam": "De tijdzone van de server, zoals Europe/Amsterdam",
    "zone": "zone",
    "An IANA time zone": "Een IANA-tijdzone",
    "role": "rol",
    "A role to ping with announcements; leave out to stop": (
        "Een rol om te vermelden bij aankondigingen; leeg om te stoppen"
    ),
    "The role to ping (leave out to stop pinging)": "De rol om te vermelden (leeg om te stoppen)",
    "Only for this mission": "Alleen voor deze missie",
    "Follow every mission, or only chosen ones": "Volg alle missies, of alleen gekozen missies",
    "action": "actie",
    "all, add or remove": "alle, toevoegen of verwijderen",
    "The mission to add or remove": "De missie om toe te voegen of te verwijderen",
    "all missions": "alle missies",
    "add a mission": "missie toevoegen",
    "remove a mission": "missie verwijderen",
    "language": "taal",
    "The language of answers and announcements here": "De taal van antwoorden en aankondigingen hier",
    "Dutch, English, or each member's own": "Nederlands, Engels, of die van elk lid",
    "Dutch": "Nederlands",
    "English": "Engels",
    "each member's own": "die van elk lid",
    "pause": "pauze",
    "Stop announcements until resumed": "Stop aankondigingen tot je ze hervat",
    "resume": "hervat",
    "Start announcements again": "Start aankondigingen opnieuw",
    "show": "toon",
    "The settings, the next announcements and their health": (
        "De instellingen, de volgende aankondigingen en hun status"
    ),
    "preview": "voorbeeld",
    "What would be announced in the next days": "Wat de komende dagen zou worden aangekondigd",
    "How many days ahead (default 30)": "Hoeveel dagen vooruit (standaard 30)",
    "test": "test",
    "Post a sample announcement in the channel now": "Plaats nu een voorbeeldaankondiging in het kanaal",
    "owner": "eigenaar",
    "For the bot's owners": "Voor de eigenaren van de bot",
    "reload": "herlaad",
    "Load data/ into the database and use it at once": "Laad data/ in de database en gebruik het meteen",
    "sync": "sync",
    "Register the slash commands with Discord": "Registreer de slash-commando's bij Discord",
}
