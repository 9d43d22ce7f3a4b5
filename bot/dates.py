"""Dates as sources give them: with a precision, a qualifier and a certainty, never an invented day.

A :class:`FuzzyDate` is written in data files as a short string:

==========================  ==========================================
``2020-11-20``              a day
``2021-01``                 a month
``early 2021-01``           early / mid / late in a month (or a year)
``second-half 2021-11``     first-half / second-half of a month (or a year)
``autumn 2020``             a (meteorological) season: spring, summer, autumn, winter
``2021``                    a year
==========================  ==========================================

Every date covers a period (:attr:`FuzzyDate.first` .. :attr:`FuzzyDate.last`). How dates are worded, in
Dutch and English, is decided here; the words themselves are in the catalogue (``date.*`` in :mod:`bot.i18n`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from bot.i18n import Language, say


class DateError(ValueError):
    """A date string that does not follow the grammar above."""


class Precision(StrEnum):
    DAY = "day"
    HALF_MONTH = "half-month"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


class Qualifier(StrEnum):
    EARLY = "early"
    MID = "mid"
    LATE = "late"
    FIRST_HALF = "first-half"
    SECOND_HALF = "second-half"


class Season(StrEnum):
    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


class Certainty(StrEnum):
    CONFIRMED = "confirmed"
    EXPECTED = "expected"
    PROBABLE = "probable"
    ESTIMATED = "estimated"


# Meteorological seasons: (first month, months long). Winter YYYY runs from December YYYY into YYYY+1.
_SEASON_MONTHS = {Season.SPRING: 3, Season.SUMMER: 6, Season.AUTUMN: 9, Season.WINTER: 12}

_SEASON_WORDS = frozenset(s.value for s in Season)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
# The years a fact may name. Four digits allow 0001 and 9999, a typo away from 2001 or 1999, which pass until
# a lead time, a calendar's end day or a picture's margin runs off the calendar (an OverflowError in planning).
FIRST_YEAR, LAST_YEAR = 1800, 2999


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to a precision. ``month``/``day`` are ``None`` where the precision does not reach."""

    year: int
    precision: Precision
    month: int | None = None
    day: int | None = None
    qualifier: Qualifier | None = None
    season: Season | None = None

    # -- parsing -------------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse the data-file notation; raises :class:`DateError` naming what is wrong."""
        if not isinstance(text, str):
            raise DateError(f"a date must be a string such as '2021-01' (got {type(text).__name__})")
        parsed = cls._parse(text)
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            raise DateError(f"'{text}': the year must be between {FIRST_YEAR} and {LAST_YEAR}")
        return parsed

    @classmethod
    def _parse(cls, text: str) -> FuzzyDate:
        words = text.strip().split()
        if not words or len(words) > 2:
            raise DateError(f"'{text}' is not a date: use forms like 2020-11-20, 2021-01, late 2021-01, 2021")
        head, core = (words[0], words[1]) if len(words) == 2 else (None, words[0])

        if head in _SEASON_WORDS:
            season_year = _YEAR.match(core)
            if not season_year:
                raise DateError(f"'{text}': a season takes a year, as in 'autumn 2020'")
            return cls(int(season_year.group(1)), Precision.SEASON, season=Season(head))

        qualifier: Qualifier | None = None
        if head is not None:
            try:
                qualifier = Qualifier(head)
            except ValueError:
                known = ", ".join([q.value for q in Qualifier] + [s.value for s in Season])
                raise DateError(f"'{text}' is not a date: '{head}' is not a qualifier (known: {known})") from None

        if m := _DAY.match(core):
            if qualifier is not None:
                raise DateError(f"'{text}': a day cannot carry the qualifier '{qualifier}'")
            year, month, day = (int(g) for g in m.groups())
            try:
                date(year, month, day)
            except ValueError as exc:
                raise DateError(f"'{text}' is not a real day ({exc})") from None
            return cls(year, Precision.DAY, month, day)
        if m := _MONTH.match(core):
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise DateError(f"'{text}': month {month} does not exist")
            half = qualifier in (Qualifier.FIRST_HALF, Qualifier.SECOND_HALF)
            return cls(year, Precision.HALF_MONTH if half else Precision.MONTH, month, qualifier=qualifier)
        if m := _YEAR.match(core):
            return cls(int(m.group(1)), Precision.YEAR, qualifier=qualifier)
        raise DateError(f"'{text}' is not a date: use forms like 2020-11-20, 2021-01, late 2021-01, 2021")

    def __str__(self) -> str:
        """The data-file notation (round-trips through :meth:`parse`)."""
        if self.precision is Precision.SEASON:
            return f"{self.season} {self.year}"
        if self.precision is Precision.DAY:
            core = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        elif self.month is not None:
            core = f"{self.year:04d}-{self.month:02d}"
        else:
            core = f"{self.year:04d}"
        return f"{self.qualifier} {core}" if self.qualifier else core

    # -- the period it covers ------------------------------------------------------------------------
    @property
    def first(self) -> date:
        """The earliest day the date can mean: where announcements anchor."""
        return self._bounds()[0]

    @property
    def last(self) -> date:
        """The latest day the date can mean."""
        return self._bounds()[1]

    def _bounds(self) -> tuple[date, date]:
        y = self.year
        if self.precision is Precision.DAY:
            assert self.month is not None and self.day is not None
            d = date(y, self.month, self.day)
            return d, d
        if self.precision is Precision.SEASON:
            assert self.season is not None
            start_y, start_m = y, _SEASON_MONTHS[self.season]
            end_y, end_m = _add_months(start_y, start_m, 2)
            return date(start_y, start_m, 1), date(end_y, end_m, _last_day(end_y, end_m))
        if self.month is not None:
            m, end = self.month, _last_day(y, self.month)
            spans = {
                None: (1, end),
                Qualifier.EARLY: (1, 10),
                Qualifier.MID: (11, 20),
                Qualifier.LATE: (21, end),
                Qualifier.FIRST_HALF: (1, 15),
                Qualifier.SECOND_HALF: (16, end),
            }
            lo, hi = spans[self.qualifier]
            return date(y, m, lo), date(y, m, hi)
        month_spans = {
            None: (1, 12),
            Qualifier.EARLY: (1, 4),
            Qualifier.MID: (5, 8),
            Qualifier.LATE: (9, 12),
            Qualifier.FIRST_HALF: (1, 6),
            Qualifier.SECOND_HALF: (7, 12),
        }
        lo, hi = month_spans[self.qualifier]
        return date(y, lo, 1), date(y, hi, _last_day(y, hi))

    # -- wording -------------------------------------------------------------------------------------
    def format(self, lang: Language, stamps: bool = False) -> str:
        """The date as a reader writes it: "late January 2021", "eind januari 2021", "najaar 2020"; with
        ``stamps`` a day is a Discord timestamp (:func:`discord_day`), which each reader sees in their own format."""
        if self.precision is Precision.DAY:
            assert self.month is not None and self.day is not None
            if stamps:
                return discord_day(date(self.year, self.month, self.day))
            return f"{self.day} {month_name(self.month, lang)} {self.year}"
        if self.precision is Precision.SEASON:
            assert self.season is not None
            return f"{season_name(self.season, lang)} {self.year}"
        what = f"{month_name(self.month, lang)} {self.year}" if self.month else str(self.year)
        if self.qualifier is None:
            return what
        return say(f"date.qualified.{self.qualifier}", lang, date=what)


