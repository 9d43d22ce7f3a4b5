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
