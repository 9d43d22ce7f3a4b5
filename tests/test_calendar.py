"""The calendar file: parsed back with icalendar, every field checked; a newer facts version raises SEQUENCE and
keeps the UID, so a calendar that imports the newer file updates its events instead of adding them twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from icalendar import Calendar

from bot.dates import Certainty, FuzzyDate
from bot.facts.model import FactSet
from bot.facts.snapshot import Snapshot, Versioned
from bot.i18n import Language, Localized
from bot.render.calendar import PRODID, build_calendar, sequence

STAMP = datetime(2021, 10, 20, 8, 0, tzinfo=UTC)


def _events(facts: FactSet, day: date, slug: str, lang: Language = Language.EN) -> tuple[Calendar, dict[str, object]]:
    snapshot = Snapshot(facts, day)
    view = snapshot.mission(slug)
    assert view is not None
    ics = build_calendar([view], snapshot, lang, STAMP, f"deploybot: {slug}")
    calendar = Calendar.from_ical(ics.data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert ics.events == len(events) == len(view.milestones)
    return calendar, events


def test_every_field_of_the_minusma_calendar(facts: FactSet) -> None:
    calendar, events = _events(facts, date(2021, 10, 20), "minusma")
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "deploybot: minusma"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert set(events) == {
        "minusma.decision@deploybot",
        "minusma.final-decision@deploybot",
        "minusma.rotation-start@deploybot",
    }
    decision = events["minusma.decision@deploybot"]
    assert decision.decoded("DTSTART") == date(2020, 11, 20)  # a date, not a date-time: an all-day event
    assert decision["DTSTART"].params["VALUE"] == "DATE"
    assert decision.decoded("DTEND") == date(2020, 11, 21)  # RFC 5545: the day after
    assert decision.decoded("DTSTAMP") == STAMP  # the injected clock, never the machine's
    assert str(decision["SUMMARY"]) == "MINUSMA: C-130 rotation — Decision: 20 November 2020"
    assert str(decision["LOCATION"]) == "Bamako, Mali"
    assert "Source: NRC, 20 November 2020" in str(decision["DESCRIPTION"])
    assert "https://www.nrc.nl/" in str(decision["DESCRIPTION"])
    assert str(decision["STATUS"]) == "CONFIRMED" and str(decision["TRANSP"]) == "TRANSPARENT"

    rotation = events["minusma.rotation-start@deploybot"]
    # Known to the half-month: an all-day span over the whole of it, the precision in the title.
    assert rotation.decoded("DTSTART") == date(2021, 11, 16)
    assert rotation.decoded("DTEND") == date(2021, 12, 1)
    assert str(rotation["SUMMARY"]) == "MINUSMA: C-130 rotation — Rotation: the second half of November 2021"
    assert "Until 15 May 2022" in str(rotation["DESCRIPTION"])
    assert int(rotation["SEQUENCE"]) == 1  # the seed article said November 2021, expected


def test_an_uncertain_imprecise_date_says_so_in_the_title_and_is_tentative(facts: FactSet) -> None:
    _, events = _events(facts, date(2020, 11, 25), "minusma")
    rotation = events["minusma.rotation-start@deploybot"]
    assert str(rotation["SUMMARY"]) == "MINUSMA: C-130 rotation — Rotation: November 2021, expected"
    assert (rotation.decoded("DTSTART"), rotation.decoded("DTEND")) == (date(2021, 11, 1), date(2021, 12, 1))
    assert str(rotation["STATUS"]) == "TENTATIVE" and int(rotation["SEQUENCE"]) == 0


def test_a_newer_facts_version_raises_sequence_and_keeps_the_uid(facts: FactSet) -> None:
    _, before = _events(facts, date(2020, 11, 19), "erbil")  # the September 2020 plan: autumn 2020, expected
    _, after = _events(facts, date(2021, 3, 1), "erbil")  # NRC moved it to January 2021, probably
    uid = "erbil.deployment-start@deploybot"
    assert uid in before and uid in after
    assert int(before[uid]["SEQUENCE"]) == 0 and int(after[uid]["SEQUENCE"]) == 1
    assert before[uid].decoded("DTSTART") == date(2020, 9, 1) and after[uid].decoded("DTSTART") == date(2021, 1, 1)
    # A fact repeated by a newer source without a change keeps its number: nothing to update.
    assert int(after["erbil.decision@deploybot"]["SEQUENCE"]) == 0
    assert set(before) <= set(after)


def test_the_calendar_is_in_the_readers_language(facts: FactSet) -> None:
    _, events = _events(facts, date(2021, 10, 20), "minusma", Language.NL)
    rotation = events["minusma.rotation-start@deploybot"]
    assert str(rotation["SUMMARY"]) == "MINUSMA: C-130-rotatie — Rotatie: de tweede helft van november 2021"
    assert "Tot 15 mei 2022" in str(rotation["DESCRIPTION"])


# -- attacks: what a hostile calendar import would trip over ---------------------------------------------------
def test_long_dutch_text_folds_at_75_octets_without_splitting_a_character_and_escapes_text(facts: FactSet) -> None:
    name = " ".join(["Bijdrage aan de geïntegreerde VN-missie; één C-130 — rotatie, coördinatie & ‘ondersteuning’"] * 3)
    minusma = facts.missions["minusma"]
    missions = {
        **facts.missions,
        "minusma": replace(minusma, name=Localized(name, name), place=Localized("Gao; Mali", "Gao, Mali")),
    }
    snapshot = Snapshot(replace(facts, missions=missions), date(2021, 10, 20))
    view = snapshot.mission("minusma")
    assert view is not None
    ics = build_calendar([view], snapshot, Language.NL, STAMP, "deploybot: één; twee, drie")
    lines = ics.data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # octets, as RFC 5545 counts them
    for line in lines:
        line.decode("utf-8")  # a fold inside a multi-byte character would not decode
    assert b"LOCATION:Gao\\; Mali" in lines  # TEXT escapes ; and ,
    calendar = Calendar.from_ical(ics.data)
    assert str(calendar["X-WR-CALNAME"]) == "deploybot: één; twee, drie"
    for event in calendar.walk("VEVENT"):
        assert str(event["SUMMARY"]).startswith(name + " — ")
        assert str(event["LOCATION"]) == "Gao; Mali"


def test_sequence_never_decreases_when_a_later_source_reverts_a_date(facts: FactSet) -> None:
    (first,) = [m for m in facts.milestones if (m.mission, m.key) == ("minusma", "decision")]
    moved = replace(first, date=FuzzyDate.parse("2020-12"), certainty=Certainty.EXPECTED)
    back = replace(first, source=first.source)
    numbers = [sequence(Versioned(v[-1], tuple(v[:-1]))) for v in ([first], [first, moved], [first, moved, back])]
    assert numbers == [0, 1, 2]  # A, then B, then A again: each change a higher number, so the revert is imported
    assert sequence(Versioned(back, (first, moved, back, back))) == 2  # repeated without a change: no new number


def test_uids_are_the_same_across_a_facts_reload(facts: FactSet) -> None:
    from bot.facts.parse import load_facts
    from tests.paths import SEED_DATA_DIR

    day = date(2021, 10, 20)
    _, before = _events(facts, day, "minusma")
    _, after = _events(load_facts(SEED_DATA_DIR), day, "minusma")
    assert set(before) == set(after)
    assert all(str(before[uid]["SUMMARY"]) == str(after[uid]["SUMMARY"]) for uid in before)
