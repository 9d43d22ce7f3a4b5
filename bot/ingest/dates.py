"""Dutch date expressions, resolved against the publication date and the tense of their sentence.

dateparser does not read "volgend jaar november", "eind januari" or "dit voorjaar"; this small resolver does,
and keeps every date as precise as the words are: "in januari" is a month, never the first of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.dates import Duration, DurationUnit, FuzzyDate, Precision, Qualifier, Season
from bot.ingest.numbers import word_to_number


class Tense(StrEnum):
    PAST = "past"
    FUTURE = "future"
    NONE = "none"  # a clause without a verb ("Rotatie 1 april", "aflossing medio november"): the nearest date


MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
WEEKDAYS = {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6}
SEASONS = {"voorjaar": Season.SPRING, "lente": Season.SPRING, "zomer": Season.SUMMER, "najaar": Season.AUTUMN,
           "herfst": Season.AUTUMN, "winter": Season.WINTER}  # fmt: skip
QUALIFIERS = {"begin": Qualifier.EARLY, "eind": Qualifier.LATE, "eind-": Qualifier.LATE, "medio": Qualifier.MID,
              "half": Qualifier.MID, "midden": Qualifier.MID, "halverwege": Qualifier.MID}  # fmt: skip
HALVES = {"eerste": Qualifier.FIRST_HALF, "tweede": Qualifier.SECOND_HALF}

_PAST = re.compile(
    r"\b(heeft|hebben|had|hadden|was|waren|werd|werden|besloot|besloten|keerde|keerden|nam|namen|maakte|maakten|"
    r"kreeg|kregen|landde|landden|arriveerde|arriveerden|vertrok|vertrokken|droeg|droegen|trainden|trainde|"
    r"stond|stonden|ging|gingen|afgelopen|vorig|vorige|sinds|begon|begonnen|sloot|sloten|voer|verliet|verlieten|"
    r"kwam|kwamen|vroeg|vroegen|bracht|brachten|stemde|stemden|voegde|voegden|verlengde|verlengden|eindigde|"
    r"eindigden|trok|trokken|leverde|leverden|oefende|oefenden|gisteren|eergisteren|opende|startte|startten|"
    r"loste|losten|voerde|voerden|hield|hielden|zag|zagen|gaf|gaven|liet|lieten|zette|werkte|werkten|"
    r"patrouilleerde|patrouilleerden|onderschepte|onderschepten|rondde|rondden|bezocht|raakte|raakten|deed|"
    r"deden|hielp|hielpen|vloog|vlogen|meldde|meldden|verving|vervingen|studeerde|studeerden|vond|vonden)\b",
    re.IGNORECASE,
)
# Participles are past unless a passive or future auxiliary makes them a plan ("worden afgelost").
_PARTICIPLE = re.compile(r"\b(overgedragen|afgelost|aangekomen|teruggekeerd|hervat|opgericht|gestart)\b", re.I)
_PLAN = re.compile(r"\b(wordt|worden|zal|zullen)\b", re.I)
# "zijn op 28 maart beëindigd", "is zaterdag vertrokken": a perfect is the past.
_PERFECT = re.compile(
    r"\b(is|zijn)\b[^,;]*\b(?:(?:aan|op|uit|in|af|toe|terug|over|mee|door|bij)ge\w+(?:d|t|en)|"
    r"(?:be|ver|ont|her)\w+(?:d|t)|vervangen|vertrokken|verlaten|ge(?:start|land|arriveerd|stationeerd|plaatst|"
    r"stuurd|vlogen|varen|gaan|"
    r"komen|opend|sloten|eindigd))\b",
    re.I,
)
# Present-tense verbs: a clause with one of them speaks of now or later ("… en krijgt in juni versterking").
_PRESENT = re.compile(
    r"\b(krijgt|krijgen|keert|keren|komt|komen|gaat|gaan|blijft|blijven|staat|staan|neemt|nemen|vertrekt|"
    r"vertrekken|loopt|lopen|duurt|levert|leveren|zet|zetten|volgt|volgen|wordt|worden|stuurt|sturen|vaart|varen|"
    r"vliegt|vliegen|werkt|werken|patrouilleert|patrouilleren|bewaakt|bewaken)\b",
    re.I,
)
# A date after a decision is the plan decided on: "heeft op 23 februari besloten het fregat vanaf maart in te
# zetten", "besloot vorige maand dat Nederland in mei … beschikbaar stelt".
# A request or an intention looks ahead the same way: "hebben gevraagd de beveiliging tot 1 oktober voort te zetten".
_DECIDED = re.compile(
    r"\b(besloten|besloot|beslist|besluit|ingestemd|stemde\s+\w+\s+in|gevraagd|verzocht|verzoekt|voornemens|"
    r"verlengd|verlengt|verlengde)\b"
    r"\s+\S+\s+\S+",
    re.I,
)
# … and "een verzoek van de Verenigde Staten van eind mei": the request's own day.
_DECISION_OF = re.compile(
    r"\b(besluit|beslissing)\b[^.]{0,60}\b(van|op)\s+(\w+dag\s+)?$"
    r"|\bverzoek\s+(van\s+(de\s+)?(?-i:[A-Z])[\w-]*(\s+(?-i:[A-Z])[\w-]*)*\s+)?van\s+$",
    re.I,
)
_FUTURE = re.compile(
    r"\b(zal|zullen|gaat|gaan|volgend|volgende|komend|komende|naar verwachting|waarschijnlijk)\b", re.I
)


def tense_of(sentence: str) -> Tense:
    """Past when the sentence speaks of what happened; future (plans, the present) otherwise."""
    past, future = len(_PAST.findall(sentence)), len(_FUTURE.findall(sentence))
    if not _PLAN.search(sentence):
        past += len(_PARTICIPLE.findall(sentence)) + len(_PERFECT.findall(sentence))
    return Tense.PAST if past > future else Tense.FUTURE


@dataclass(frozen=True, slots=True)
class FoundDate:
    when: FuzzyDate
    span: tuple[int, int]
    until: bool = False  # "tot en met …": the end of a period
    guessed: bool = False  # a month or day whose year the words do not say
    dated: bool = False  # a date whose year the words say ("juni 2023")


@dataclass(frozen=True, slots=True)
class FoundDuration:
    duration: Duration
    span: tuple[int, int]


def _month_year(month: int, year: int | None, published: date, tense: Tense) -> int:
    """The year of a month named without one: before publication in a past sentence, after it otherwise."""
    if year is not None:
        return year
    if tense is Tense.NONE:  # the nearest such month: within half a year either way
        ahead = (month - published.month) % 12
        return (
            published.year + (1 if published.month + ahead > 12 else 0)
            if ahead <= 6
            else (published.year - (1 if month > published.month else 0))
        )
    if tense is Tense.PAST:
        return published.year if month <= published.month else published.year - 1
    return published.year if month >= published.month else published.year + 1


_MONTH_NAMES = "|".join(MONTHS)
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
_DAYPART = r"(?:ochtend|middag|avond|nacht)?"  # "dinsdagmiddag", "zaterdagochtend": the day itself
_SEASON_NAMES = "|".join(SEASONS)
_YEAR_WORDS = r"(?:volgend|komend|vorig|dit|afgelopen)\s+jaar"
_UNTIL = r"(?P<until>\btot\s+en\s+met\s+|\bt/m\s+|\btot\s+)?"  # "tot en met 15 mei", "tot eind 2025"
_QUAL = r"(?:(?P<qual>begin|eind|medio|half|midden|halverwege)\s+)?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("today", re.compile(r"\b(?P<word>vandaag|gisteren|eergisteren)\b", re.I)),
    ("numeric", re.compile(rf"{_UNTIL}\b(?P<day>\d{{1,2}})[-/](?P<month>\d{{1,2}})[-/](?P<year>20\d\d)\b", re.I)),
    # "Sinds 29-09", "Overdracht: 14-11": a day and month in digits, the year left to the tense
    (
        "daymonth",
        re.compile(
            rf"{_UNTIL}(?<![\d/-])\b(?P<day>\d{{1,2}})[-/](?P<month>\d{{2}})\b(?![-/]?\d)"
            r"(?!\s*(?:dagen|weken|maanden|jaar|uur|keer|procent|%))",
            re.I,
        ),
    ),
    ("recently", re.compile(r"\bsinds\s+kort\b", re.I)),
    (
        "lastweek",
        re.compile(
            rf"\b(?:(?P<which>vorige|volgende|komende)\s+week\s+(?P<weekday>{_WEEKDAY_NAMES}){_DAYPART}|"
            rf"(?P<weekday2>{_WEEKDAY_NAMES}){_DAYPART}\s+(?P<which2>vorige|volgende|komende)\s+week)\b",
            re.I,
        ),
    ),
    (
        "day",
        re.compile(
            rf"{_UNTIL}(?:(?:op\s+)?(?:{_WEEKDAY_NAMES}){_DAYPART}\s+)?\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})"
            rf"(?:\s+(?P<year>\d{{4}}))?\b",
            re.I,
        ),
    ),
    # "op 3 en 17 maart", "van 3 tot en met 9 juni": a day whose month the day after it says
    (
        "coday",
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?=(?:\s*,\s*|\s+(?:en|of|tot\s+en\s+met|t/m|tot)\s+|\s*[-–]\s*)"
            rf"(?:\d{{1,2}}(?:\s*,\s*|\s+en\s+))*\d{{1,2}}\s+(?P<month>{_MONTH_NAMES})(?:\s+(?P<year>\d{{4}}))?\b)",
            re.I,
        ),
    ),
    (
        "half",
        re.compile(
            rf"{_UNTIL}\b(?:de\s+)?(?P<half>eerste|tweede)\s+helft\s+van\s+(?P<month>{_MONTH_NAMES})"
            rf"(?:\s+(?P<year>\d{{4}}|{_YEAR_WORDS}))?\b",
            re.I,
        ),
    ),
    (
        "halfyear",
        re.compile(
            rf"{_UNTIL}\b(?:de\s+|het\s+)?(?P<half>eerste|tweede)\s+(?:helft|halfjaar)\s+van\s+"
            rf"(?P<year>\d{{4}}|{_YEAR_WORDS})\b",
            re.I,
        ),
    ),
    (
        "relmonth",
        re.compile(rf"{_UNTIL}\b{_QUAL}(?P<rel>vorige|afgelopen|deze|volgende|komende)\s+maand\b", re.I),
    ),
    (
        "month",
        re.compile(
            rf"{_UNTIL}\b{_QUAL}(?:(?P<rel_before>{_YEAR_WORDS})\s+(?:in\s+)?)?"
            rf"(?P<month>{_MONTH_NAMES})(?:\s+(?P<year>\d{{4}}|{_YEAR_WORDS}))?\b",
            re.I,
        ),
    ),
    (  # "Vertrek: najaar 2025", "in het voorjaar 2026"
        "seasonyear",
        re.compile(
            rf"{_UNTIL}\b(?:(?:in|sinds|vanaf)\s+(?:het|de)\s+)?(?P<season>{_SEASON_NAMES})\s+(?P<year>20\d\d)\b", re.I
        ),
    ),
    (
        "season",
        re.compile(
            rf"(?P<until>\btot\s+(?:en\s+met\s+)?(?:in\s+)?(?:het|de)\s+)?"
            rf"(?(until)|\b(?:(?P<rel>dit|deze|afgelopen|vorig|vorige|volgend|komend|komende)|in\s+het|in\s+de|"
            rf"sinds\s+het|sinds\s+de|vanaf\s+het|vanaf\s+de)\s+)"
            rf"(?P<season>{_SEASON_NAMES})(?:\s+van\s+(?P<year>\d{{4}}))?\b",
            re.I,
        ),
    ),
    # "tot het einde van dit jaar", "tot het eind van het jaar": late in the year of publication
    ("yearend", re.compile(r"(?P<until>\btot\s+)?\b(?:het\s+)?einde?\s+van\s+(?:het|dit)\s+jaar\b", re.I)),
    ("relyear", re.compile(rf"{_UNTIL}\b{_QUAL}(?P<rel>{_YEAR_WORDS})\b", re.I)),
    ("in", re.compile(r"\bover\s+(?P<amount>\w+)\s+(?P<unit>dagen|dag|weken|week|maanden|maand|jaar)\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<weekday>{_WEEKDAY_NAMES}){_DAYPART}\b", re.I)),
    ("year", re.compile(rf"{_UNTIL}\b(?:in\s+)?{_QUAL}(?P<year>20\d{{2}})\b(?!-\d)", re.I)),
]
# After a month or day without a year: the year of the date it is coordinated with ("februari en maart 2022").
_SHARED_YEAR = re.compile(
    rf"^\s*(?:en|of|tot(?:\s+en\s+met)?|t/m|[-–,])\s*(?:(?:begin|eind|medio|half)\s+)?(?:\d{{1,2}}\s+)?"
    rf"(?:{_MONTH_NAMES})\s+(?P<year>\d{{4}}|{_YEAR_WORDS})\b",
    re.I,
)


def _in_sequence(found: list[FoundDate]) -> list[FoundDate]:
    """ "Van januari tot en met juni 2023 …, daarna van juli tot en met december": a month said without its year
    after a date that has one comes after it."""
    result: list[FoundDate] = []
    anchor: FuzzyDate | None = None
    for f in found:
        when = f.when
        if f.guessed and anchor is not None and when.first < anchor.first:
            for year in (anchor.year, anchor.year + 1):
                moved = FuzzyDate(year, when.precision, when.month, when.day, when.qualifier, when.season)
                if moved.first >= anchor.first:
                    when = moved
                    break
            f = FoundDate(when, f.span, f.until, f.guessed, f.dated)
        if f.dated:
            anchor = when
        result.append(f)
    return result


def _clause_tense(sentence: str, span: tuple[int, int], tense: Tense, until: bool = False) -> Tense:
    """The tense of the clause around a date: "De F-35's die vorig jaar vertrokken, keren half februari terug"."""
    if re.search(r"\bsinds\s+$", sentence[: span[0]], re.IGNORECASE):
        return Tense.PAST  # "… te verlengen, waar het schip sinds februari vaart": since is always before
    if _DECISION_OF.search(sentence[: span[0]]):
        return Tense.PAST  # "het besluit, genomen in de ministerraad van vrijdag 28 februari": the decision's day
    decided = _DECIDED.search(sentence)
    if decided and decided.end(1) <= span[0]:
        return Tense.FUTURE
    marks = [",", ";", ":", " en "]
    start = max(sentence.rfind(mark, 0, span[0]) for mark in marks)
    ends = [i for i in (sentence.find(mark, span[1]) for mark in marks) if i >= 0]
    clause = sentence[start + 1 : min(ends) if ends else len(sentence)]
    if _verbless(sentence):
        return Tense.NONE
    if start >= 0 and sentence[start] != ";" and _verbless(clause):  # ", ten minste tot het einde van het mandaat …"
        before = sentence[max(sentence.rfind(mark, 0, start) for mark in marks) + 1 : start]
        if _PAST.search(before) or _FUTURE.search(before):
            return tense_of(before)
        if _PRESENT.search(before) or until:  # ", zo meldt het ministerie, tot eind juli": an end still to come
            return Tense.FUTURE
    if clause.strip() == sentence.strip():
        return tense
    if _PAST.search(clause) or _FUTURE.search(clause):
        return tense_of(clause)
    if _PRESENT.search(clause):
        return Tense.FUTURE
    return Tense.NONE if _verbless(clause) and ";" in sentence else tense


_TENSED = (_PAST, _FUTURE, _PRESENT, _PARTICIPLE, _PERFECT, _PLAN)


def _verbless(words: str) -> bool:
    """A note without any verb the tense rules know: "Rotatie 1 april.", "Overdracht compagnie: 14-11"."""
    return not any(pattern.search(words) for pattern in _TENSED) and not re.search(
        r"\b(is|zijn|heeft|hebben|wil|willen|moet|moeten|kan|kunnen)\b", words, re.I
    )


def _relative_year(words: str, published: date) -> int:
    word = words.split()[0].lower()
    if word in {"volgend", "komend"}:
        return published.year + 1
    if word in {"vorig", "afgelopen"}:
        return published.year - 1
    return published.year


def find_dates(
    sentence: str, published: date, tense: Tense | None = None, year_hint: int | None = None
) -> list[FoundDate]:
    """Every date in ``sentence`` (spans relative to it), each as precise as its words. ``year_hint`` is a year
    the paragraph named before ("In 2026 … Het eerste detachement gaat in het voorjaar")."""
    tense = tense or tense_of(sentence)
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for name, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            span = (m.start(), m.end())
            if not free(span):
                continue
            said = _clause_tense(sentence, span, tense, bool(m.groupdict().get("until")))
            if said is Tense.NONE and (m.groupdict().get("until") or sentence.startswith("|")):
                said = Tense.FUTURE  # "Mandaat tot en met 31 december.", a table of operations: still to come
            result = _resolve(name, m, published, said, sentence, year_hint)
            if result is None:
                if name == "day":
                    taken.append(span)  # "31 februari" is no date, and not "februari" either
                continue
            taken.append(span)
            groups = m.groupdict()
            guessed = name in {"day", "coday", "daymonth", "half", "month"} and not (
                groups.get("year") or groups.get("rel_before")
            )
            dated = bool(groups.get("year"))
            found.append(FoundDate(result, span, until=bool(groups.get("until")), guessed=guessed, dated=dated))
    found = _in_sequence(sorted(found, key=lambda f: f.span))
    # "Dit jaar gaan … van 6 februari tot en met 20 maart": the year says nothing the days do not.
    precise = [f.when for f in found if f.when.precision is not Precision.YEAR]
    found = [
        f for f in found
        if f.when.precision is not Precision.YEAR or f.until or not any(p.year == f.when.year for p in precise)
    ]  # fmt: skip
    return sorted(found, key=lambda f: f.span)


def _resolve(
    name: str, m: re.Match[str], published: date, tense: Tense, sentence: str = "", year_hint: int | None = None
) -> FuzzyDate | None:
    groups = m.groupdict()
    if name == "today":
        back = {"vandaag": 0, "gisteren": 1, "eergisteren": 2}[groups["word"].lower()]
        day = published - timedelta(days=back)
        return FuzzyDate(day.year, Precision.DAY, day.month, day.day)
    if name == "numeric":
        try:
            day = date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        except ValueError:
            return None
        return FuzzyDate(day.year, Precision.DAY, day.month, day.day)
    if name == "daymonth":
        numbers = int(groups["month"]), int(groups["day"])
        if not 1 <= numbers[0] <= 12:
            return None
        in_year = _month_year(numbers[0], None, published, tense)
        try:
            return FuzzyDate(in_year, Precision.DAY, numbers[0], date(in_year, *numbers).day)
        except ValueError:
            return None
    if name == "recently":
        return FuzzyDate(published.year, Precision.MONTH, published.month)
    if name == "lastweek":
        weekday = WEEKDAYS[(groups["weekday"] or groups["weekday2"]).lower()]
        ahead = (groups["which"] or groups["which2"]).lower() != "vorige"  # "volgende week vrijdag"
        monday = published - timedelta(days=published.weekday()) + timedelta(days=7 if ahead else -7)
        day = monday + timedelta(days=weekday)
        return FuzzyDate(day.year, Precision.DAY, day.month, day.day)
    if name == "halfyear":
        said = groups["year"]
        whole = int(said) if said.isdigit() else _relative_year(said, published)
        return FuzzyDate(whole, Precision.YEAR, qualifier=HALVES[groups["half"].lower()])
    if name == "relmonth":
        shift = {"vorige": -1, "afgelopen": -1, "deze": 0, "volgende": 1, "komende": 1}[groups["rel"].lower()]
        index = published.year * 12 + published.month - 1 + shift
        qualifier = QUALIFIERS.get((groups.get("qual") or "").lower())
        return FuzzyDate(index // 12, Precision.MONTH, index % 12 + 1, qualifier=qualifier)
    if name in {"day", "coday", "half", "month"}:
        month = MONTHS[groups["month"].lower()]
        year_text = groups.get("year") or groups.get("rel_before")
        if not year_text:
            shared = _SHARED_YEAR.match(sentence[m.end() :])
            year_text = shared.group("year") if shared else None
        if year_text and not year_text.isdigit():
            year: int | None = _relative_year(year_text, published)
        else:
            year = int(year_text) if year_text else None
        year = _month_year(month, year, published, tense)
        if name in {"day", "coday"}:
            day_of_month = int(groups["day"])
            try:
                date(year, month, day_of_month)
            except ValueError:
                return None
            return FuzzyDate(year, Precision.DAY, month, day_of_month)
        if name == "half":
            return FuzzyDate(year, Precision.HALF_MONTH, month, qualifier=HALVES[groups["half"].lower()])
        qualifier = QUALIFIERS.get((groups.get("qual") or "").lower())
        return FuzzyDate(year, Precision.MONTH, month, qualifier=qualifier)
    if name == "seasonyear":
        return FuzzyDate(int(groups["year"]), Precision.SEASON, season=SEASONS[groups["season"].lower()])
    if name == "season":
        season = SEASONS[groups["season"].lower()]
        rel = (groups.get("rel") or "").lower()
        year = published.year
        if groups.get("year"):
            year = int(groups["year"])
        elif rel in {"volgend", "komend", "komende"}:
            year += 1
        elif rel in {"afgelopen", "vorig", "vorige"}:
            year -= 1
        elif not rel:  # "in het najaar": the coming one, or the last one in a past sentence
            start = {Season.SPRING: 3, Season.SUMMER: 6, Season.AUTUMN: 9, Season.WINTER: 12}[season]
            if year_hint is not None:
                year = year_hint
            elif tense is Tense.PAST and start > published.month:
                year -= 1
            elif tense is not Tense.PAST and start + 2 < published.month:
                year += 1
        return FuzzyDate(year, Precision.SEASON, season=season)
    if name == "yearend":
        return FuzzyDate(published.year, Precision.YEAR, qualifier=Qualifier.LATE)
    if name == "relyear":
        qualifier = QUALIFIERS.get((groups.get("qual") or "").lower())
        return FuzzyDate(_relative_year(groups["rel"], published), Precision.YEAR, qualifier=qualifier)
    if name == "in":
        amount = word_to_number(groups["amount"])
        if amount is None:
            return None
        unit = groups["unit"].lower()
        if unit in {"dagen", "dag"}:
            day = published + timedelta(days=amount)
            return FuzzyDate(day.year, Precision.DAY, day.month, day.day)
        if unit in {"weken", "week"}:
            day = published + timedelta(weeks=amount)
            return FuzzyDate(day.year, Precision.DAY, day.month, day.day)
        months = amount * (12 if unit == "jaar" else 1)  # maanden, maand, jaar
        index = published.year * 12 + published.month - 1 + months
        return FuzzyDate(index // 12, Precision.MONTH, index % 12 + 1)
    if name == "weekday":
        weekday = WEEKDAYS[groups["weekday"].lower()]
        before = sentence[max(0, m.start() - 12) : m.start()].lower()
        if "komende" in before or "volgende" in before:
            tense = Tense.FUTURE
        elif _PAST.search(sentence[max(0, m.start() - 20) : m.start()]):
            tense = Tense.PAST  # "besloot dinsdag": the verb right before it says
        if "afgelopen" in before:  # "afgelopen vrijdag", said on a Friday, is last week's
            day = published - timedelta(days=(published.weekday() - weekday) % 7 or 7)
            return FuzzyDate(day.year, Precision.DAY, day.month, day.day)
        if tense is Tense.PAST:
            day = published - timedelta(days=(published.weekday() - weekday) % 7)
        else:
            day = published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
        return FuzzyDate(day.year, Precision.DAY, day.month, day.day)
    if name == "year":
        qualifier = QUALIFIERS.get((groups.get("qual") or "").lower())
        return FuzzyDate(int(groups["year"]), Precision.YEAR, qualifier=qualifier)
    return None


_DURATION = re.compile(
    r"\b(?:voor\s+)?(?:(?P<half>een\s+halfjaar|een\s+half\s+jaar|halfjaar)|"
    r"(?P<amount>\w+)\s+(?P<unit>dagen|weken|maanden|jaar))\b",
    re.I,
)


def find_durations(sentence: str) -> list[FoundDuration]:
    """ "een halfjaar" and "zes maanden" are durations; "over vier maanden" is a date (see find_dates)."""
    found = []
    for m in _DURATION.finditer(sentence):
        if sentence[max(0, m.start() - 5) : m.start()].lower().strip().endswith("over"):
            continue
        if m.group("half"):
            found.append(FoundDuration(Duration(6, DurationUnit.MONTHS), (m.start(), m.end())))
            continue
        amount = word_to_number(m.group("amount"))
        if amount is None or amount == 0:
            continue
        unit = {"dagen": DurationUnit.DAYS, "weken": DurationUnit.WEEKS, "maanden": DurationUnit.MONTHS,
                "jaar": DurationUnit.YEARS}[m.group("unit").lower()]  # fmt: skip
        found.append(FoundDuration(Duration(amount, unit), (m.start(), m.end())))
    return found
