"""From article text to a draft: per sentence the missions it is about, personnel figures, equipment, partners
and dated milestones, each with a confidence.

Rules, not a model: every draft entry says which words it came from, so a person can check it quickly. The
words the rules look for are in bot/ingest/cues.py and names.py; the draft itself in model.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from bot.dates import Certainty, FuzzyDate, Precision
from bot.facts.model import FactSet
from bot.facts.search import normalize
from bot.ingest import cues, entities
from bot.ingest.dates import MONTHS, FoundDate, Tense, find_dates, find_durations, tense_of
from bot.ingest.model import Draft, DraftContribution, DraftMilestone, DraftMission, DraftPartner, Span
from bot.ingest.names import COUNTRY_NAMES, EQUIPMENT, PEOPLES, SHIP_NAMES, TYPED_HELICOPTERS
from bot.ingest.numbers import (
    PERSONNEL_NOUNS,
    Personnel,
    find_answer,
    find_elliptic,
    find_personnel,
    word_to_number,
)
from bot.ingest.sentences import Sentence, headings, sentences

_WORD = re.compile(r"[\wëéèöïü'’-]+")
PEOPLE = re.compile(rf"\b{PERSONNEL_NOUNS}\b", re.IGNORECASE)


def _kind(sentence: str, rotation_context: bool) -> str | None:
    for pattern, kind in cues.KIND_CUES:
        if pattern.search(sentence):
            if kind == "deployment-start" and rotation_context:
                return "rotation-start"
            if kind == "suspension" and not cues.PAUSE.search(sentence):
                return "withdrawal"
            return kind
    return None


def _certainty(sentence: str, tense: Tense) -> tuple[Certainty, float]:
    lowered = sentence.lower()
    for pattern, certainty, sure in cues.CERTAINTY_CUES:
        if pattern.search(lowered):
            return certainty, sure
    if tense is Tense.PAST:
        return Certainty.CONFIRMED, 0.8
    return Certainty.EXPECTED, 0.6


_STOP = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "naar",
        "voor",
        "met",
        "bij",
        "uit",
        "vanuit",
        "boven",
        "over",
        "aan",
        "the",
        "of",
        "for",
        "from",
        "and",
        "to",
        "des",
        "der",
        "den",
        "mission",
        "missie",
        "missies",
        "operatie",
        "operation",
        "operaties",
        "nl",
        "en",
        "land",  # "Operatie eFP (Land)": the branch, not "Forward Land Forces Romania"
    ]
)
# A closing list of ongoing operations: a heading, or a sentence naming three or more missions.
_LIST_HEADING = re.compile(
    r"^(lopende|overige|andere|doorlopende|huidige|actuele|overzicht)\b.*\b(operaties|missies|inzet|inzetten)\b"
    r"|^(lopende|overige)\s"
    # "Daarnaast lopen de volgende operaties:"
    r"|\b(lopen|loopt)\s+(nog\s+|verder\s+)?(de\s+)?volgende\s+(operaties|missies|inzetten|bijdragen)\b",
    re.IGNORECASE,
)


# An event within a mission, not one of its milestones: coming back from an exercise or a visit.
_EVENT_WITHIN = re.compile(
    r"\bna\s+(een|de|het|afloop\s+van\s+(de|het))\s+(\w+\s+)?\w*(oefening|bezoek|havenbezoek|training)\b", re.I
)
_EXERCISING = re.compile(r"\boefen(t|en|de|den)\b", re.IGNORECASE)


def _ours(text: str) -> bool:
    """The Dutch contribution is named: "Nederland", "de Nederlandse eenheid", "Zr.Ms. De Ruyter"."""
    return bool(cues.OURS.search(text) or _OURS.search(text))


def _clause_of(text: str, span: Span) -> str:
    """The clause around a span, between semicolons or the word "daarna"/"waarna"."""
    bounds = [0] + [m.end() for m in re.finditer(r";|\b(?:daarna|waarna|terwijl)\b", text)] + [len(text)]
    start = max(b for b in bounds if b <= span[0])
    end = min(b for b in bounds if b > span[0])
    return text[start:end]


_INCIDENT = re.compile(
    r"oefening|bezoek|bezocht|onderschep|escort|gealarmeerd|alarmeerd|neergeschoten|schoot|redde|gewond|ceremonie",
    re.IGNORECASE,
)
_MOVES = re.compile(
    r"vertr|\bvoer\b.*\buit\b|uitgevaren|aangekomen|arriveer|terug|sluit|sloot|aansl|over\b|afgelost|begon|start|"
    r"\bsinds\b",  # "escorteert sinds 2 maart koopvaardij": how long it has been going on
    re.IGNORECASE,
)


def _comma_clause(text: str, span: Span) -> str:
    start = max(text.rfind(mark, 0, span[0]) for mark in ",;:")
    ends = [i for i in (text.find(mark, span[1]) for mark in ",;:") if i >= 0]
    return text[start + 1 : min(ends) if ends else len(text)]


def _incident(clause: str) -> bool:
    """A clause that dates an exercise, a visit, an interception or an escort and no move of the mission."""
    return bool(_INCIDENT.search(clause)) and not _MOVES.search(clause)


def _theirs_alone(text: str) -> bool:
    """A sentence about another country's ship or aircraft alone, with no Dutch in it."""
    kit = entities.equipment(text)
    return bool(kit) and not _ours(text) and all(_foreign_before(text, k.span[0]) for k in kit)


_HOME_PLACES = frozenset({"Den Helder", "Koninkrijk", "Caribisch Nederland", "Europees Nederland"})
_HISTORY_YEARS = 10  # a date further back than this is a mission's history, not a milestone to draft
# When something happened without its day: "Het kabinet besloot vorige week …" gives no date (LABELING.md).
_UNDATED = re.compile(r"\b(vorige|afgelopen|deze)\s+(week|maand)\b|\bonlangs\b|\brecent(elijk)?\b", re.I)
_ATTACKER = re.compile(r"\b(aanval\w*|aanslag\w*|dreiging|beschieting\w*)\s+(van|door)\s+(de\s+)?$", re.I)
_ADVERSARY = re.compile(r"\baanval(len)?\b|\baanslag", re.IGNORECASE)
# The second part of a compound that makes a mission's name in it the adversary's: "een Houthi-drone".
_THEIR_PART = re.compile(r"drone|raket|aanval|dreiging|rebel|militie|beschieting|leider", re.IGNORECASE)


# A part of the world heads several missions' sections: "Midden-Oosten", "Europa", "Afrika".
_REGIONS = frozenset({"midd", "oost", "west", "noord", "zuid", "europa", "afrika", "azie", "amerika", "oosten"})
# A letter's heading that names no mission but goes on about the one before: "2. De bijdrage", "Omvang en duur".
_CONTINUED = re.compile(
    r"^[\W\d]*(?:[a-z]\W+)?(?:de\s+|het\s+)?(?:nederlandse\s+)?(bijdrage|omvang|duur|looptijd|samenstelling|"
    r"personeel|inzet|taken|taak|verlenging|mandaat|besluit|aflossing|rotatie)\b[\w\s,-]{0,30}$",
    re.IGNORECASE,
)
_BOTH = re.compile(r"\b(beide|allebei|beiden)\b", re.IGNORECASE)  # the two missions just named
_SENDS = re.compile(
    r"\b(stuurt|sturen|gestuurd|zendt|zenden|uitgezonden|uitzenden|vertrekt|vertrekken|verplaatst)\b", re.I
)
# A mission's alias that is a sea or region names where it is, and gives way to a mission's own name.
_GEOGRAPHIC = re.compile(r"\b(zee|sea|gebied|golan|oostzee|noordzee)\b", re.IGNORECASE)
_ABOVE = re.compile(r"\b(boven|over)\s+(de\s+|het\s+)?$", re.IGNORECASE)  # "boven de Oostzee"
_SEA = re.compile(r"(zee|oceaan|golf|gebied)$")
_GENERIC = re.compile(r"(?<![A-Z])\b[a-zë]{8,}\b|-[a-zë]{8,}\b")  # "vlootverband", "mijnenbestrijding"
_SHIP = re.compile(r"\b(?:Zr|Hr)\.\s?Ms\.")
_AFTER_PLACE = re.compile(r"\b(?i:in|bij|vanuit|naar|op)\s+([A-Z][\w-]+)")


def _stem(word: str) -> str:
    """ "trainingen" and "training", "oekrainers" and "oekrainer" alike."""
    for ending in ("en", "s"):
        if len(word) > 5 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _tokens(text: str) -> set[str]:
    return {_stem(t) for t in normalize(text).split() if len(t) > 2 and not t.isdigit() and t not in _STOP}


def _words_of(text: str) -> set[str]:
    """A text's words, and its equipment by name ("F-35's" → "=F-35"), to tell a country's missions apart."""
    # … not a ship's class: "Zr.Ms. Tromp Rode Zee" names a ship, and every frigate is no sign of that mission
    return _tokens(text) | {"=" + e.name for e in entities.equipment(text) if e.name not in SHIP_NAMES}


@dataclass(frozen=True, slots=True)
class Mention:
    slug: str
    span: Span
    existing: bool
    strong: bool  # a name, alias or place of its own; weak: only a country's name ("Litouwen", "Irak")
    where: bool = False  # after "boven de": where something happened, not what it was part of
    fits: bool = False  # a country's name that its clause's words tie to one of that country's missions
    generic: bool = False  # an alias in common words ("het NAVO-vlootverband"), no name: a section says more
    ship: bool = False  # a ship's name ("Zr.Ms. Schiedam"): it sails for one mission, then another
    sea: bool = False  # a sea as where ships go ("naar de Oostzee"): a name later in the paragraph says more


