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
}