def format_with_certainty(when: FuzzyDate, certainty: Certainty, lang: Language, stamps: bool = False) -> str:
    """ "January 2021, probably"; "around 7 May 2022"; a confirmed date plainly. ``stamps``: as in
    :meth:`FuzzyDate.format`."""
    text = when.format(lang, stamps)
    return text if certainty is Certainty.CONFIRMED else say(f"date.certainty.{certainty}", lang, date=text)


def format_day(day: date, lang: Language, stamps: bool = False) -> str:
    """A plain calendar day: "15 May 2022" / "15 mei 2022"; with ``stamps`` a Discord timestamp."""
    return discord_day(day) if stamps else f"{day.day} {month_name(day.month, lang)} {day.year}"


# -- Discord timestamps ----------------------------------------------------------------------------------
# Discord shows ``<t:UNIX:D>`` as a date in each reader's own language and format ("20 November 2020",
# "November 20, 2020", "20-11-2020"), and ``<t:UNIX:R>`` as a live countdown ("in 3 days"). It renders them
# in message content, embed descriptions and field values, not in titles, field names or footers: those keep
# dates in words. Only day-precise dates become timestamps; "January 2021" has no instant and stays in words.
DAY_INSTANT = time(11, 0, tzinfo=UTC)


def day_instant(day: date) -> int:
    """The Unix time that stands for a date-only ``day``: 11:00 UTC on it.

    Every reader's client shows that instant on its own clock, so it falls on the same calendar day for every
    UTC offset from −11:00 to +12:59: all of the Americas, Europe, Africa, Asia, Australia and New Zealand's
    standard time (+12) and the Chatham Islands (+12:45); noon UTC would have moved New Zealand to the next day.
    In UTC+13 and UTC+14 (New Zealand's summer time, Samoa, Tonga, Kiribati's Line Islands) it shows the next
    day, and in UTC−12 (no one lives there: Baker and Howland Islands) the day before. No single instant can do
    better: the offsets in use span 26 hours, a day 24.
    """
    return int(datetime.combine(day, DAY_INSTANT).timestamp())