_PLACE_BEFORE = re.compile(
    r"\b(naar|in|uit|vanuit|boven|bij|op|rond|richting|langs|via|ten\s+(noorden|zuiden|oosten|westen)\s+van)"
    r"\s+(de\s+|het\s+)?([\w-]+-)?$",
    re.IGNORECASE,
)


def _place(text: str, span: Span) -> bool:
    """ "naar Litouwen", "in het Verenigd Koninkrijk", "naar de Noorse kust": where, not who. But
    "samenwerken met instructeurs uit Canada" names where partners come from, and "bij de Franse eenheden"
    whom the Dutch join."""
    if not text[: span[0]].strip(" *#•-") and re.match(r"\**\s*[–—:|-]\s", text[span[1] :]):
        return True  # "Polen – Vier F-35's …", "Irak: bij de NAVO-missie …": a heading inside the paragraph
    before = text[max(0, span[0] - 40) : span[0]]
    place = _PLACE_BEFORE.search(before)
    listed = before
    while not place:  # "in Israël, Libanon, Syrië en Jordanië": every country of the list is a place
        shorter = re.sub(r"\s+[\w-]+(\s+(en|of)|,)\s+$", " ", listed)
        if shorter == listed:
            break
        listed = shorter
        place = _PLACE_BEFORE.search(listed)
    if place and place.group(1).lower() == "uit" and re.search(r"\bmet\b", before, re.I):
        return False
    if re.search(r"\bover\s+naar\s+$", before, re.I):
        return False  # "het bevel gaat over naar Spanje": the successor
    if place and place.group(1).lower() == "bij" and re.search(r"\b(berust|berusten|ligt|liggen)\b", before, re.I):
        return False  # "het commando berust bij Noorwegen": who leads
    if place and not entities.is_country_name(text[span[0] : span[1]]) and cues.UNITS.match(text[span[1] :]):
        return False
    return bool(place)


def _role(text: str, span: Span, organisation: bool = False) -> str:
    """The role a partner named without a cue plays, from the words around it."""
    around = text[max(0, span[0] - 40) : span[1] + 60].lower()
    for pattern, role in cues.IMPLIED_ROLES:
        if pattern.search(around):
            return role
    return "coordinator" if organisation else "alongside"


def _fleet_clauses(text: str) -> list[Span]:
    """The clauses that say what a fleet owns ("De marine beschikt over zes fregatten"): no deployment."""
    spans: list[Span] = []
    for clause in re.finditer(r"[^,;:]+", text):
        if cues.FLEET.search(clause.group(0)):
            spans.append(clause.span())
        elif (
            spans
            and spans[-1][1] == clause.start() - 1
            and re.match(r"\s*(waarvan|van wie|die|dat)\b", clause.group(0))
        ):
            spans[-1] = (spans[-1][0], clause.end())  # "…, waarvan er dit jaar geen in Estland staan"
    return spans


def _background_clauses(text: str) -> list[Span]:
    """Relative clauses that tell history: "De Karel Doorman, die eerder dit jaar voor de operatie voer, …". What
    they date or name is no news of the text."""
    spans = []
    for clause in re.finditer(r",\s*(?:die|dat|waar\w*)\b[^,;]*", text):
        if cues.BACKGROUND.search(clause.group(0)):
            spans.append(clause.span())
    return spans


def _within(span: Span, clauses: list[Span]) -> bool:
    return any(a <= span[0] < b for a, b in clauses)


_OURS = re.compile(r"\b(?:Nederland|Nederlandse|Nederlands|Nederlanders|Defensie|ons|onze)\b|\b(?:Zr|Hr)\.\s?Ms\.")
_KIT = "(?:" + "|".join(pattern for pattern, _ in EQUIPMENT) + ")"
_RELATIVE = re.compile(r"\s*(die|dat|waar|waarin|waarvan|waarmee)\b", re.IGNORECASE)


def _others_kit(text: str, span: Span) -> bool:
    """Equipment of another country, or of the past: "Italië en Frankrijk hebben een fregat in het gebied",
    "samen met de Duitsers, die Boxers hebben meegenomen", "de helikopter van het Deense schip", "Eerder
    stonden er F-16's". A clause that names the Dutch ("Onder Duits commando vaart Zr.Ms. Tromp") keeps it."""
    marks = [m.end() for m in re.finditer(r"[,;:]", text[: span[0]])]
    own = marks[-1] if marks else 0
    start = own
    if marks and _RELATIVE.match(text[own:]):
        start = marks[-2] if len(marks) > 1 else 0  # a relative clause speaks of whom the clause before named
    end = next((m.start() for m in re.finditer(r"[,;:]", text[span[1] :])), len(text) - span[1]) + span[1]
    if any(a == end for a, _ in _background_clauses(text)):
        return True  # "De Karel Doorman, die eerder dit jaar voor de operatie voer, ligt in onderhoud"
    clause = text[own:end]
    if cues.LONG_AGO.search(clause):
        return True  # "In 2018 leverde Nederland al eens vier Chinooks": history, even the Dutch
    if _OURS.search(clause):
        return False
    if re.search(r"\b(train\w*|leren|leert|opgeleid|opleiding|les)\b[^,;:]*\bop\s+(de|het)\s+$", text[start : span[0]]):
        return False  # "waar Oekraïense vliegers leren vliegen op de F-16": what the mission trains on
    if cues.BACKGROUND.search(clause):
        return True
    after = text[span[1] : span[1] + 40]
    if re.match(r"\s+(van|uit)\s+(de|het)\s+(\w+\s+)?\w+", after) and any(
        c.value != "NL" for c in entities.countries(after[:30])
    ):
        return True  # "de helikopter van het Deense schip"
    before = _actors(text, start, span[0])
    if start != own and not before and _OURS.search(text[start:own]):
        return False  # "… Nederlandse militairen, die CV90's meenemen"
    return bool(before) and before[-1].value != "NL"


def _where_organisation(text: str, span: Span) -> bool:
    """ "de oostflank van de NAVO", "NAVO-oostflank", "het NAVO-grondgebied": where, not with whom."""
    return bool(
        cues.NOT_PARTNER_ORG.search(text[max(0, span[0] - 40) : span[0]])
        or re.match(r"-(oost|noord|zuid)?(flank|grens|gebied|grondgebied|lidsta)", text[span[1] :], re.I)
    )


def _not_brought(text: str, span: Span) -> bool:
    """Kit said not to come: "Een fregat is dit jaar niet beschikbaar", "Nederland levert geen fregat", "Een
    fregat sturen lukt voorlopig niet"."""
    if re.search(r"\bgeen\s+(\w+\s+)?$", text[max(0, span[0] - 25) : span[0]], re.I):
        return not re.match(r"\s+meer\b", text[span[1] :])  # "geen F-35's meer in Polen": they were there
    clause = _comma_clause(text, span)
    return bool(re.search(r"\bniet\s+(beschikbaar|inzetbaar|mogelijk)\b|\blukt\b[^.]*\bniet\b", clause, re.I))


def _actors(text: str, start: int, end: int) -> list[entities.Found]:
    """The countries that act in text[start:end]: a name not as a place, a people, or an adjective of units or
    kit ("de Poolse luchtmacht", "Amerikaanse Chinooks"); not "het Poolse luchtruim" or "in Polen"."""
    said = text[:end]
    found = []
    for c in entities.countries(said[start:]):
        word, rest = said[start + c.span[0] : start + c.span[1]], said[start + c.span[1] :]
        if entities.is_country_name(word):
            acts = not _place(said, (start + c.span[0], start + c.span[1]))
        else:
            kit = re.match(r"\s+(?:\w+\s+)?" + _KIT, rest + text[end:], re.I)
            acts = word.lower() in PEOPLES or bool(cues.UNITS.match(rest) or kit)
        if acts:
            found.append(c)
    return found


def _own_affairs(text: str) -> str | None:
    """The country a sentence is about when it tells that country's own affairs: "Duitsland heeft zijn eigen
    Patriots teruggetrokken", "Litouwen zelf kocht 44 tanks". Not when it names the Dutch as well."""
    m = cues.OWN_AFFAIRS.search(text)
    if m is None or _OURS.search(text):
        return None
    found = entities.countries(m.group("who"))
    return found[0].value if found and found[0].value != "NL" else None


def _trainees(text: str, span: Span) -> bool:
    """ "Oekraïense rekruten", "Iraakse cadetten", "les aan Oekraïense officieren", "Oekraïners kregen een
    opleiding": the people a mission trains, not a partner; nor a country that receives ("steun voor Oekraïne",
    F-16's "aan Oekraïne overgedragen")."""
    word, after = text[span[0] : span[1]], text[span[1] :]
    if entities.is_country_name(word):
        before = text[max(0, span[0] - 40) : span[0]]
        handed = (
            re.search(r"\baan\s+$", before)
            and re.search(r"\b(overgedragen|geleverd|gedoneerd)\b", text)
            and any(e for e in entities.equipment(text))
        )
        return bool(cues.RECEIVES.search(before) or handed)
    if cues.TRAINEES.match(after):
        return True
    if re.search(r"\b(geleid\w*|leiding|bevel|commando|kaderstaat)\b", text[max(0, span[0] - 30) : span[1] + 30], re.I):
        return False  # "in de door Britten geleide operatie": who leads
    trains = bool(cues.TRAINING.search(text))
    people = word.lower() in PEOPLES
    return (
        trains
        and (people or bool(cues.TRAINED.match(after)))
        and not re.search(
            r"\b(samen\s+met|met|naast)\s+(de\s+)?([\w-]+\s+(en|,)\s+)*$", text[max(0, span[0] - 60) : span[0]]
        )
    )


