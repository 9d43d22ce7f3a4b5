"""Dutch numbers, in words and digits, and the personnel figures built from them.

"honderd tot honderdvijftig militairen" → 100–150; "zeventig tot honderddertig" → 70–130; "ruim 100" → more
than 100; "zo'n 90" → about 90; "maximaal 350" → a ceiling; "enkele tientallen" is no number at all.
Designators are not numbers: C-130, F-35, "13 Lichte Brigade", Zr.Ms. names are masked before reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
}  # fmt: skip
TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19,
}  # fmt: skip
TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
    "negentig": 90,
}  # fmt: skip


def _below_hundred(word: str) -> int | None:
    if word in UNITS:
        return UNITS[word]
    if word in TEENS:
        return TEENS[word]
    if word in TENS:
        return TENS[word]
    for unit, value in UNITS.items():  # vijfentwintig, tweeëntwintig
        for joint in ("en", "ën"):
            prefix = unit + joint
            if word.startswith(prefix) and word[len(prefix) :] in TENS:
                return value + TENS[word[len(prefix) :]]
    return None


def _below_thousand(word: str) -> int | None:
    if not word:
        return 0
    if "honderd" in word:
        head, _, tail = word.partition("honderd")
        hundreds = 1 if head == "" else _below_hundred(head)  # "vijftienhonderd" is 1500
        rest = _below_hundred(tail) if tail else 0
        if hundreds is None or rest is None or not 1 <= hundreds <= 99:
            return None
        return hundreds * 100 + rest
    return _below_hundred(word)


def word_to_number(word: str) -> int | None:
    """ "honderdvijftig" → 150, "tweeduizend" → 2000, "vijfentwintig" → 25; ``None`` for anything else."""
    word = word.lower().strip()
    if not word:
        return None
    if word.isdigit():
        return int(word)
    digits = word.replace(".", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", word):
        return int(digits)
    if "duizend" in word:
        head, _, tail = word.partition("duizend")
        thousands = 1 if head == "" else _below_thousand(head)
        rest = _below_thousand(tail)
        if thousands is None or rest is None:
            return None
        return thousands * 1000 + rest
    return _below_thousand(word)


# Designators and names that contain digits but are not quantities.
DESIGNATOR = re.compile(
    r"\b(?:[A-Z]{1,3}-\d{1,4}[A-Z]?|\d{1,3}\s+(?:Lichte|Luchtmobiele|Gemechaniseerde|Pantser)\s*[Bb]rigade"
    r"|Zr\.\s?Ms\.\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?|Hr\.\s?Ms\.\s+[A-Z][\w-]+)"
)


def mask_designators(text: str) -> str:
    """The text with designators blanked out (same length, so character spans stay true)."""
    return DESIGNATOR.sub(lambda m: "#" * len(m.group(0)), text)


# A compound names the same people: "luchtmachtmilitairen", "marinemensen", "F-35-technici" (masked "####-").
_NOUN_PREFIX = (
    r"(?:VN-|NAVO-|EU-|#+-|[a-zë]{3,}-|luchtmacht|landmacht|marine|beroeps|reserve|beveiligings|verbindings|"
    r"inlichtingen)"
)  # "genie-instructeurs" too
PERSONNEL_NOUNS = (
    rf"(?:{_NOUN_PREFIX}?(?:militairen|militair|man|manschappen|mannen|vrouwen|mensen|soldaten|mariniers|"
    r"personeelsleden|personen|koppen|grondpersoneel|troepen|bemanningsleden|opvarenden|instructeurs|trainers|adviseurs|"
    r"kwartiermakers|stafofficieren|officieren|waarnemers|specialisten|Nederlanders|vliegers|technici|juristen|"
    r"artsen|medici|verpleegkundigen|genisten|infanteristen|monteurs|analisten|experts|deskundigen|duikers|"
    r"piloten|marechaussees|beveiligers|logistici|commando's|collega's|tankbemanningen|crewleden|"
    r"militair(?:e)? waarnemers))"
)
_NUMBER_WORD = (
    r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
    r"zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|honderd|"
    r"duizend|en|ën)+"
)
_NUMBER = rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+|{_NUMBER_WORD})"
_ADJECTIVE = r"(?:[A-Z][a-zëé]+se|extra|eigen|militaire|nieuwe|andere)"  # "Nederlandse", "Luxemburgse", "extra"
RANGE = re.compile(
    rf"\b(?:(?P<between>tussen\s+(?:de\s+)?)(?P<low2>{_NUMBER})\s+en\s+(?P<high2>{_NUMBER})\s+|"
    rf"(?P<hedge>ruim|meer dan|zo'n|zo’n|ongeveer|circa|ca\.|rond de|bijna|maximaal|max\.|hooguit|tenminste|"
    rf"minstens)?\s*"
    rf"(?P<low>{_NUMBER})(?:(?:\s+(?:tot|à|a)\s+|\s*[-–]\s*)(?P<high>{_NUMBER}))?\s+)"
    rf"(?P<adjectives>(?:{_ADJECTIVE}\s+){{0,2}})(?P<noun>{PERSONNEL_NOUNS})\b",
    re.IGNORECASE,
)


# A part of a figure: "100 van de 270 militairen" (both are figures).
PART_OF = re.compile(
    rf"\b(?P<part>\d+|{_NUMBER_WORD})\s+van\s+de\s+(?:circa|ongeveer|zo'n|ruim)?\s*{_NUMBER}\s+"
    rf"(?:{_ADJECTIVE}\s+){{0,2}}{PERSONNEL_NOUNS}\b",
    re.IGNORECASE,
)
# A figure that changes: the one before has no noun of its own.
CHANGE = re.compile(
    rf"\bvan\s+(?P<hedge>circa|ongeveer|zo'n|ruim)?\s*(?P<before>{_NUMBER})\s+naar\s+"
    rf"(?:circa|ongeveer|zo'n|ruim)?\s*{_NUMBER}\s+(?:{_ADJECTIVE}\s+){{0,2}}{PERSONNEL_NOUNS}\b",
    re.IGNORECASE,
)

# The people named first, the figures after: "het aantal Nederlandse waarnemers is teruggebracht van twaalf naar
# acht", "het aantal militairen stijgt van 150 tot 200".
COUNT_CHANGE = re.compile(
    rf"\baantal\s+(?:{_ADJECTIVE}\s+){{0,2}}{PERSONNEL_NOUNS}\b[^.]*?\bvan\s+(?P<hedge>circa|ongeveer|zo'n|ruim)?\s*"
    rf"(?P<before>{_NUMBER})\s+(?:naar|tot)\s+(?P<hedge2>circa|ongeveer|zo'n|ruim)?\s*(?P<after>{_NUMBER})\b"
    rf"(?!\s+(?:{_ADJECTIVE}\s+){{0,2}}{PERSONNEL_NOUNS})",
    re.IGNORECASE,
)

# The people named first, the figure after, as it is and as it becomes: "het aantal Nederlandse waarnemers, dat nu
# nog twaalf bedraagt, stijgt tot vijftien".
AMOUNT_IS = re.compile(
    rf"\baantal\s+(?:{_ADJECTIVE}\s+){{0,2}}{PERSONNEL_NOUNS}\b[^.]*?\b(?P<n>{_NUMBER})\s+(?:bedraagt|bedroeg|is|telt)\b",
    re.IGNORECASE,
)
AMOUNT_BECOMES = re.compile(
    rf"\baantal\s+(?:{_ADJECTIVE}\s+){{0,2}}{PERSONNEL_NOUNS}\b[^.]*?\b(?:stijgt|daalt|groeit|gaat|wordt\s+\w+)\s+"
    rf"(?:\w+\s+)?(?:tot|naar)\s+(?P<hedge>circa|ongeveer|zo'n|ruim)?\s*(?P<n>{_NUMBER})\b"
    rf"(?!\s+(?:{_ADJECTIVE}\s+){{0,2}}{PERSONNEL_NOUNS})",
    re.IGNORECASE,
)

# A unit's size without its people's noun: "een detachement van circa 120.", "een team van twaalf, dat …",
# "Personeel: circa 90" in a letter's list.
GROUP_OF = re.compile(
    rf"(?:\b(?:detachement|team|contingent|eenheid|taakeenheid|compagnie|peloton|bemanning|crew|staf)\s+van|"
    rf"\b(?:personeel|omvang|personele omvang|aantal militairen|bemanning|crew|detachementsgrootte|sterkte)\s*:)\s+"
    rf"(?P<hedge>circa|ca\.|ongeveer|zo'n|ruim|maximaal|max\.|ten hoogste|hooguit)?\s*(?P<n>{_NUMBER})"
    rf"(?=\s*[.,;:()]|\s*$|\s+(?:dat|die|in|op|bij|naar|uit|voor|met|en|aan)\b)",
    re.IGNORECASE,
)


# A figure whose people were named just before: "twintig Nederlanders, van wie vijftien in het hoofdkwartier",
# "blijven er zo'n 270 over", "komen er twintig bij", "3 van hen vertrokken al".
ELLIPSIS = re.compile(
    rf"\b(?:(?:van wie|waarvan)\s+(?:er\s+)?(?P<hedge1>circa|ongeveer|zo'n|ruim)?\s*(?P<n1>{_NUMBER})|"
    rf"(?P<hedge2>circa|ongeveer|zo'n|ruim)?\s*(?P<n2>{_NUMBER})\s+(?:van hen|over|bij)\b|"
    rf"\b(?:tot|naar)\s+(?P<hedge3>circa|ongeveer|zo'n|ruim)?\s*(?P<n3>\d+|{_NUMBER_WORD})(?=\s*[.,;]|\s*$)|"
    # "zijn dat er tijdelijk 350", "Er zijn er op dit moment ongeveer 45."
    rf"\b(?:dat|het|er)\s+er\s+(?:\w+\s+){{0,4}}?(?P<hedge4>circa|ongeveer|zo'n|ruim)?\s*(?P<n4>\d+|{_NUMBER_WORD})"
    rf"(?=\s*[.,;]|\s*$)|"
    rf"\ber\s+\w+\s+er\s+(?:\w+\s+){{0,4}}?(?P<hedge5>circa|ongeveer|zo'n|ruim)?\s*(?P<n5>\d+|{_NUMBER_WORD})"
    rf"(?=\s*[.,;]|\s*$))",
    re.IGNORECASE,
)
# The figure after its people: "De Nederlandse VN-waarnemers van UNTSO, twaalf in getal, zijn …".
IN_NUMBER = re.compile(
    rf"\b{PERSONNEL_NOUNS}\b[^.;]{{0,40}}?,\s*(?P<n>{_NUMBER})\s+in\s+getal\b",
    re.IGNORECASE,
)


_SINCE = re.compile(r"\b(sinds|sedert|vanaf|in|per|tot|na|voor)\s+$", re.IGNORECASE)


# The answer to "Hoeveel Nederlanders zijn er?": "'Op dit moment tweehonderdzestig.'"
ANSWER = re.compile(
    rf"^\W*(?:(?:op\s+dit\s+moment|momenteel|nu|nog|in\s+totaal|precies)\s+)*"
    rf"(?P<hedge>circa|ongeveer|zo'n|ruim)?\s*(?P<n>\d+|{_NUMBER_WORD})(?=\s*[.,;!'’]|\s*$)",
    re.IGNORECASE,
)


def find_answer(text: str) -> list[Personnel]:
    """A bare figure that answers a question about how many people (see ANSWER)."""
    match = ANSWER.match(text)
    value = word_to_number(match.group("n")) if match else None
    if match is None or not value or value < 2 or 1900 <= value <= 2100:
        return []
    return [Personnel(value, value, "planned", bool(match.group("hedge")), match.span("n"))]


@dataclass(frozen=True, slots=True)
class Personnel:
    low: int
    high: int
    kind: str  # estimate, planned, ceiling, actual
    approximate: bool
    span: tuple[int, int]
    adjectives: str = ""  # the words between the number and the noun: "Nederlandse", "Luxemburgse"


def find_personnel(text: str) -> list[Personnel]:
    """Every personnel figure in ``text``, with its span; "tientallen" and friends are not figures."""
    masked = mask_designators(text)
    found = []
    for part in PART_OF.finditer(masked):  # "100 van de 270 militairen"
        value = word_to_number(part.group("part"))
        if value:
            found.append(Personnel(value, value, "planned", False, part.span("part")))
    for change in CHANGE.finditer(masked):  # "van circa 300 naar circa 200 militairen": both figures
        low = word_to_number(change.group("before"))
        if low:
            found.append(Personnel(low, low, "planned", bool(change.group("hedge")), change.span("before")))
    for count in COUNT_CHANGE.finditer(masked):  # "het aantal waarnemers … van twaalf naar acht": both
        for group, hedge in (("before", "hedge"), ("after", "hedge2")):
            value = word_to_number(count.group(group))
            if value and not 1900 <= value <= 2100:
                found.append(Personnel(value, value, "planned", bool(count.group(hedge)), count.span(group)))
    for pattern in (AMOUNT_IS, AMOUNT_BECOMES):  # "het aantal waarnemers, dat nu twaalf bedraagt, stijgt tot vijftien"
        for said in pattern.finditer(masked):
            value = word_to_number(said.group("n"))
            if value and value > 1 and not 1900 <= value <= 2100:
                found.append(Personnel(value, value, "planned", False, said.span("n")))
    for unit in GROUP_OF.finditer(masked):  # "een detachement van circa 120."
        value = word_to_number(unit.group("n"))
        if value and value > 1 and not 1900 <= value <= 2100:
            hedge = (unit.group("hedge") or "").lower()
            kind = "ceiling" if hedge in {"maximaal", "max.", "ten hoogste", "hooguit"} else "planned"
            start = unit.start("hedge") if hedge else unit.start("n")
            found.append(Personnel(value, value, kind, bool(hedge) and kind == "planned", (start, unit.end("n"))))
    for said in IN_NUMBER.finditer(masked):  # "de waarnemers, twaalf in getal"
        value = word_to_number(said.group("n"))
        if value and value > 1:
            found.append(Personnel(value, value, "planned", False, said.span("n")))
    for match in RANGE.finditer(masked):
        between = bool(match.group("between"))  # "tussen de 150 en 200 militairen"
        low_text = match.group("low2") if between else match.group("low")
        high_text = match.group("high2") if between else match.group("high")
        low = word_to_number(low_text)
        high = word_to_number(high_text) if high_text else low
        if low is None or high is None or low == 0 or low > high:
            continue
        if 1900 <= low <= 2100 and _SINCE.search(masked[: match.start("low2" if between else "low")]):
            continue  # "sinds 1956 militaire waarnemers" is a year
        hedge = (match.group("hedge") or "").lower()
        kind, approximate = "planned", False
        if hedge in {"maximaal", "max.", "hooguit"}:
            kind = "ceiling"
        elif hedge:
            approximate = True
        if between:
            start = match.start("between")
        else:
            start = match.start("hedge") if match.group("hedge") else match.start("low")
        adjectives = " ".join(match.group("adjectives").split()).lower()
        found.append(Personnel(low, high, kind, approximate, (start, match.end()), adjectives))
    return found


def find_elliptic(text: str) -> list[Personnel]:
    """Figures without their noun, to be read only where people were just counted (see ELLIPSIS)."""
    masked = mask_designators(text)
    found = []
    for match in ELLIPSIS.finditer(masked):
        which = next(g for g in ("n1", "n2", "n3", "n4", "n5") if match.group(g))
        number = match.group(which)
        value = word_to_number(number)
        if not value or value < 2 or 1900 <= value <= 2100:  # "tot eind 2026 bij het centrum" is a year
            continue
        hedge = match.group("hedge" + which[1:])
        found.append(Personnel(value, value, "planned", bool(hedge), match.span(which)))
    return found
