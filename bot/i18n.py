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