def _no_partner(text: str, span: Span) -> bool:
    """A country named as trainees or receiver, as a company's, as a host of training, or for its territory
    ("het IJslandse luchtruim"), or in a sentence about its own affairs alone."""
    after = text[span[1] :]
    adjective = not entities.is_country_name(text[span[0] : span[1]])
    return (
        _trainees(text, span)
        or bool(cues.COMPANY.match(after) or cues.HOSTING.search(text))
        or (adjective and bool(cues.TERRITORY.match(after)))
        or _background_subject(text)
        or _labelled(text, span)  # "3) Roemenië: …" labels the line, no actor
    )


def _background_subject(text: str) -> bool:
    """ "Duitsland bouwt in Litouwen een permanente brigade op": a sentence that opens with another country
    and says nothing of the Dutch nor of any role the country plays with them."""
    first = entities.countries(text[:40])
    if not first or first[0].value == "NL" or text[: first[0].span[0]].strip(" \t•-*") not in {"", "Ook", "ook"}:
        return False
    if not entities.is_country_name(text[first[0].span[0] : first[0].span[1]]):
        return False  # "Noorse F-35's namen het eerste deel voor hun rekening": a force that acts
    if re.match(r"\s*[-–:|]", text[first[0].span[1] :]):
        return False  # "LITOUWEN - De eFP-compagnie …": a label, not a subject
    if _OURS.search(text) or cues.CONTRIBUTES.search(text) or cues.ALONGSIDE_WORDS.search(text):
        return False
    lowered = text.lower()
    return not any(pattern.search(lowered) for pattern, _ in cues.IMPLIED_ROLES)


def _clause(text: str, span: Span) -> str:
    start = max(text.rfind(mark, 0, span[0]) for mark in ",;:")
    ends = [i for i in (text.find(mark, span[1]) for mark in ",;:") if i >= 0]
    return text[start + 1 : min(ends) if ends else len(text)]


def _given_away(text: str, span: Span) -> bool:
    """ "De 18 F-16's van het centrum zijn aan Roemenië verkocht": in the clause, a transfer to a country."""
    clause = _clause(text, span)
    return bool(cues.GIVEN_AWAY.search(clause) and re.search(r"\baan\s+(?:de\s+|het\s+)?[A-Z]", clause))


def _foreign_before(text: str, start: int) -> bool:
    """ "een Italiaans fregat", "Franse F-16's": equipment of another country."""
    words = " ".join(text[max(0, start - 30) : start].split()[-2:])
    # "in Polen vier F-35's": a country's name is where the aircraft are, its adjective whose they are
    return any(c.value != "NL" and not entities.is_country_name(words[c.span[0] : c.span[1]])
               for c in entities.countries(words))  # fmt: skip


_TRAINEES = re.compile(
    r"\s+(?:[a-zë]+e\s+)?(?:[\w-]*rekruten|militairen|piloten|[\w-]*vliegers|leerlingen|soldaten|officieren|eenheden|"
    r"cadetten|strijders|troepen|manschappen|mariniers|recruits)\b",
    re.IGNORECASE,
)
_TRAINING = re.compile(
    r"train|opleid|opgeleid|opleiding|\bles\b|lessen|leerling|rekrut|studeer|\bleren\b|\bleid\w*\b.*\bop\b", re.I
)
_WITH = re.compile(r"\b(met|naast)\s+(de\s+|het\s+)?(\w+\s+)?$", re.IGNORECASE)
_GIVEN = r"(overgedragen|geschonken|gedoneerd|verkocht|geleverd)"
_AID_FOR = re.compile(
    r"\b(steun|hulp)\s+(aan|voor)\s+$|\b(trainingsmissie|opleidingsmissie|missie|opleiding)\s+voor\s+$", re.I
)


def _trained_or_given(text: str, span: Span) -> bool:
    """The people being trained ("leiden Oekraïense rekruten op", "kregen 40.000 Oekraïners een opleiding"), and
    a country kit is given to or aid goes to ("aan Oekraïne overgedragen", "steun voor Oekraïne"): no partner.
    Those trained alongside ("oefende met Litouwse eenheden") and a government supported are partners still."""
    word = text[span[0] : span[1]]
    before = text[max(0, span[0] - 40) : span[0]]
    if _AID_FOR.search(before):
        return True
    given = re.search(rf"\b{_GIVEN}\s+aan\s+$", before) or (
        before.endswith("aan ") and re.match(rf"\s+(worden\s+|werden\s+)?{_GIVEN}\b", text[span[1] :])
    )
    if given:  # kit given away, not a task handed over ("de beveiliging overgedragen aan Estland")
        return bool(entities.equipment(text))
    if not _TRAINING.search(text) or _WITH.search(before):
        return False
    if word.lower() in PEOPLES:  # "kregen ruim 40.000 Oekraïners een basisopleiding", not "door Britten geleid"
        return bool(re.search(r"(\d|duizend|honderd)\s+$", before))
    return bool(_TRAINEES.match(text[span[1] :]))


def _merged(kit: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """One entry per name: "het fregat Zr.Ms. Tromp" is one frigate, said twice."""
    counts: dict[str, int] = {}
    for name, count in kit:
        counts[name] = max(count, counts.get(name, 0))
    return list(counts.items())


def _typed_helicopters_only(draft: Draft) -> None:
    """ "helikopter" is a helicopter only where the mission names no type: "twee Cougars … de helikopters"."""
    typed = {c.mission for c in draft.contributions if any(n in TYPED_HELICOPTERS for n, _ in c.equipment)}
    for c in draft.contributions:
        if c.mission in typed:
            c.equipment = [(n, k) for n, k in c.equipment if n != "helicopter"]


def _table_rows(text: str, parts: list[Sentence]) -> dict[int, list[tuple[str, int, int]]]:
    """Per row of a table ("| Baltic Sentry | Zr.Ms. Zierikzee | 42 | 30 juni |"), each cell's header and span
    relative to the row: the header says what a bare number or date in the cell is."""
    rows: dict[int, list[tuple[str, int, int]]] = {}
    for sentence in parts:
        if not sentence.text.startswith("|"):
            continue
        block = []
        end = sentence.start
        while end > 0 and text[end - 1] == "\n":
            end -= 1
        while end > 0:  # the table's lines above, walked back line by line (not the whole text split per row)
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end]
            if not line.lstrip().startswith("|"):
                break
            block.append(line)
            end = start - 1
        header_line = next((line for line in reversed(block) if not re.fullmatch(r"[\s|:-]+", line)), None)
        if header_line is None:
            continue
        headers = [cell.strip() for cell in header_line.strip().strip("|").split("|")]
        cells = [m.span(1) for m in re.finditer(r"\|([^|]*)(?=\|)", sentence.text)]
        rows[sentence.start] = [(h, a, b) for h, (a, b) in zip(headers, cells, strict=False)]
    return rows


def _table_figures(cells: list[tuple[str, int, int]], sentence: Sentence) -> list[Personnel]:
    """A bare number under "Personeel" or "Aantal": the people of that row's mission."""
    found = []
    for header, start, end in cells:
        value = word_to_number(sentence.text[start:end].strip().removeprefix("ca.").strip())
        if cues.TABLE_PEOPLE.search(header) and value and value > 1:
            found.append(Personnel(value, value, "planned", False, (start, end)))
    return found


def _listed_place(text: str, span: Span) -> bool:
    """ "… opleiden in Duitsland en Polen": a country in a list of places, where a mission works, not another one."""
    return bool(
        re.search(r"\b(in|naar|vanuit)\s+[A-Z][\w-]+\s+(en|of)\s+$|,\s*$", text[max(0, span[0] - 40) : span[0]])
    )


def _sent_to(text: str, span: Span) -> bool:
    """ "… een Patriot-eenheid naar Slowakije te sturen": where troops are sent."""
    return bool(re.search(r"\bnaar\s+$", text[max(0, span[0] - 6) : span[0]]) and _SENDS.search(text))


def _labelled(text: str, span: Span) -> bool:
    """ "2) Slowakije: de Patriot-eenheid …", "Slowakije: …": a line labelled with the country it is about."""
    return bool(re.fullmatch(r"[\W\d]*", text[: span[0]]) and text[span[1] :].startswith(":"))


