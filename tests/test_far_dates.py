"""Attack: a date at the very ends of what a data file can write (year 0001 or 9999, a typo away from 2001 or
1999) must be refused when the facts are read, with a clear error, instead of passing and then crashing the
planning of every server's announcements (0001) or /timeline and /calendar (9999) with an OverflowError.
Years that are accepted draw, export and plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates import DateError, FuzzyDate
from bot.facts.model import FactSet
from bot.facts.snapshot import Snapshot
from bot.guild_config import GuildConfig
from bot.i18n import Language
from bot.render.calendar import build_calendar
from bot.render.timeline_picture import current_views, render_timeline
from bot.schedule.planning import PlanIndex

OCT_20_2021 = date(2021, 10, 20)


@pytest.mark.parametrize("text", ["0001-01-01", "0001", "9999-12-31", "winter 9999", "late 9999", "0000", "1799-12"])
def test_a_year_outside_any_plausible_record_is_refused_by_name(text: str) -> None:
    with pytest.raises(DateError, match="between 1800 and 2999"):
        FuzzyDate.parse(text)


@pytest.mark.parametrize("text", ["1800-01-01", "1800", "2999-12-31", "winter 2999"])
def test_the_extreme_years_accepted_still_draw_export_and_plan(facts: FactSet, text: str) -> None:
    moved = tuple(
        replace(m, date=FuzzyDate.parse(text)) if (m.mission, m.key) == ("minusma", "rotation-start") else m
        for m in facts.milestones
    )
    snapshot = Snapshot(replace(facts, milestones=moved), OCT_20_2021)
    view = snapshot.mission("minusma")
    assert view is not None
    assert render_timeline([view], OCT_20_2021, Language.NL, single=True).png
    assert render_timeline(current_views(snapshot.views()), OCT_20_2021, Language.EN).png
    ics = build_calendar([view], snapshot, Language.EN, datetime(2021, 10, 20, tzinfo=UTC), "x")
    assert ics.events == len(view.milestones)
    PlanIndex(snapshot, [GuildConfig(1, channel_id=2)], ZoneInfo("Europe/Amsterdam"))