def discord_day(day: date) -> str:
    """``day`` as a Discord timestamp, ``<t:UNIX:D>``: each client shows it as a date in its own format."""
    return f"<t:{day_instant(day)}:D>"


def discord_countdown(day: date) -> str:
    """``<t:UNIX:R>`` for ``day``: each client words it as "in 3 days" or "over 3 dagen", and keeps it current."""
    return f"<t:{day_instant(day)}:R>"


def month_name(month: int, lang: Language) -> str:
    """ "January" / "januari" for 1."""
    return say(f"date.month.{month}", lang)


def season_name(season: Season, lang: Language) -> str:
    """ "autumn" / "najaar"."""
    return say(f"date.season.{season}", lang)


class DurationUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


_DURATION = re.compile(r"^(about\s+)?(\d{1,4})\s+(days?|weeks?|months?|years?)$")


@dataclass(frozen=True, slots=True)
class Duration:
    """How long something lasts, as "6 months" or "about 6 months" in data files."""

    amount: int
    unit: DurationUnit
    approximate: bool = False

    @classmethod
    def parse(cls, text: str) -> Duration:
        m = _DURATION.match(text.strip().lower()) if isinstance(text, str) else None
        if not m or int(m.group(2)) == 0:
            raise DateError(f"'{text}' is not a duration: use forms like '6 months' or 'about 4 months'")
        unit = m.group(3) if m.group(3).endswith("s") else m.group(3) + "s"
        return cls(int(m.group(2)), DurationUnit(unit), approximate=bool(m.group(1)))

    def __str__(self) -> str:
        return f"{'about ' if self.approximate else ''}{self.amount} {self.unit}"

    def format(self, lang: Language) -> str:
        unit = say(f"date.unit.{self.unit}.{'one' if self.amount == 1 else 'other'}", lang)
        text = f"{self.amount} {unit}"
        return say("date.about", lang, amount=text) if self.approximate else text


def _in(when: FuzzyDate, lang: Language, stamps: bool = False) -> str:
    """The date as the object of a sentence: "on 20 November 2020", "in late January 2021", "eind januari 2021"."""
    if when.precision is Precision.DAY:
        return say("date.on_day", lang, date=when.format(lang, stamps))
    if when.qualifier in (Qualifier.EARLY, Qualifier.MID, Qualifier.LATE):
        return say("date.in_part", lang, date=when.format(lang))
    if when.precision is Precision.SEASON:
        assert when.season is not None
        return say("date.in_season", lang, season=season_name(when.season, lang), year=when.year)
    return say("date.in", lang, date=when.format(lang))


def describe_when(
    when: FuzzyDate, certainty: Certainty, lang: Language, until: FuzzyDate | None = None, stamps: bool = False
) -> str:
    """A date for a sentence, with its certainty: "expected in November 2021", "waarschijnlijk in januari 2021".
    ``stamps``: days as Discord timestamps (:func:`discord_day`), for text Discord renders them in."""
    if until is not None:
        span = say("date.span", lang, start=when.format(lang, stamps), end=until.format(lang, stamps))
        if certainty in (Certainty.EXPECTED, Certainty.PROBABLE):
            return say(f"date.phrase.{certainty}", lang, when=span)
        return span
    if certainty is Certainty.ESTIMATED:
        return say("date.certainty.estimated", lang, date=when.format(lang, stamps))
    text = _in(when, lang, stamps)
    return text if certainty is Certainty.CONFIRMED else say(f"date.phrase.{certainty}", lang, when=text)
