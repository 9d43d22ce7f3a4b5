"""Day-precise dates as Discord timestamps: the instant chosen for a date-only day, and where they may appear."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates import Certainty, FuzzyDate, day_instant, describe_when, discord_countdown, discord_day
from bot.i18n import Language
from bot.sandbox.session import Sandbox

DAY = date(2020, 11, 20)


def _shown_in(zone: str, day: date) -> date:
    """The calendar day a reader's client in ``zone`` shows for ``day``'s timestamp."""
    return datetime.fromtimestamp(day_instant(day), UTC).astimezone(ZoneInfo(zone)).date()


@pytest.mark.parametrize(
    "zone",
    [
        "Pacific/Pago_Pago",  # UTC−11
        "Pacific/Honolulu",  # −10
        "America/Los_Angeles",
        "America/Sao_Paulo",
        "UTC",
        "Europe/Amsterdam",
        "Asia/Baghdad",
        "Asia/Kolkata",  # +5:30
        "Asia/Tokyo",
        "Australia/Sydney",  # +11 in November (summer time)
        "Pacific/Fiji",  # +12
    ],
)
def test_a_day_shows_as_that_day_from_utc_minus_11_to_plus_12(zone: str) -> None:
    assert _shown_in(zone, DAY) == DAY
    assert _shown_in(zone, date(2021, 6, 21)) == date(2021, 6, 21)  # and in the other half of the year


def test_new_zealands_winter_time_too() -> None:
    winter = date(2021, 6, 21)
    assert _shown_in("Pacific/Auckland", winter) == winter  # +12
    assert _shown_in("Pacific/Chatham", winter) == winter  # +12:45


def test_where_no_instant_can_help_as_the_docstring_says() -> None:
    assert _shown_in("Pacific/Kiritimati", DAY) == date(2020, 11, 21)  # UTC+14: the next day
    assert _shown_in("Pacific/Tongatapu", DAY) == date(2020, 11, 21)  # UTC+13
    assert _shown_in("Pacific/Auckland", DAY) == date(2020, 11, 21)  # +13: New Zealand's summer time
    assert _shown_in("Etc/GMT+12", DAY) == date(2020, 11, 19)  # UTC−12: the day before


def test_only_day_precise_dates_become_timestamps() -> None:
    stamp = discord_day(DAY)
    assert stamp == f"<t:{day_instant(DAY)}:D>" and discord_countdown(DAY) == f"<t:{day_instant(DAY)}:R>"
    assert day_instant(DAY) == int(datetime(2020, 11, 20, 11, tzinfo=UTC).timestamp())
    assert FuzzyDate.parse("2020-11-20").format(Language.EN, stamps=True) == stamp
    assert FuzzyDate.parse("2020-11-20").format(Language.EN) == "20 November 2020"
    for month_precise in ("2021-01", "late 2021-01", "second-half 2021-11", "autumn 2020", "2021"):
        when = FuzzyDate.parse(month_precise)
        assert when.format(Language.NL, stamps=True) == when.format(Language.NL)
    sentence = describe_when(FuzzyDate.parse("2020-11-20"), Certainty.EXPECTED, Language.NL, stamps=True)
    assert sentence == f"naar verwachting op {stamp}"
    span = describe_when(
        FuzzyDate.parse("second-half 2021-11"), Certainty.CONFIRMED, Language.EN, FuzzyDate.parse("2022-05-15"),
        stamps=True,
    )  # fmt: skip
    assert span.endswith(f"to {discord_day(date(2022, 5, 15))}") and "November 2021" in span


async def test_timestamps_never_where_discord_shows_them_raw(sandbox: Sandbox) -> None:
    """Titles, field names and footers show ``<t:…>`` as typed: dates stay in words there."""
    sandbox.clock.set(datetime(2023, 7, 15, 8, tzinfo=UTC))  # a day-precise date lies ahead (31 December 2023)
    stamps = 0
    for locale in ("en-US", "nl"):
        sandbox.driver.act_as(locale=locale)
        replies = [
            await sandbox.driver.slash("mission", name="minusma"),
            await sandbox.driver.slash("mission", name="erbil"),
            await sandbox.driver.slash("upcoming", days=365),
            await sandbox.driver.slash("timeline", mission="minusma"),
            await sandbox.driver.slash("missions"),
            await sandbox.driver.slash("partners", mission="minusma"),
        ]
        for reply in replies:
            for embed in reply.embeds:
                raw = [embed.get("title") or "", (embed.get("footer") or {}).get("text") or ""]
                raw += [f["name"] for f in embed.get("fields") or []]
                assert not any("<t:" in part for part in raw), raw
                stamps += reply.text.count("<t:")
    assert stamps > 0
