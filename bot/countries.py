"""ISO 3166-1 alpha-2 countries: validation, names in both languages, and flags."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from bot.i18n import Language


def is_country(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code in upper case, such as ``NL``."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


@cache
def _dutch() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


@cache
def country_name(code: str, lang: Language) -> str:
    """The country's everyday name: "Noorwegen" / "Norway"; the code itself if unknown."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    if lang is Language.EN:
        return str(english)
    return _dutch().gettext(country.name)


def flag(code: str) -> str:
    """The flag emoji, built from regional indicator symbols."""
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code.upper())
