from datetime import date

import pytest

from bot.ingest.dates import Tense, find_dates, find_durations, tense_of

SEED = date(2020, 11, 20)  # a Friday


def _dates(sentence: str, published: date = SEED) -> list[str]:
    return [str(found.when) for found in find_dates(sentence, published)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("De militairen zullen waarschijnlijk in januari worden uitgezonden.", ["2021-01"]),
        ("Begin januari vertrekken de eersten.", ["early 2021-01"]),
        ("Eind januari zal de eenheid aankomen.", ["late 2021-01"]),
        ("Medio november volgt een debat.", ["mid 2020-11"]),
        ("Zij gaan volgend jaar november naar Mali.", ["2021-11"]),
        ("Zij gaan november volgend jaar naar Mali.", ["2021-11"]),
        ("Vanaf de tweede helft van november 2021 vliegt het toestel.", ["second-half 2021-11"]),
        ("Eind volgend jaar keren ze terug.", ["late 2021"]),
        ("De troepen keerden dit voorjaar terug.", ["spring 2020"]),
        ("Afgelopen september besloot het kabinet af te schalen.", ["2020-09"]),
        ("Over vier maanden volgt een besluit.", ["2021-03"]),
        ("Dat heeft het kabinet vrijdag besloten.", ["2020-11-20"]),
        ("In 2026 vertrekken ze.", ["2026"]),
    ],
)
def test_expressions_resolve_with_their_precision(sentence: str, expected: list[str]) -> None:
    assert _dates(sentence) == expected


def test_until_marks_the_end_of_a_period() -> None:
    (start, end) = find_dates("Van de tweede helft van november 2021 tot en met 15 mei 2022.", SEED)
    assert (str(start.when), start.until) == ("second-half 2021-11", False)
    assert (str(end.when), end.until) == ("2022-05-15", True)


def test_year_boundaries() -> None:
    assert _dates("Eind januari vertrekt de eenheid.", date(2020, 12, 10)) == ["late 2021-01"]
    assert _dates("In december was de eenheid al vertrokken.", date(2021, 1, 5)) == ["2020-12"]
    assert _dates("In januari zullen zij vertrekken.", date(2021, 1, 5)) == ["2021-01"]  # this month, still ahead


def test_tense_decides_the_side_of_the_publication_date() -> None:
    assert tense_of("Dat heeft het kabinet vrijdag besloten.") is Tense.PAST
    assert tense_of("Zij zullen in maart vertrekken.") is Tense.FUTURE
    past = find_dates("Het kabinet besloot maandag.", date(2023, 5, 3), Tense.PAST)
    future = find_dates("Zij vertrekken maandag.", date(2023, 5, 3), Tense.FUTURE)
    assert (str(past[0].when), str(future[0].when)) == ("2023-05-01", "2023-05-08")


def test_durations_are_not_dates() -> None:
    assert [str(d.duration) for d in find_durations("Zij gaan voor een halfjaar naar Mali.")] == ["6 months"]
    assert [str(d.duration) for d in find_durations("Het schip blijft zes maanden weg.")] == ["6 months"]
    assert find_durations("Over vier maanden volgt een besluit.") == []
    assert _dates("Het schip blijft zes maanden weg.") == []


def test_designator_years_and_invalid_days_are_ignored() -> None:
    assert _dates("date 2020-11 Het kabinet stuurt militairen.") == []
    assert _dates("Op 31 februari vertrekken zij.") == []


# Issue 13's missed classes, each in sentences of its own (published on a Friday, 2024-03-15).
FRIDAY = date(2024, 3, 15)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # several dates, coordinated: the year named once holds for both
        ("In april en mei 2023 lag het schip in Souda Bay.", ["2023-04", "2023-05"]),
        ("De oefening duurt van 4 april tot en met 30 mei 2025.", ["2025-04-04", "2025-05-30"]),
        ("Zij keren in juni en juli volgend jaar terug.", ["2025-06", "2025-07"]),
        # past months with explicit years, and the last year's month said first
        ("In oktober 2022 vertrok het eerste detachement.", ["2022-10"]),
        ("De toestellen die vorig jaar in november vertrokken, zijn terug.", ["2023-11"]),
        # weekdays in past-tense sentences, "vorige week", and a weekday before its date
        ("De compagnie stemde dinsdag in met de verlenging.", ["2024-03-12"]),
        ("Vorige week woensdag landden de kwartiermakers.", ["2024-03-06"]),
        ("Op donderdag 4 april gaan zij.", ["2024-04-04"]),
        # "over 4 maanden" with digits, "over 3 weken", "eind vorig jaar", "sinds kort", "vandaag"
        ("Over 4 maanden vertrekt de eenheid.", ["2024-07"]),
        ("Over 3 weken volgt de rest.", ["2024-04-05"]),
        ("Eind vorig jaar vroeg de VN om hulp.", ["late 2023"]),
        ("Sinds kort werken er vijf Nederlanders.", ["2024-03"]),
        ("Het kabinet heeft vandaag besloten.", ["2024-03-15"]),
        ("Volgende maand vertrekken zij; eind deze maand besluit het kabinet.", ["2024-04", "late 2024-03"]),
        # a season said without "dit" or "volgend"
        ("De compagnie gaat in het najaar.", ["autumn 2024"]),
        ("In de winter van 2025 volgt een nieuwe rotatie.", ["winter 2025"]),
        # the plan after a decision lies ahead, even in a past-tense sentence
        ("Het kabinet besloot op 1 maart het fregat in februari in te zetten.", ["2024-03-01", "2025-02"]),
        # a year that a more precise date of it already says is left out
        ("Dit jaar gaan zij van 2 juni tot en met 3 juli.", ["2024-06-02", "2024-07-03"]),
    ],
)
def test_the_classes_issue_13_names(sentence: str, expected: list[str]) -> None:
    assert _dates(sentence, FRIDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "ends"),
    [
        ("Het schip blijft tot en met september in het gebied.", ["2024-09"]),
        ("De inzet loopt tot eind 2025.", ["late 2025"]),
        ("Het team blijft tot half december.", ["mid 2024-12"]),
        ("De bijdrage loopt tot en met 31 oktober 2026.", ["2026-10-31"]),
    ],
)
def test_ends_of_a_period(sentence: str, ends: list[str]) -> None:
    found = find_dates(sentence, FRIDAY)
    assert [str(f.when) for f in found if f.until] == ends


