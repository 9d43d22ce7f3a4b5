"""Names the ingester recognises in Dutch text: countries, organisations, equipment, places and missions."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Dutch country names and adjectives → ISO 3166 alpha-2.
COUNTRIES: dict[str, str] = {
    "nederland": "NL", "nederlandse": "NL", "verenigde staten": "US", "amerika": "US", "amerikaanse": "US",
    "irak": "IQ", "iraakse": "IQ", "noorwegen": "NO", "noorse": "NO", "denemarken": "DK", "deense": "DK",
    "portugal": "PT", "portugese": "PT", "duitsland": "DE", "duitse": "DE", "belgië": "BE", "belgische": "BE",
    "frankrijk": "FR", "franse": "FR", "estland": "EE", "estse": "EE", "estische": "EE", "litouwen": "LT",
    "litouwse": "LT", "letland": "LV", "letse": "LV", "polen": "PL", "poolse": "PL", "mali": "ML",
    "malinese": "ML", "afghanistan": "AF", "afghaanse": "AF", "verenigd koninkrijk": "GB", "britse": "GB",
    "canada": "CA", "canadese": "CA", "spanje": "ES", "spaanse": "ES", "italië": "IT", "italiaanse": "IT",
    "roemenië": "RO", "roemeense": "RO", "turkije": "TR", "turkse": "TR", "jordanië": "JO", "jordaanse": "JO",
    "syrië": "SY", "syrische": "SY", "niger": "NE", "bosnië": "BA", "zweden": "SE", "zweedse": "SE",
    "finland": "FI", "finse": "FI", "luxemburg": "LU", "luxemburgse": "LU", "koeweit": "KW", "libanon": "LB",
    "libanese": "LB", "israël": "IL", "oekraïne": "UA", "oekraïense": "UA", "slowakije": "SK",
    "slowaakse": "SK", "hongarije": "HU", "tsjechië": "CZ", "griekenland": "GR", "griekse": "GR",
}  # fmt: skip

ORGANISATIONS: dict[str, str] = {
    "vn": "un", "verenigde naties": "un", "navo": "nato", "nato": "nato", "eu": "eu", "europese unie": "eu",
    "coalitie tegen is": "coalition", "coalitie tegen islamitische staat": "coalition",
    "internationale coalitie": "coalition", "anti-is-coalitie": "coalition",
}  # fmt: skip

# Equipment: a pattern → the name a data file uses.
EQUIPMENT: list[tuple[str, str]] = [
    (r"C-130(?:\s+Hercules)?(?:[-\s]transportvliegtuig(?:en)?)?", "C-130 Hercules"),
    (r"F-35(?:'s)?", "F-35"),
    (r"F-16(?:'s)?", "F-16"),
    (r"Patriot(?:-systemen|-systeem|s)?", "Patriot"),
    (r"NASAMS", "NASAMS"),
    (r"Chinook(?:s|-helikopters?)?", "CH-47 Chinook"),
    (r"Apache(?:s|-helikopters?)?", "AH-64 Apache"),
    (r"Reaper(?:s)?", "MQ-9 Reaper"),
    (r"fregat(?:ten)?", "frigate"),
    (r"mijnenjager(?:s)?", "minehunter"),
    (r"helikopter(?:s)?", "helicopter"),
    (r"pantserhouwitser(?:s)?", "PzH 2000"),
    (r"CV90(?:'s)?", "CV90"),
]

PLACES = ["Erbil", "Bamako", "Gao", "Rukla", "Kaboel", "Mazar-e-Sharif", "Bagdad", "Amman", "Koeweit", "Sarajevo",
          "Naqoura", "Al Asad", "Vilnius", "Kandahar", "Djibouti"]  # fmt: skip
MISSION_NAMES = ["MINUSMA", "eFP", "enhanced Forward Presence", "Resolute Support", "EUFOR Althea", "UNIFIL", "UNDOF",
                 "Atalanta", "CBMI", "Inherent Resolve", "UNTSO", "EUTM"]  # fmt: skip

_NUMBER_WORDS = r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|\d+)"


@dataclass(frozen=True, slots=True)
class Found:
    value: str
    span: tuple[int, int]


def _pattern(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])", re.IGNORECASE)


_COUNTRY = _pattern(list(COUNTRIES))
_ORGANISATION = _pattern(list(ORGANISATIONS))
_PLACE = _pattern(PLACES)
_MISSION = _pattern(MISSION_NAMES)


def countries(text: str) -> list[Found]:
    return [Found(COUNTRIES[m.group(1).lower()], m.span()) for m in _COUNTRY.finditer(text)]


def organisations(text: str) -> list[Found]:
    found = []
    for m in _ORGANISATION.finditer(text):
        word = m.group(1)
        if word.lower() in {"vn", "eu", "navo", "nato"} and not word.isupper():
            continue  # "eu" inside prose is not the EU
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
    from bot.ingest.numbers import word_to_number

    found: list[FoundEquipment] = []
    taken: list[tuple[int, int]] = []
    for pattern, name in EQUIPMENT:
        for m in re.finditer(rf"(?:(?P<count>{_NUMBER_WORDS})\s+)?(?P<what>{pattern})(?![\w-])", text, re.I):
            span = (m.start("what"), m.end())
            if any(not (span[1] <= a or span[0] >= b) for a, b in taken):
                continue
            count = word_to_number(m.group("count")) if m.group("count") else 1
            taken.append(span)
            found.append(FoundEquipment(name, count or 1, (m.start(), m.end())))
    return sorted(found, key=lambda f: f.span)
