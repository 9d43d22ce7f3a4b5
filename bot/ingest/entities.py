"""Finding the names of bot/ingest/names.py in a sentence: countries, organisations, equipment with its count,
places and missions, each with its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.names import (
    ACRONYMS,
    COUNTRIES,
    COUNTRY_ACRONYMS,
    COUNTRY_NAMES,
    EQUIPMENT,
    MISSION_NAMES,
    ORGANISATIONS,
    PLACES,
    SHIP_NAMES,
)
from bot.ingest.numbers import word_to_number

# A count before equipment: "twee F-35's", "achttien Leopard 2-tanks", "18 CV90's".
_NUMBER_WORDS = (
    r"(?<![\w-])(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    r"zestien|zeventien|achttien|negentien|twintig|\d+)"
)


@dataclass(frozen=True, slots=True)
class Found:
    value: str
    span: tuple[int, int]


def _pattern(words: list[str], before: str = r"(?<![\w-])", after: str = r"(?![\w-])") -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(before + "(" + "|".join(re.escape(w) for w in ordered) + ")" + after, re.IGNORECASE)


# Countries also inside compounds: "Duits-Nederlandse", "Nederlands-Duitse", "Zuid-Libanon".
_COUNTRY = _pattern(list(COUNTRIES), r"(?<!\w)", r"(?!\w)")
# Organisations also as the first part of a compound: "NAVO-missie", "VN-waarnemers", "EU-operatie".
_ORGANISATION = _pattern(list(ORGANISATIONS), r"(?<![\w-])", r"(?!\w)")
_PLACE = _pattern(PLACES)
_MISSION = _pattern(MISSION_NAMES)


def countries(text: str) -> list[Found]:
    return [
        Found(COUNTRIES[m.group(1).lower()], m.span())
        for m in _COUNTRY.finditer(text)
        if m.group(1).lower() not in COUNTRY_ACRONYMS or m.group(1).isupper()
    ]


def is_country_name(word: str) -> bool:
    """ "Duitsland" is a name (a place or an actor); "Duitse" an adjective (whose troops, ships, people)."""
    return word.lower() in COUNTRY_NAMES


def organisations(text: str) -> list[Found]:
    found = []
    for m in _ORGANISATION.finditer(text):
        word = m.group(1)
        if word.lower() in ACRONYMS and not word.isupper():
            continue
        found.append(Found(ORGANISATIONS[word.lower()], m.span()))
    return found


def places(text: str) -> list[Found]:
    return [Found(m.group(1), m.span()) for m in _PLACE.finditer(text)]


def mission_names(text: str) -> list[Found]:
    return [Found(m.group(1), m.span()) for m in _MISSION.finditer(text)]


@dataclass(frozen=True, slots=True)
class FoundEquipment:
    name: str
    count: int
    span: tuple[int, int]


def equipment(text: str) -> list[FoundEquipment]:
    """Equipment with its count: "een C-130 transportvliegtuig" → 1× C-130 Hercules, "twee F-35's" → 2× F-35."""
    found: list[FoundEquipment] = []
    taken: list[tuple[int, int]] = []
    for pattern, name in EQUIPMENT:
        for m in re.finditer(
            rf"(?:(?<![\w-])(?P<count>{_NUMBER_WORDS})\s+)?(?P<what>{pattern})(?:-[a-zë]+)?(?![\w-])", text, re.I
        ):
            span = (m.start("what"), m.end())
            if any(not (span[1] <= a or span[0] >= b) for a, b in taken):
                continue
            count = word_to_number(m.group("count")) if m.group("count") else 1
            taken.append(span)
            found.append(FoundEquipment(name, count or 1, (m.start(), m.end())))
    found.sort(key=lambda f: f.span)
    # "het fregat Zr.Ms. Tromp", "de mijnenjagers Zr.Ms. Vlaardingen en Zr.Ms. Schiedam": one piece of kit, named
    return [
        f for i, f in enumerate(found)
        if not (i and f.name in SHIP_NAMES and found[i - 1].name == f.name
                and re.fullmatch(r"[\s,]*(?:en\s+)?", text[found[i - 1].span[1] : f.span[0]]))
    ]  # fmt: skip
