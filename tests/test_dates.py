from datetime import date

import pytest

from bot.dates import Certainty, DateError, Duration, FuzzyDate, Precision, format_with_certainty
from bot.i18n import Language

EN, NL = Language.EN, Language.NL


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2020-11-20", Precision.DAY, date(2020, 11, 20), date(2020, 11, 20)),
        ("2021-01", Precision.MONTH, date(2021, 1, 1), date(2021, 1, 31)),
        ("late 2021-01", Precision.MONTH, date(2021, 1, 21), date(2021, 1, 31)),
        ("early 2021-02", Precision.MONTH, date(2021, 2, 1), date(2021, 2, 10)),
        ("second-half 2021-11", Precision.HALF_MONTH, date(2021, 11, 16), date(2021, 11, 30)),
        ("first-half 2024-02", Precision.HALF_MONTH, date(2024, 2, 1), date(2024, 2, 15)),
        ("autumn 2020", Precision.SEASON, date(2020, 9, 1), date(2020, 11, 30)),
        ("winter 2020", Precision.SEASON, date(2020, 12, 1), date(2021, 2, 28)),
        ("2021", Precision.YEAR, date(2021, 1, 1), date(2021, 12, 31)),
        ("late 2021", Precision.YEAR, date(2021, 9, 1), date(2021, 12, 31)),
    ],
)
def test_parse_gives_the_period_the_date_covers(text: str, precision: Precision, first: date, last: date) -> None:
    parsed = FuzzyDate.parse(text)
    assert (parsed.precision, parsed.first, parsed.last) == (precision, first, last)
    assert str(parsed) == text  # round-trips to the data-file notation


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2021-02-30", "not a real day"),
        ("2021-13", "month 13"),
        ("soon 2021-01", "'soon' is not a qualifier"),
        ("late 2021-01-05", "cannot carry"),
        ("autumn 2020-10", "season takes a year"),
        ("January 2021", "not a date"),
        ("", "not a date"),
    ],
)
def test_bad_dates_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        FuzzyDate.parse(text)


@pytest.mark.parametrize(
    ("text", "english", "dutch"),
    [
        ("2020-11-20", "20 November 2020", "20 november 2020"),
        ("2021-01", "January 2021", "januari 2021"),
        ("late 2021-01", "late January 2021", "eind januari 2021"),
        ("mid 2021-06", "mid-June 2021", "medio juni 2021"),
        ("second-half 2021-11", "the second half of November 2021", "de tweede helft van november 2021"),
        ("autumn 2020", "autumn 2020", "najaar 2020"),
        ("spring 2020", "spring 2020", "voorjaar 2020"),
        ("2022", "2022", "2022"),
    ],
)
def test_dates_are_written_per_language(text: str, english: str, dutch: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert parsed.format(EN) == english
    assert parsed.format(NL) == dutch


def test_certainty_is_part_of_the_wording() -> None:
    january = FuzzyDate.parse("2021-01")
    assert format_with_certainty(january, Certainty.PROBABLE, EN) == "January 2021, probably"
    assert format_with_certainty(january, Certainty.PROBABLE, NL) == "januari 2021, waarschijnlijk"
    assert format_with_certainty(january, Certainty.EXPECTED, EN) == "January 2021, expected"
    assert format_with_certainty(FuzzyDate.parse("2022-05-07"), Certainty.ESTIMATED, EN) == "around 7 May 2022"
    assert format_with_certainty(january, Certainty.CONFIRMED, NL) == "januari 2021"


def test_durations() -> None:
    six = Duration.parse("about 6 months")
    assert six.approximate and six.amount == 6
    assert six.format(EN) == "about 6 months"
    assert six.format(NL) == "ongeveer 6 maanden"
    assert Duration.parse("1 year").format(NL) == "1 jaar"
    assert str(Duration.parse("2 weeks")) == "2 weeks"
    for bad in ("six months", "0 days", "3 fortnights"):
        with pytest.raises(DateError):
            Duration.parse(bad)