def test_the_clause_around_a_date_gives_its_tense() -> None:
    # The relative clause is past, the main clause present: February is the coming one.
    assert _dates("De F-16's die vorig jaar in december vertrokken, keren half februari terug.", date(2025, 1, 10)) == [
        "2024-12",
        "mid 2025-02",
    ]
    assert _dates("De eenheid werd in januari uitgebreid en krijgt in juni versterking.", FRIDAY) == [
        "2024-01",
        "2024-06",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Afgelopen vrijdag landden zij.", ["2024-03-08"]),  # said on a Friday: last week's
        ("Halverwege volgend jaar vertrekt de eenheid.", ["mid 2025"]),
        ("Op 12-03-2024 vertrokken zij.", ["2024-03-12"]),
        ("De luchtdroppings zijn op 28 februari beëindigd.", ["2024-02-28"]),  # a perfect is past
    ],
)
def test_more_ways_to_say_when(sentence: str, expected: list[str]) -> None:
    assert _dates(sentence, FRIDAY) == expected


def test_a_weekday_right_after_a_past_verb_is_past() -> None:
    sentence = "Het kabinet besloot dinsdag ook dat de voertuigen volgend jaar worden vervangen."
    assert _dates(sentence, FRIDAY)[0] == "2024-03-12"


def test_months_in_a_row_follow_the_year_said_before() -> None:
    sentence = "Van januari tot en met juni 2023 gaat een compagnie, daarna van juli tot en met december een tweede."
    assert _dates(sentence, date(2022, 12, 16)) == ["2023-01", "2023-06", "2023-07", "2023-12"]


def test_half_a_year() -> None:
    assert _dates("Nederland levert in de eerste helft van 2025 een fregat.", FRIDAY) == ["first-half 2025"]
    assert _dates("In de tweede helft van volgend jaar gaat het schip.", FRIDAY) == ["second-half 2025"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a weekday with its part of the day is that day
        ("Het schip is dinsdagmiddag vertrokken.", ["2024-03-12"]),
        ("Vorige week zaterdagochtend landden zij.", ["2024-03-09"]),
        # a season after "sinds", "vanaf", "tot (in)", or with its year and no article
        ("De militairen staan sinds het voorjaar in Cincu.", ["spring 2024"]),
        ("Vertrek: najaar 2025.", ["autumn 2025"]),
        # days that share the month after them
        ("De schepen vertrekken op 3 en 17 april.", ["2024-04-03", "2024-04-17"]),
        ("Van 3 tot en met 9 juni oefent de compagnie.", ["2024-06-03", "2024-06-09"]),
        # a day and month in digits; a note without a verb takes the nearest such day
        ("Sinds 29-02 in het gebied.", ["2024-02-29"]),
        ("Rotatie 1 februari.", ["2024-02-01"]),
        ("Aflossing medio april.", ["mid 2024-04"]),
        # … but not a range of counts
        ("Over 2-3 weken volgt meer.", []),
    ],
)
def test_round_three_ways_to_say_when(sentence: str, expected: list[str]) -> None:
    assert _dates(sentence, FRIDAY) == expected


def test_staying_until_a_season_ends_the_period() -> None:
    found = find_dates("We blijven tot in de zomer.", FRIDAY)
    assert [(str(f.when), f.until) for f in found] == [("summer 2024", True)]


def test_a_weekday_of_next_week() -> None:
    assert _dates("Het besluit valt naar verwachting volgende week vrijdag.", FRIDAY) == ["2024-03-22"]
    assert _dates("Zij vertrekken komende week dinsdag.", FRIDAY) == ["2024-03-19"]


def test_a_clause_without_a_verb_takes_the_tense_of_the_one_before() -> None:
    sentence = (
        "De waarnemers, die hun patrouilles hebben beperkt, blijven op hun posten, ten minste tot het einde van "
        "het huidige mandaat op 31 maart."
    )
    assert _dates(sentence, date(2023, 10, 25)) == ["2024-03-31"]


def test_the_day_a_decision_was_taken_is_past() -> None:
    sentence = "Het besluit, genomen in de ministerraad van vrijdag 28 februari, verlengt de bijdrage tot 2026."
    assert _dates(sentence, date(2025, 3, 5))[0] == "2025-02-28"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("De stafofficieren blijven er tot het einde van het jaar.", ["late 2024"]),
        ("De F-35's zijn opgestegen en blijven, zo meldt het ministerie, tot eind juli.", ["late 2024-07"]),
        ("In antwoord op een verzoek van de Verenigde Staten van eind mei gaan twee Reapers.", ["late 2023-05"]),
    ],
)
def test_year_ends_ends_after_an_aside_and_the_day_of_a_request(sentence: str, expected: list[str]) -> None:
    published = date(2023, 6, 14) if "verzoek" in sentence else FRIDAY
    assert _dates(sentence, published) == expected