class Extractor:
    """Drafts an article sentence by sentence, linking what it says to the missions ``known`` already holds."""

    def __init__(self, known: FactSet | None = None) -> None:
        self._pending_kit: dict[str, list[tuple[str, int]]] = {}
        self._heading_of: dict[int, str] = {}  # per sentence of the text being drafted, its section's heading
        self._table: dict[int, list[tuple[str, int, int]]] = {}  # per table row's start: (header, cell span)
        self._pending_span: dict[str, tuple[Span, int, float]] = {}
        self.terms: dict[str, str] = {}
        self.countries: dict[str, str] = {}
        self._new_countries: dict[str, str] = {}  # missions named after a section's country heading
        self._named_sections: set[str] = set()  # missions a section's heading names ("Operatie Baltic Sentry")
        self._heading_organisations: dict[str, dict[str, Span]] = {}  # "NATO Mission Iraq" heads NMI: NATO
        tokens: dict[str, set[str]] = {}
        if known is not None:
            for m in known.missions.values():
                self.countries[m.slug] = m.country
                tokens[m.slug] = set()
                for name in (m.slug, m.name.nl, m.name.en, *m.aliases):
                    self.terms.setdefault(normalize(name), m.slug)
                    tokens[m.slug] |= _words_of(name)
        frequency: dict[str, int] = {}
        for words in tokens.values():
            for word in words:
                frequency[word] = frequency.get(word, 0) + 1
        # Each mission's words, weighed by how few missions share them: "cincu" says more than "battlegroup".
        self._words = {slug: {w: 1 / frequency[w] for w in words} for slug, words in tokens.items()}
        self._prefixes = [(term, slug) for term, slug in self.terms.items() if " " not in term and len(term) >= 12]
        self._weak = {normalize(name) for name in COUNTRY_NAMES} | {
            "lithuania", "iraq", "estonia", "romania", "bosnia", "poland", "mali", "germany"
        }  # fmt: skip

    def _missions_in(self, sentence: str) -> list[tuple[str, Span, bool]]:
        """(slug, span, already known) for every mission the sentence names, known ones first."""
        return [(m.slug, m.span, m.existing) for m in self._mentions(sentence)]

    def _mentions(self, sentence: str) -> list[Mention]:
        found: list[Mention] = []
        words = list(_WORD.finditer(sentence))
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                start, end = words[i].start(), words[i + size - 1].end()
                term = normalize(sentence[start:end])
                parts = term.split()
                candidates = [term, *parts] if size == 1 and len(parts) > 1 else [term]
                for candidate in candidates:
                    slug = self.terms.get(candidate)
                    # … and "SNMG1" says more than the "NAVO-vlootverband" before it
                    if slug and not any(f.slug == slug and f.strong and not f.generic for f in found):
                        # A country's name, or a ship's ("Zr.Ms. Evertsen" sails for one mission, then another),
                        # says less than a mission's name or place.
                        ship = bool(_SHIP.search(sentence[max(0, start - 8) : start + 7]))
                        strong = candidate not in self._weak and not ship
                        found = [f for f in found if f.slug != slug]
                        where = bool(_ABOVE.search(sentence[max(0, start - 20) : start]))
                        # "naar de Oostzee", "in de Rode Zee": a sea several missions share
                        sea = bool(
                            _SEA.search(candidate) and _PLACE_BEFORE.search(sentence[max(0, start - 20) : start])
                        )
                        generic = candidate == term and bool(_GENERIC.search(sentence[start:end]))
                        # "een Houthi-drone", "Houthi-rebellen": the adversary's, no mention of a mission of ours
                        generic = generic or (
                            candidate != term and parts[0] == candidate and bool(_THEIR_PART.search(parts[-1]))
                        )
                        if generic and any(f.slug == slug and f.strong for f in found):
                            continue
                        found.append(
                            Mention(slug, (start, end), True, strong, where, generic=generic, ship=ship, sea=sea)
                        )
        # A compound of a long alias: "het NAVO-mijnenbestrijdingsverband" (SNMCMG1's "mijnenbestrijding"), in
        # common words as such an alias is
        for token in words:
            for part in normalize(token.group(0)).split():
                for term, slug in self._prefixes:
                    if part != term and part.startswith(term) and not any(f.slug == slug for f in found):
                        found.append(Mention(slug, token.span(), True, True, generic=True))
        # A country troops go to or are in ("naar Polen", "boven Polen") that data/ has missions in, but that
        # is no mission's alias: a weak mention of whichever of them the words fit (resolved just below).
        for c in entities.countries(sentence):
            word = sentence[c.span[0] : c.span[1]]
            rivals = [slug for slug, country in self.countries.items() if country == c.value]
            inside = any(f.span[0] <= c.span[0] < f.span[1] for f in found)
            if (
                rivals
                and entities.is_country_name(word)
                and not inside
                and (_place(sentence, c.span) or _labelled(sentence, c.span))
            ):
                found.append(Mention(rivals[0], c.span, True, False))
            elif (
                not rivals
                and c.value != "NL"
                and entities.is_country_name(word)
                and not inside
                and (_sent_to(sentence, c.span) or _labelled(sentence, c.span))
            ):  # "een Patriot-eenheid naar Slowakije te sturen", "2) Slowakije: …": a mission data/ lacks
                found.append(Mention(normalize(word).replace(" ", "-"), c.span, False, True))
        found.sort(key=lambda f: (not f.strong, f.span[0]))
        # A country's name alone ("Polen", "Roemenië") stands for whichever of its missions the words fit best.
        for i, f in enumerate(found):
            if f.strong or normalize(sentence[f.span[0] : f.span[1]]) not in self._weak:
                continue
            start = max(sentence.rfind(mark, 0, f.span[0]) for mark in ",;:")
            ends = [j for j in (sentence.find(mark, f.span[1]) for mark in ",;:") if j >= 0]
            said = _words_of(sentence[start + 1 : min(ends) if ends else len(sentence)])  # its own clause
            country = self.countries.get(f.slug)
            rivals = [slug for slug, c in self.countries.items() if c == country]
            scores = {slug: sum(w for word, w in self._words[slug].items() if word in said) for slug in rivals}
            tie = sum(1 for v in scores.values() if v == max(scores.values())) > 1  # "In Roemenië, waar …"
            if tie or (_labelled(sentence, f.span) and len(set(scores.values())) == 1):  # "3) Roemenië: …"
                said = _words_of(sentence)
                scores = {slug: sum(w for word, w in self._words[slug].items() if word in said) for slug in rivals}
            best = max(rivals, key=lambda slug: (scores[slug], slug == f.slug))
            fits = all(scores[best] > scores[slug] for slug in rivals if slug != best)
            if not any(g.slug == best and g is not f for g in found):
                found[i] = Mention(best, f.span, True, False, fits=fits)
        unique: list[Mention] = []
        for f in found:
            if not any(g.slug == f.slug for g in unique):
                unique.append(f)
        found = unique
        if (_ADVERSARY.search(sentence) or cues.HOSTILE.search(sentence)) and not _ours(sentence):
            # "De aanvallen van de Houthi's vanuit Jemen bedreigen de Rode Zee": the adversary and where it strikes,
            # no mission of ours (an alias such as "Houthi" would otherwise pull the letter to another mission)
            found = [f for f in found if not f.existing]
        else:  # "… beschermt Zr.Ms. De Ruyter schepen tegen aanvallen van de Houthi's": only the attacker goes
            found = [f for f in found if not _ATTACKER.search(sentence[max(0, f.span[0] - 40) : f.span[0]])]
        for hit in entities.mission_names(sentence):
            slug = normalize(hit.value).replace(" ", "-")
            if not any(f.slug == slug for f in found) and normalize(hit.value) not in self.terms:
                found.append(Mention(slug, hit.span, False, True))
        for hit in entities.places(sentence):
            slug = normalize(hit.value).replace(" ", "-")
            if not any(f.slug == slug for f in found) and normalize(hit.value) not in self.terms:
                found.append(Mention(slug, hit.span, False, False))
        return found

    def _section_mission(self, heading: str, body: str) -> str | None:
        """The known mission a section is about, by the words its heading and body share with the mission's
        names; a place ("In Erbil trainen … Peshmerga") counts half. The heading must share one of them:
        "Geachte voorzitter," heads no mission."""
        text = heading + ". " + body
        places = {w for m in _AFTER_PLACE.finditer(text) for w in _tokens(m.group(1))}
        words = _words_of(text)
        heads = _words_of(heading) - _REGIONS  # "Inzet van F-35's" heads the F-35 missions; "Europa" none
        names = {
            m.slug for m in self._mentions(heading)
            if m.existing and m.strong and not m.generic and not m.ship
            and not re.search(r"(zee|oceaan|gebied|golf)$", heading[m.span[0] : m.span[1]], re.I)
        }  # fmt: skip
        if len(names) == 1:
            return names.pop()  # "NATO Mission Iraq" heads NMI, whatever else its body names
        # A sea or region ("Rode Zee") heads its mission unless the body names another one itself: a ship's name
        # ("Zr.Ms. Tromp", known from Prosperity Guardian) is no such name.
        seas = {
            m.slug for m in self._mentions(heading)
            if m.existing and m.strong and not m.generic and not m.ship and heading.strip(" #*:") == heading[
                m.span[0] : m.span[1]
            ]
        }  # fmt: skip
        named_in_body = {
            m.slug for sentence in re.split(r"(?<=[.!?])\s+", body) for m in self._mentions(sentence)
            if m.existing and m.strong and not m.generic and not m.ship and not m.where
        }  # fmt: skip
        if len(seas) == 1 and not named_in_body - seas:
            return seas.pop()
        named = any(m.existing and m.strong and not m.generic for m in self._mentions(heading))
        lands = {c.value for c in entities.countries(heading)}
        # … and a heading without a country leaves it to the body: "vanuit de Poolse vliegbasis Łask"
        where = lands or {c.value for c in entities.countries(body) if c.value != "NL"}
        scores = {
            # a heading naming a mission counts twice: "Operatie Aspides (Rode Zee)" over a body naming Zr.Ms. Tromp
            slug: sum(
                w * (0.5 if word in places else 1.0) * (2.0 if named and word in heads else 1.0)
                for word, w in weights.items()
                if word in words
            )
            for slug, weights in self._words.items()
            if heads & set(weights) or self.countries.get(slug) in lands
        }
        # The missions of the country the section names come first ("F-35's … vanuit de Poolse vliegbasis").
        rank = {slug: (self.countries.get(slug) in where, score) for slug, score in scores.items()}
        best = max(rank, key=lambda slug: rank[slug], default=None)
        if best is None or sum(1 for r in rank.values() if r == rank[best]) > 1:
            return None  # a tie says nothing
        # A country as the heading ("Polen") is enough for the one of its missions the words fit best.
        if scores[best] < 1.0 and not (self.countries.get(best) in where and scores[best] > 0):
            return None
        kit_only = all(word.startswith("=") for word in heads & set(self._words[best]))
        if kit_only and not lands and where and self.countries.get(best) not in where:
            return None  # "4 F-16's tegen ISIS" over a text about Jordan is not the F-16 centre in Romania
        return best

    def _sections(self, text: str, parts: list[Sentence]) -> list[tuple[str | None, bool]]:
        """Per sentence: the mission of the section it is in (if its heading and words say) and whether the
        section is a closing list of ongoing operations."""
        marks = headings(text)
        result: list[tuple[str | None, bool]] = []
        starts = [h.start for h in marks]  # in the text's order
        # Each sentence to its section once (bisect), not every sentence per heading: a long text has many of both.
        bodies: list[list[str]] = [[] for _ in marks]
        for s in parts:
            if (at := bisect_right(starts, s.start) - 1) >= 0:
                bodies[at].append(s.text)
        sections: list[tuple[str | None, bool]] = []
        for i, heading in enumerate(marks):
            body = " ".join(bodies[i])
            listing = bool(_LIST_HEADING.search(heading.text.strip().lstrip("#*-•· ")))
            mission = None if listing else self._section_mission(heading.text, body)
            if mission is not None and any(
                m.slug == mission
                and m.strong
                and not m.generic
                and not re.search(r"(zee|oceaan|gebied|golf)$", heading.text[m.span[0] : m.span[1]], re.I)
                for m in self._mentions(heading.text)
            ):  # fmt: skip; "Operatie Baltic Sentry" names its mission, a sea ("Oostzee") only where it is
                self._named_sections.add(mission)
            lands = [c for c in entities.countries(heading.text) if c.value != "NL"]
            lands = [
                c for c in lands if entities.is_country_name(heading.text[c.span[0] : c.span[1]])
            ]  # not "Noorse Zee"
            if mission is None and not listing and lands and lands[0].value not in self.countries.values():
                # "Letland" heads a section and no mission data/ knows is there: a new one, named after it
                word = heading.text[lands[0].span[0] : lands[0].span[1]]
                mission = normalize(word).replace(" ", "-")
                self._new_countries[mission] = lands[0].value
            elif mission is None and not listing:
                mission = self._new_place(heading.text, bodies[i])
            if mission is not None and not listing:  # "NATO Mission Iraq", "Mijnenbestrijding in NAVO-verband"
                for o in entities.organisations(heading.text):
                    if not _where_organisation(heading.text, o.span):
                        span = (heading.start + o.span[0], heading.start + o.span[1])
                        self._heading_organisations.setdefault(mission, {}).setdefault(o.value, span)
            sections.append((mission, listing))
        for sentence in parts:
            index = bisect_left(starts, sentence.start) - 1  # the last heading before it
            result.append(sections[index] if index >= 0 else (None, False))
        return result

    def _new_place(self, heading: str, body: list[str]) -> str | None:
        """ "Sinaï" heads a section that says "… de waarnemersmacht in de Sinaï" and names no mission data/ knows:
        a new mission, named after the place. A heading the body does not name as a place ("Besluit", "Marine")
        heads no mission."""
        name = heading.strip().strip("#*").strip()
        if not re.fullmatch(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", name):
            return None
        if any(c.value == "NL" for c in entities.countries(name)) or name in _HOME_PLACES:
            return None  # "Nederland", "Den Helder": work at home is no mission
        place = re.compile(rf"\b(?:in|naar|op|bij|vanuit|uit|boven)\s+(?:de\s+|het\s+)?{re.escape(name)}\b")
        if not any(place.search(sentence) for sentence in body) or not any(_ours(s) for s in body):
            return None
        if any(m.existing and m.strong for sentence in body for m in self._mentions(sentence)):
            return None
        return normalize(name).replace(" ", "-")

    def extract(self, text: str, published: date, source_id: str) -> Draft:
        draft = Draft(FuzzyDate.parse(published.isoformat()), source_id)
        parts = self._clauses(sentences(text))
        mentions = [self._mentions(s.text) for s in parts]
        sections = self._sections(text, parts)
        # Countries named as where troops are ("lesgeven in Duitsland en Polen") make no list of missions.
        listing = [
            len({m.slug for m in found if m.strong or not _place(parts[i].text, m.span)}) >= 3 or sections[i][1]
            for i, found in enumerate(mentions)
        ]
        seen_missions: dict[str, DraftMission] = {}
        previous_mission: str | None = None
        marks = headings(text)
        # An article's title (a few words at the top, no other heading), not a section's "Polen" or "Letland".
        headline = len(marks) == 1 and not text[: marks[0].start].strip() and len(marks[0].text.split()) >= 4
        unsectioned = headline or not any(m for m, _ in sections)  # no heading that names a mission
        opening_facts = bool(parts) and bool(entities.equipment(parts[0].text) or find_personnel(parts[0].text))
        if not any(mentions) or (unsectioned and opening_facts and not mentions[0] and sections[0][0] is None):
            # "Luchtmacht: 4 F-16's tegen ISIS. Van 1 oktober zet de luchtmacht …": about a mission data/ lacks
            fallback = self._fallback_mission(text)
            seen_missions[fallback.slug] = fallback
            previous_mission = fallback.slug
        if headline:  # an article's title names what the article is about, not which sentence is about what
            sections = [(None, listing) for _, listing in sections]
        intro_decisions: list[tuple[FoundDate, int, int]] = []  # (date, paragraph, sentence start)
        self._table = _table_rows(text, parts)
        marks_at = [h.start for h in marks]
        self._heading_of = {  # each sentence's heading, by bisect: a long text has many of both
            i: marks[k].text for i, part in enumerate(parts) if (k := bisect_left(marks_at, part.start) - 1) >= 0
        }
        last_decision: FuzzyDate | None = None
        chosen: list[str | None] = []
        # Once per paragraph, not per sentence: a long paragraph would otherwise be searched once per sentence.
        paragraphs: dict[int, list[str]] = {}
        for part in parts:
            paragraphs.setdefault(part.paragraph, []).append(part.text)
        rotations = {p: bool(cues.ROTATION.search(" ".join(texts))) for p, texts in paragraphs.items()}
        has_headings = any(m for m, _ in sections)  # once: asked per sentence, it made drafting quadratic
        paragraph, people_before, previous = -1, False, ""  # what the sentences before said, in this paragraph
        year_hints = self._year_hints(parts, published)
        for index, sentence in enumerate(parts):
            if listing[index]:
                chosen.append(None)
                continue  # "Lopende operaties: eFP Litouwen, Aspides, …" holds no facts
            mission, confidence = self._mission_for(index, parts, mentions, chosen, sections[index][0],
                                                    previous_mission, has_headings)  # fmt: skip
            chosen.append(mission)
            for found in mentions[index]:
                if found.slug not in seen_missions and (found.existing or found.slug == mission):
                    seen_missions[found.slug] = self._draft_mission(sentence, found)
            if not any(chosen[:-1]) and not mentions[index] and _kind(sentence.text, False) == "decision":
                # "… over drie besluiten die het kabinet op 8 december heeft genomen": each mission's decision
                intro_decisions += [
                    (d, sentence.paragraph, sentence.start)
                    for d in find_dates(sentence.text, published) if not d.until
                ]  # fmt: skip
            if mission is None:
                continue
            if mission not in seen_missions:
                country = self.countries.get(mission) or self._new_countries.get(mission)
                seen_missions[mission] = DraftMission(mission, mission, country, mission in self.countries,
                                                      sentence.span, 0.7)  # fmt: skip
            previous_mission = mission
            rotation = rotations[sentence.paragraph]
            year_hint = year_hints[index]
            last_decision = self._milestones(
                draft, sentence, mission, confidence, published, rotation, last_decision, year_hint
            )
            if not mentions[index] and _BOTH.search(sentence.text):  # "Beide schepen keren in juni terug."
                other = next((m for m in reversed(chosen[:index]) if m and m != mission), None)
                if other:
                    self._milestones(draft, sentence, other, confidence * 0.9, published, rotation, None, year_hint)
            if sentence.paragraph != paragraph:
                paragraph, people_before, previous = sentence.paragraph, False, ""
            self._contributions(draft, sentence, mission, confidence, previous, people_before)
            # Kept as they go, not joined from the paragraph per sentence: that was quadratic in a paragraph's length.
            people_before = people_before or bool(PEOPLE.search(sentence.text))
            previous = sentence.text
            host = seen_missions[mission].country if mission in seen_missions else self.countries.get(mission)
            self._partners(draft, sentence, mission, confidence, rotation, host)
        self._flush_kit(draft)
        _typed_helicopters_only(draft)
        self._heading_partners(draft, text, parts, chosen)
        self._opening(draft, parts, mentions, chosen, published)
        for mission, organisations in self._heading_organisations.items():
            if mission not in chosen:
                continue
            for organisation, span in organisations.items():
                if not any(p.mission == mission and p.organisation == organisation for p in draft.partners):
                    paragraph = next(p.paragraph for p, m in zip(parts, chosen, strict=True) if m == mission)
                    draft.partners.append(
                        DraftPartner(mission, paragraph, "coordinator", span, 0.7, None, organisation)
                    )
        for mission in dict.fromkeys(m for m in chosen if m):
            for intro, paragraph, offset in intro_decisions:
                if not any(m.mission == mission and m.date == intro.when for m in draft.milestones):
                    span = (offset + intro.span[0], offset + intro.span[1])
                    draft.milestones.append(
                        DraftMilestone(mission, paragraph, "decision", intro.when, Certainty.CONFIRMED, span, 0.5)
                    )
        used = {c.mission for c in draft.contributions} | {p.mission for p in draft.partners}
        used |= {m.mission for m in draft.milestones}
        # A mission data/ does not know is drafted only with facts of its own: never one made up from nothing.
        draft.missions = [m for m in seen_missions.values() if m.existing or m.slug in used]
        return draft

    @staticmethod
    def _opening(
        draft: Draft, parts: list[Sentence], mentions: list[list[Mention]], chosen: list[str | None], published: date
    ) -> None:
        """A letter's opening, naming no mission, that speaks for all that follows: "over de Nederlandse bijdragen
        aan de NAVO-afschrikking" makes NATO a partner of every mission below, "drie besluiten die het kabinet op
        8 december heeft genomen" dates each one's decision."""
        intro = []
        for i, mission in enumerate(chosen):
            if mission is not None:
                break
            intro.append(i)
        missions = sorted({m for m in chosen if m is not None})
        said = " ".join(parts[i].text for i in intro)
        if not intro or len(missions) < 2 or any(m.existing for i in intro for m in mentions[i]):
            return
        if not re.search(r"\b(bijdrage|bijdragen|inzet|deelname|aanwezigheid|versterking|besluiten|besluit)\b", said):
            return
        first = parts[intro[0]]
        # "aan de oostflank van de NAVO" says where, "aan de NAVO-afschrikking" with whom
        organisations = {o.value for o in entities.organisations(said) if not _where_organisation(said, o.span)}
        if len(organisations) == 1:
            organisation = organisations.pop()
            for mission in missions:
                if not any(p.mission == mission and p.organisation == organisation for p in draft.partners):
                    draft.partners.append(
                        DraftPartner(mission, first.paragraph, "coordinator", first.span, 0.6, None, organisation)
                    )
        for i in intro:
            sentence = parts[i]
            if not re.search(r"\b(besloten|besluit|besluiten|besloot|genomen)\b", sentence.text):
                continue
            days = [d for d in find_dates(sentence.text, published, Tense.PAST) if d.when.precision is Precision.DAY]
            if len(days) != 1:
                continue
            span = (sentence.start + days[0].span[0], sentence.start + days[0].span[1])
            for mission in missions:
                if not any(m.mission == mission and m.date == days[0].when for m in draft.milestones):
                    draft.milestones.append(
                        DraftMilestone(mission, sentence.paragraph, "decision", days[0].when, Certainty.CONFIRMED,
                                       span, 0.6)
                    )  # fmt: skip

    @staticmethod
    def _heading_partners(draft: Draft, text: str, parts: list[Sentence], chosen: list[str | None]) -> None:
        """An organisation a section's heading ties its mission to: "NAVO-missie Irak", "IRAK | NAVO-missie NMI"."""
        marks = headings(text)
        starts = [p.start for p in parts]
        for i, heading in enumerate(marks):
            end = marks[i + 1].start if i + 1 < len(marks) else len(text) + 1
            inside = range(bisect_right(starts, heading.start), bisect_left(starts, end))  # its sentences
            missions = {m for j in inside if (m := chosen[j])}
            if len(missions) != 1 or _LIST_HEADING.search(heading.text):
                continue
            mission = missions.pop()
            paragraph = parts[inside[0]].paragraph
            tied = re.search(
                r"-(missie|operatie|vlootverband|verband|eenheid)\b|\b(missie|operatie|mission|operation|group|force)\b",
                heading.text,
                re.I,
            )
            for o in entities.organisations(heading.text) if tied else []:
                if not any(p.mission == mission and p.organisation == o.value for p in draft.partners):
                    span = (heading.start + o.span[0], heading.start + o.span[1])
                    draft.partners.append(DraftPartner(mission, paragraph, "coordinator", span, 0.7, None, o.value))

    @staticmethod
    def _year_hints(parts: list[Sentence], published: date) -> list[int | None]:
        """Per sentence, a year named earlier in the paragraph, after the publication year: the year its seasons
        are in. One pass (walking back from every sentence was quadratic in a paragraph's length)."""
        hints: list[int | None] = []
        paragraph, latest = None, None
        for part in parts:
            if part.paragraph != paragraph:
                paragraph, latest = part.paragraph, None
            hints.append(latest)
            text = part.text
            years = [  # "In 2026", not "31 december 2026"
                int(m.group(1))
                for m in re.finditer(r"\b(20\d\d)\b", text)
                if not re.search(rf"(\d|{'|'.join(MONTHS)})\s+$", text[: m.start()], re.I)
            ]
            if years and years[-1] > published.year:
                latest = years[-1]
        return hints

    def _draft_mission(self, sentence: Sentence, found: Mention) -> DraftMission:
        country = self.countries.get(found.slug) or next(
            (c.value for c in entities.countries(sentence.text) if c.value != "NL"), None
        )
        name = sentence.text[found.span[0] : found.span[1]]
        absolute = (sentence.start + found.span[0], sentence.start + found.span[1])
        return DraftMission(found.slug, name, country, found.existing, absolute, 0.9)

    @staticmethod
    def _fallback_mission(text: str) -> DraftMission:
        """An article naming no mission still gets its facts drafted, under the place it sends troops to."""
        destination = cues.DESTINATION.search(text)
        if destination:
            name = destination.group(1)
            country = next((c.value for c in entities.countries(name)), None)
            slug = normalize(name).replace(" ", "-")
            return DraftMission(slug, name, country, False, destination.span(1), 0.4)
        return DraftMission("new-mission", "a new mission", None, False, (0, 0), 0.2)

    def _clauses(self, parts: list[Sentence]) -> list[Sentence]:
        """A sentence about two missions, split at its commas: "Naast het Patriot-systeem bij Rzeszów, waar 150
        militairen werken, stuurt Defensie vier F-35's naar Polen" says one thing about each."""
        result: list[Sentence] = []
        for sentence in parts:
            found = self._mentions(sentence.text)
            strong_lands = {self.countries.get(m.slug) for m in found if m.existing and m.strong}
            # … but "samen met collega's uit Zweden en Litouwen" names where partners come from, and "in Roemenië,
            # waar ze bij de battlegroup in Cincu blijven" the country of the place: no second mission either
            slugs = {
                m.slug
                for m in found
                if (
                    m.existing
                    and (
                        m.strong
                        or (m.fits and _place(sentence.text, m.span))
                        or (
                            _place(sentence.text, m.span)
                            and self.countries.get(m.slug) not in strong_lands
                            and not _listed_place(sentence.text, m.span)
                        )
                    )
                )
                or (not m.existing and m.strong)
            }  # fmt: skip; a new mission by name counts too: "los van de eFP … aan Panzerbrigade 45"
            if len(slugs) != 2:
                result.append(sentence)
                continue
            for piece in re.finditer(r"[^,;:]+[,;:]?", sentence.text):
                words = piece.group(0).strip()
                if words:
                    offset = piece.start() + len(piece.group(0)) - len(piece.group(0).lstrip())
                    result.append(Sentence(words, sentence.start + offset, sentence.paragraph))
        return result

    def _kit_fit(self, text: str, current: str) -> str | None:
        """Another mission of the same country that the sentence's own kit names: "F-35: 4 toestellen in Łask"
        under a Patriot section is the F-35 mission's."""
        kit = {"=" + e.name for e in entities.equipment(text) if not _foreign_before(text, e.span[0])}
        weights = self._words.get(current)
        if not kit or weights is None or kit & set(weights):
            return None
        home = self.countries.get(current)
        fitting = [
            slug for slug, country in self.countries.items()
            if country == home and slug != current and kit & set(self._words[slug])
        ]  # fmt: skip
        return fitting[0] if len(fitting) == 1 else None

    def _mission_for(
        self,
        index: int,
        parts: list[Sentence],
        mentions: list[list[Mention]],
        chosen: list[str | None],
        section: str | None,
        previous: str | None,
        has_headings: bool,
    ) -> tuple[str | None, float]:
        """The sentence's own mission (the section's if it is among those named); else the one an earlier
        sentence of its paragraph was about; else its section's; else one named later in its paragraph."""
        own = mentions[index]
        # Inside a section, "boven de Oostzee" says where, and the section still says which mission.
        strong = [
            m.slug for m in own if m.existing and m.strong and not ((m.where or m.generic) and section is not None)
        ]
        if len(strong) > 1:  # "RODE ZEE - Zr.Ms. Tromp vaart mee in Prosperity Guardian": the name, not the sea
            text_here = parts[index].text
            named_only = [
                m.slug for m in own
                if m.slug in strong and not _GEOGRAPHIC.search(text_here[m.span[0] : m.span[1]])
            ]  # fmt: skip
            strong = named_only or strong
        if strong and section is None and all(m.where or m.sea for m in own if m.slug in strong):
            # "De mijnenjager vertrekt naar de Oostzee. Het schip sluit zich aan bij SNMCMG1": the sea is where,
            # a name later in the paragraph says which mission
            for ahead in range(index + 1, len(parts)):
                if parts[ahead].paragraph != parts[index].paragraph:
                    break
                named_later = [m.slug for m in mentions[ahead] if m.existing and m.strong and not (m.where or m.sea)]
                if named_later:
                    return named_later[0], 0.8
        if strong:
            return (section if section in strong else strong[0]), 0.9
        named = [m.slug for m in own if not m.existing and m.strong]
        if named:  # also under another heading: "… voor de Duitse Panzerbrigade 45" under Litouwen
            return named[0], 0.85
        paragraph = parts[index].paragraph
        # Inside a section a ship sails for the section's mission ("Zr.Ms. Schiedam" under Baltic Sentry).
        text = parts[index].text
        own = [
            m for m in own
            if not (section is not None and (m.where or _SHIP.search(text[max(0, m.span[0] - 8) : m.span[0] + 7])))
        ]  # fmt: skip
        weak = [m.slug for m in own if m.existing]
        fit = [m.slug for m in own if m.existing and m.fits and m.slug != section]
        if fit and section is not None:  # "vier F-35's naar Polen" under a Patriot heading: the F-35 mission
            return fit[0], 0.8
        for back in range(index - 1, -1, -1):
            if parts[back].paragraph != paragraph:
                break
            earlier = chosen[back]
            if earlier is not None:
                fitting = [m for m in own if m.existing and m.slug != earlier]
                other_land = self.countries.get(fitting[0].slug) != self.countries.get(earlier) if fitting else False
                # … but in a section of its own a country named in passing is a place ("het hoofdkwartier in Polen")
                if fitting and (fitting[0].fits or (other_land and earlier != section)):
                    # "… beschikbaar voor de luchtruimbewaking boven Polen": another country, or another of its
                    # missions that the clause's words fit ("vier F-35's naar Polen" after the Patriots)
                    return fitting[0].slug, 0.8
                return self._kit_fit(parts[index].text, earlier) or earlier, 0.75
        if section is not None:
            # "Midden-Oosten" heads UNTSO, but "Bij de NAVO-missie in Irak werken 15 adviseurs" is NMI's: a country
            # of another mission, or one of the section's country that the clause's words fit better.
            home = self.countries.get(section) or self._new_countries.get(section)
            # Not a generic alias ("het NAVO-vlootverband"), and not beside the section's own country ("In Duitsland
            # en Polen trainen …" under EUMAM).
            # A ship's name does not beat a heading that names its mission ("Operatie Baltic Sentry (Oostzee)" over
            # "Zr.Ms. Schiedam", which data/ knows from SNMCMG1).
            other = [
                m for m in own
                if m.existing and not m.generic and (m.fits or self.countries.get(m.slug) != home)
                and not (m.ship and section in self._named_sections)
            ]  # fmt: skip
            beside = any(m.slug == section or self.countries.get(m.slug) == home for m in own if m not in other)
            if other and not beside:
                return other[0].slug, 0.75
            return self._kit_fit(parts[index].text, section) or section, 0.8
        if weak:
            return weak[0], 0.8  # resolved among the country's missions by _mentions
        if own and (previous is None or any(m.existing or m.strong for m in own)):
            return own[0].slug, 0.7  # … but "Basis: Amman" after a mission named before is where it flies from
        for ahead in range(index + 1, len(parts)):
            if parts[ahead].paragraph != paragraph:
                break
            if mentions[ahead]:
                return mentions[ahead][0].slug, 0.6
        if has_headings and not _CONTINUED.search(self._heading_of.get(index, "")):
            return None, 0.0
        return (previous, 0.4)  # "1. De bijdrage", "Omvang en duur": the letter's mission goes on

    def _milestones(
        self,
        draft: Draft,
        sentence: Sentence,
        mission: str,
        confidence: float,
        published: date,
        rotation: bool,
        last_decision: FuzzyDate | None,
        year_hint: int | None = None,
    ) -> FuzzyDate | None:
        tense = tense_of(sentence.text)
        kind = _kind(sentence.text, rotation)
        dates = find_dates(sentence.text, published, tense, year_hint)
        for header, cell_start, cell_end in self._table.get(sentence.start, []):  # "| Einde inzet |" over "| 30 juni |"
            if kind is None and any(cell_start <= d.span[0] < cell_end for d in dates):
                if cues.TABLE_END.search(header):
                    kind = "end"
                elif cues.TABLE_START.search(header):
                    kind = "deployment-start"
        if kind is None and any(d.until for d in dates):
            kind = "end"  # "Ze bewaken daar tot eind april het luchtruim": how long they stay
        if (
            kind is None
            and dates
            and cues.OURS.search(sentence.text)
            and not cues.ACTIVITY.search(sentence.text)
            and not cues.BACKGROUND.search(sentence.text)
        ):
            kind = "announcement"  # a date of the Dutch contribution said with a verb no cue knows
            # … but "afgelopen maand leidden zij 600 militairen op" is what they did, not when anything began
            dates = [d for d in dates if not re.search(r"\bmaand\b", sentence.text[d.span[0] : d.span[1]], re.I)]
        if kind is None or cues.EXERCISE.search(sentence.text) or cues.PERIOD.search(sentence.text):
            return last_decision
        if cues.HISTORY.search(sentence.text) or cues.PAPERWORK.search(sentence.text):
            return last_decision
        exercising = (
            _EXERCISING.search(sentence.text)
            and _kind(_EXERCISING.sub("", sentence.text), rotation) is None  # the exercise is all that happens
            and not _ours(sentence.text)
            and not find_personnel(sentence.text)
        )
        if _EVENT_WITHIN.search(sentence.text) or exercising:
            return last_decision  # "keerde terug na een oefening", "De battlegroup oefent deze zomer in de bossen"
        # "Voor Aspides vaart sinds 2 april het Griekse fregat Hydra": another's ship, not a date of ours
        dates = [d for d in dates if not _theirs_alone(_clause_of(sentence.text, d.span))]
        # "Zoals aangekondigd in mijn brief van 14 oktober": the day of a letter, not of the mission
        dates = [d for d in dates if not re.search(r"\bbrief\s+van\s+$", sentence.text[: d.span[0]], re.I)]
        # "…, nam dinsdag deel aan een oefening bij Noorwegen": the day of an incident within the mission
        dates = [
            d for d in dates
            if d.until or d.when.precision is not Precision.DAY or not _incident(_comma_clause(sentence.text, d.span))
        ]  # fmt: skip
        if cues.HOSTILE.search(sentence.text):
            return last_decision  # what an adversary does is no milestone of the mission
        if _own_affairs(sentence.text):
            return last_decision  # "Duitsland heeft zijn eigen Patriots in december teruggetrokken"
        if cues.MISSION_HISTORY.search(sentence.text) and not _OURS.search(sentence.text):
            return last_decision  # "De EU-operatie loopt sinds december 2004"
        fleet = _fleet_clauses(sentence.text) + _background_clauses(sentence.text)
        dates = [d for d in dates if not _within(d.span, fleet)]  # nor what a fleet owns, nor history
        # … nor a mission's history: "De EU-operatie loopt sinds december 2004", "sinds 2001 in het land aanwezig"
        dates = [d for d in dates if d.when.last.year >= published.year - _HISTORY_YEARS]
        if kind in {"deployment-start", "announcement", "rotation-start"} and cues.CONTINUING.search(sentence.text):
            dates = [
                d for d in dates
                if d.until or d.when.precision is not Precision.YEAR or d.when.qualifier is not None
                or d.when.year not in (published.year, published.year + 1)
            ]  # fmt: skip
        certainty, sure = _certainty(sentence.text, tense)
        durations = find_durations(sentence.text)
        starts = [d for d in dates if not d.until]
        ends = [d for d in dates if d.until]
        if not starts and ends:
            # "Het schip blijft tot en met september": the end of the deployment is the date itself.
            starts, ends = ends[:1], []
            kind = kind if kind in {"extension", "mandate-end", "withdrawal", "suspension"} else "end"
        undated = _UNDATED.search(sentence.text) or cues.UNDATED.search(sentence.text)
        if not starts and kind == "decision" and tense is Tense.PAST and not undated:
            # "Daarnaast heeft het kabinet besloten …": the same cabinet meeting as the decision before it, or,
            # with none before, news of the day it was published. Said with little confidence either way.
            when = last_decision or FuzzyDate.parse(published.isoformat())
            span = (sentence.start, sentence.start + len(sentence.text))
            sure = 0.5 if last_decision else 0.4
            draft.milestones.append(
                DraftMilestone(mission, sentence.paragraph, kind, when, Certainty.CONFIRMED, span, sure)
            )
            return when
        # "van januari tot en met juni, daarna van juli tot en met december": each start with the end after it.
        paired: dict[int, FuzzyDate] = {}
        free_ends = list(ends)
        for i, found in enumerate(starts):
            end = next((e for e in free_ends if e.span[0] > found.span[0] and e.when.last >= found.when.first), None)
            if end is not None and not any(s.span[0] > found.span[0] and s.span[0] < end.span[0] for s in starts):
                paired[i] = end.when
                free_ends.remove(end)
        if len(starts) == 1 and not paired and ends and ends[0].when.last >= starts[0].when.first:
            paired[0] = ends[0].when  # "tot en met 15 mei 2022 … vanaf de tweede helft van november"
            free_ends.remove(ends[0])
        for end in free_ends:  # an end no start goes with is a date of its own
            span = (sentence.start + end.span[0], sentence.start + end.span[1])
            draft.milestones.append(
                DraftMilestone(mission, sentence.paragraph, "end", end.when, certainty, span,
                               round(min(confidence, sure), 2))
            )  # fmt: skip
        for i, found in enumerate(starts):
            span = (sentence.start + found.span[0], sentence.start + found.span[1])
            until = paired.get(i)
            duration = durations[0].duration if durations and until is None else None
            draft.milestones.append(
                DraftMilestone(
                    mission, sentence.paragraph, kind, found.when, certainty, span, round(min(confidence, sure), 2),
                    until, duration,
                )
            )  # fmt: skip
            if kind == "decision":
                last_decision = found.when
        return last_decision

    def _contributions(
        self,
        draft: Draft,
        sentence: Sentence,
        mission: str,
        confidence: float,
        previous: str = "",
        people_before: bool = False,
    ) -> None:
        lowered = sentence.text.lower()
        if cues.OTHERS.search(lowered):
            return  # what others were asked or did is not the Dutch contribution
        fleet = _fleet_clauses(sentence.text)

        def owned(span: Span) -> bool:
            return any(a <= span[0] < b for a, b in fleet)

        kit = (
            self._pending_kit.pop(mission, [])
            + [
                (e.name, e.count)
                for e in entities.equipment(sentence.text)
                if not owned(e.span)
                and not cues.NAMED_AFTER.search(sentence.text[e.span[0] : e.span[1]])
                # "Oekraïense F-16-vliegers": the adjective is the pilots', not the aircraft's
                and not (
                    _foreign_before(sentence.text, e.span[0])
                    and not re.search(r"-[a-zë]{3,}$", sentence.text[e.span[0] : e.span[1]])
                )
                and not _others_kit(sentence.text, e.span)
                and not _not_brought(sentence.text, e.span)
                and not (  # "geen fregat", but "geen F-35's meer in Polen" were there
                    cues.NOT_BROUGHT.search(sentence.text[max(0, e.span[0] - 30) : e.span[0]])
                    and not re.match(r"\s+meer\b", sentence.text[e.span[1] :])
                )
                and not _given_away(sentence.text, e.span)
                and not cues.IDLE.search(_clause(sentence.text, e.span))
                and not cues.NOT_AVAILABLE.search(sentence.text[e.span[1] :])
                and not cues.TOPICS.search(sentence.text)
            ]
        )
        kit = _merged(kit)
        figures = [f for f in find_personnel(sentence.text) if not owned(f.span)]
        figures += _table_figures(self._table.get(sentence.start, []), sentence)
        if re.search(r"\bhoeveel\b[^?]*\?\s*$", previous, re.I) and PEOPLE.search(previous):
            figures += find_answer(sentence.text)  # "Hoeveel Nederlanders zijn er?" "'Op dit moment 260.'"
        counted = (
            figures
            or any(c.mission == mission and c.paragraph == sentence.paragraph and c.low for c in draft.contributions)
            or people_before  # "… leiden Nederlandse instructeurs … op. Er zijn er ongeveer 45."
        )
        if counted:  # "… twintig Nederlanders, van wie vijftien …", "Daarna blijven er zo'n 270 over."
            taken = [f.span for f in figures]
            figures += [
                f for f in find_elliptic(sentence.text)
                if not owned(f.span) and not any(a <= f.span[0] < b for a, b in taken)
            ]  # fmt: skip
        for figure in figures:
            before = sentence.text[max(0, figure.span[0] - 25) : figure.span[0]].lower()
            words = sentence.text[figure.span[0] : figure.span[1]].lower()
            if any(adjective in words for adjective in cues.FOREIGN_TROOPS):
                continue
            if any(c.value != "NL" for c in entities.countries(figure.adjectives)):
                continue  # "12 Luxemburgse militairen" are not ours
            subject = cues.OTHER_SUBJECT.search(sentence.text[max(0, figure.span[0] - 40) : figure.span[0]])
            if subject and any(c.value != "NL" for c in entities.countries(subject.group(1))):
                continue  # "Duitsland, dat met ongeveer 1.000 militairen …" counts Germans
            if cues.FROM_MANY.match(sentence.text[figure.span[1] :]):
                continue  # "ruim 3.000 militairen uit acht landen"
            if 1900 <= figure.low <= 2100 and re.search(r"\b(sinds|in|vanaf|tot|per)\s+$", before):
                continue  # "Nederland levert sinds 1956 militaire waarnemers": a year, not a head count
            if re.search(r"\b(internationale|multinationale|gezamenlijke)\s+\w+\s+van\s+$", before):
                continue  # "een internationale staf van twaalf officieren" is not all Dutch
            if cues.CASUALTIES.search(sentence.text[figure.span[1] : figure.span[1] + 40]):
                continue  # "2 militairen raakten lichtgewond"
            kind = figure.kind
            if cues.ESTIMATE in lowered and kind != "ceiling":
                kind = "estimate"
            elif tense_of(sentence.text) is Tense.PAST and cues.ON_SITE.search(lowered):
                kind = "actual"
            span = (sentence.start + figure.span[0], sentence.start + figure.span[1])
            duplicate = next(
                (c for c in draft.contributions if (c.mission, c.low, c.high) == (mission, figure.low, figure.high)),
                None,
            )
            if duplicate is not None or cues.ASKED in before:
                continue
            draft.contributions.append(
                DraftContribution(
                    mission,
                    sentence.paragraph,
                    figure.low,
                    figure.high,
                    kind,
                    figure.approximate,
                    span,
                    round(confidence * 0.95, 2),
                    kit,
                )
            )
            kit = []
        if kit:
            existing = next((c for c in draft.contributions if c.mission == mission), None)
            if existing is not None:
                existing.equipment += [k for k in kit if k not in existing.equipment]
            else:  # kept for the mission's next personnel figure ("een C-130 … Naar schatting zeventig …")
                self._pending_kit[mission] = kit
                self._pending_span[mission] = (sentence.span, sentence.paragraph, confidence)

    def _flush_kit(self, draft: Draft) -> None:
        """Equipment that no personnel figure followed becomes a contribution of its own."""
        for mission, kit in self._pending_kit.items():
            span, paragraph, confidence = self._pending_span[mission]
            draft.contributions.append(
                DraftContribution(
                    mission, paragraph, None, None, "planned", False, span, round(confidence * 0.8, 2), kit
                )
            )
        self._pending_kit.clear()

    @staticmethod
    def _partners(
        draft: Draft, sentence: Sentence, mission: str, confidence: float, rotation: bool, host: str | None = None
    ) -> None:
        text = sentence.text
        fleet = _fleet_clauses(text)  # "De Duitse marine beschikt over drie mijnenjagers": owns, not joins
        # "Het Franse vliegdekschip vaart zonder Nederlandse escorte verder": no longer together
        apart = bool(re.search(r"\bzonder\s+(de\s+)?Nederland", text))
        countries = [
            c for c in entities.countries(text)
            if c.value != "NL" and not apart and not _within(c.span, fleet) and not _trained_or_given(text, c.span)
            and not _no_partner(text, c.span)
        ]  # fmt: skip
        organisations = [o for o in entities.organisations(text) if not _within(o.span, fleet)]
        named: set[tuple[str | None, str | None]] = set()

        def add(role: str, span: Span, country: str | None = None, organisation: str | None = None) -> None:
            named.add((country, organisation))
            if any(
                (p.mission, p.role, p.country, p.organisation) == (mission, role, country, organisation)
                for p in draft.partners
            ):
                return
            absolute = (sentence.start + span[0], sentence.start + span[1])
            draft.partners.append(
                DraftPartner(
                    mission, sentence.paragraph, role, absolute, round(confidence * 0.9, 2), country, organisation
                )
            )

        if rotation and cues.ROTATION.search(text):
            for c in countries:
                if c.value not in cues.HOST_COUNTRIES and not _place(text, c.span):
                    add("rotation-partner", c.span, country=c.value)
            countries = []  # "samen met Noorwegen … om beurten" makes rotation partners, nothing else
        for pattern, role in cues.ROLE_CUES:
            for m in pattern.finditer(text):
                if "who" not in m.groupdict():
                    for c in countries:
                        if not _place(text, c.span):
                            add(role, c.span, country=c.value)
                    continue
                start = m.start("who")
                reach = 40 if role == "alongside" else 0  # "samen met Duitse en Belgische eenheden"
                for c in countries:
                    if start <= c.span[0] <= start + reach and not (c.span[0] > start and _place(text, c.span)):
                        add(role, c.span, country=c.value)  # "samen met Duitsland … naar Slowakije": not both
                for o in organisations:
                    if start <= o.span[0] <= m.end("who") + 40:
                        add(role, o.span, organisation=o.value)
        # Partners named without a cue: "onder Duitse leiding", "Duitsland is de kaderstaat", "Noorse toestellen",
        # "de NAVO-missie". Never the place troops go to ("naar Litouwen", "in het Verenigd Koninkrijk"), nor
        # the host's own people ("de Litouwse bevolking").
        for c in countries:
            if any(p.country == c.value and p.mission == mission for p in draft.partners):
                continue
            if _own_affairs(text):
                continue  # "Oekraïense rekruten" are trained, not partners; "Slowakije zelf …" is background
            role = _role(text, c.span)
            contributes = bool(cues.CONTRIBUTES.search(text[c.span[1] : c.span[1] + 60]))
            # … or is trained alongside as a force: "oefende met Litouwse eenheden"
            alongside = bool(re.search(r"\bmet\s+(de\s+)?$", text[max(0, c.span[0] - 12) : c.span[0]]))
            rest = re.sub(r"^(?:(?:\s*,\s*|\s+en\s+|\s+of\s+)[A-Z][\w-]+)+", "", text[c.span[1] :])
            force = not entities.is_country_name(text[c.span[0] : c.span[1]]) and bool(cues.UNITS.match(rest))
            # … "Britse, Canadese en Australische instructeurs": the units come after the list
            if _place(text, c.span) or (
                c.value == host and role == "alongside" and not contributes and not force and not alongside
            ):
                continue  # the host is a partner only when it leads, asks, takes over or is supported
            add(role, c.span, country=c.value)
        for o in organisations:
            if cues.NOT_PARTNER_ORG.search(text[max(0, o.span[0] - 40) : o.span[0]]):
                continue  # "de oostgrens van de NAVO" is where, not who
            if not any(p.organisation == o.value and p.mission == mission for p in draft.partners):
                add(_role(text, o.span, organisation=True), o.span, organisation=o.value)
