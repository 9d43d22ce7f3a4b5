"""Planning is pure: facts × a server's settings → when each announcement is due."""

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.announcement import NEWS, UPDATE, ContributionVersion, MilestoneVersion
from bot.dates import Certainty, FuzzyDate
from bot.facts.model import FactSet, Milestone, MilestoneKind
from bot.facts.snapshot import Snapshot
from bot.schedule.planning import leads_for, plan_guild
from bot.storage.guilds import GuildConfig

AMS = ZoneInfo("Europe/Amsterdam")


def _milestone(when: str) -> Milestone:
    return Milestone("s", 1, "m", "k", MilestoneKind.ROTATION_START, FuzzyDate.parse(when), Certainty.EXPECTED)


def test_imprecise_dates_only_take_leads_that_do_not_invent_a_day() -> None:
    leads = (30, 7, 1, 0)
    assert leads_for(_milestone("2021-11-20"), leads) == [30, 7, 1, 0]
    assert leads_for(_milestone("2021-11"), leads) == [30, 0]  # "this month" on the first
    assert leads_for(_milestone("second-half 2021-11"), leads) == [30, 0]
    assert leads_for(_milestone("autumn 2021"), (120, 30, 0)) == [120, 0]
    assert leads_for(_milestone("2022"), (400, 30, 0)) == [400, 0]


def _config(**changes: object) -> GuildConfig:
    base = GuildConfig(1, channel_id=2, announce_from=datetime(2020, 1, 1, tzinfo=UTC))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_posts_at_nine_local_on_both_sides_of_daylight_saving(facts: FactSet) -> None:
    snapshot = Snapshot(facts, date(2021, 10, 20))
    dues = [d for d in plan_guild(snapshot, _config(leads=(30, 7, 1, 0)), AMS) if d.mission == "minusma"]
    rotation = {d.lead: d.at for d in dues if d.milestone == "rotation-start"}
    # second half of November 2021 → anchored on 16 November; 30 days earlier is 17 October (summer time)
    assert rotation[30] == datetime(2021, 10, 17, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert rotation[0] == datetime(2021, 11, 16, 8, 0, tzinfo=UTC)  # 09:00 CET, after the clocks went back
    assert set(rotation) == {30, 0}
    for at in rotation.values():
        assert at.astimezone(AMS).time() == time(9, 0)


def test_day_precise_milestones_take_every_lead(facts: FactSet) -> None:
    snapshot = Snapshot(facts, date(2023, 5, 3))
    dues = {d.lead: d.at for d in plan_guild(snapshot, _config(), AMS) if d.milestone == "handover"}
    assert dues == {
        30: datetime(2023, 4, 1, 7, 0, tzinfo=UTC),
        7: datetime(2023, 4, 24, 7, 0, tzinfo=UTC),
        1: datetime(2023, 4, 30, 7, 0, tzinfo=UTC),
        0: datetime(2023, 5, 1, 7, 0, tzinfo=UTC),
        # Known only on 3 May (the weekly overview), two days after it happened: news that day.
        NEWS: datetime(2023, 5, 3, 7, 0, tzinfo=UTC),
    }


def test_time_zone_and_post_time_are_the_servers(facts: FactSet) -> None:
    snapshot = Snapshot(facts, date(2021, 10, 20))
    config = _config(timezone="America/New_York", post_time=time(18, 30))
    (due,) = [d for d in plan_guild(snapshot, config, AMS) if d.milestone == "rotation-start" and d.lead == 0]
    assert due.at == datetime(2021, 11, 16, 23, 30, tzinfo=UTC)


def test_followed_missions_only(facts: FactSet) -> None:
    snapshot = Snapshot(facts, date(2021, 10, 20))
    config = _config(follow_all=False, missions=frozenset({"erbil"}))
    assert {d.mission for d in plan_guild(snapshot, config, AMS)} == {"erbil"}


def test_a_changed_milestone_gives_one_update_post(facts: FactSet) -> None:
    before = Snapshot(facts, date(2021, 10, 14)).mission("minusma")
    assert before is not None
    (rotation,) = [v.current for v in before.milestones if v.current.key == "rotation-start"]
    told = {
        ("minusma", "rotation-start"): (MilestoneVersion.of(rotation).encode(), datetime(2021, 10, 2, 7, tzinfo=UTC))
    }
    after = Snapshot(facts, date(2021, 10, 15))
    updates = [
        d for d in plan_guild(after, _config(), AMS, told) if d.lead == UPDATE and d.milestone == "rotation-start"
    ]
    assert len(updates) == 1
    (update,) = updates
    assert update.previous == MilestoneVersion.of(rotation)
    assert update.at == datetime(2021, 10, 15, 7, 0, tzinfo=UTC)  # the server's post time on the day it is known
    assert update.version != update.previous


def test_changed_numbers_give_an_update_to_servers_hearing_about_the_mission(facts: FactSet) -> None:
    told = {
        ("minusma", "rotation-start"): ("2021-11 |  | about 6 months | expected", datetime(2021, 10, 2, 7, tzinfo=UTC))
    }
    after = Snapshot(facts, date(2021, 10, 15))
    (update,) = [d for d in plan_guild(after, _config(), AMS, told) if d.milestone == "contribution:main"]
    assert isinstance(update.previous, ContributionVersion)
    assert (update.previous.encode(), update.version.encode()) == ("70 | 130 | estimate | 0", "90 | 90 | planned | 1")
    assert update.at == datetime(2021, 10, 15, 7, 0, tzinfo=UTC)
    # A server that never heard of MINUSMA gets no update about its numbers.
    assert not [d for d in plan_guild(after, _config(), AMS, {}) if d.lead == UPDATE]


def test_a_server_west_of_the_news_keeps_the_old_date_until_its_own_midnight() -> None:
    """A source published on 15 October is known in Kiritimati (UTC+14) from 14 October 10:00 UTC; in Los Angeles
    only from its own midnight. Until then the old date is what that server knows and is reminded of."""
    from bot.facts.model import Mission, Organisation, Source
    from bot.i18n import Localized

    words = Localized("x", "x")
    sources = {
        "s1": Source("s1", "P", "T", FuzzyDate.parse("2021-10-01"), "en"),
        "s2": Source("s2", "P", "T", FuzzyDate.parse("2021-10-15"), "en"),
    }
    first = Milestone(
        "s1", 1, "m", "k", MilestoneKind.DEPLOYMENT_START, FuzzyDate.parse("2021-10-20"), Certainty.EXPECTED
    )
    moved = replace(first, source="s2", date=FuzzyDate.parse("2021-10-25"))
    facts = FactSet(
        sources=sources,
        organisations={"o": Organisation("o", words, "O")},
        missions={"m": Mission("m", "s1", words, "o", "CY", words, words)},
        milestones=(first, moved),
    )
    snapshot = Snapshot(facts, date(2021, 10, 15))  # the easternmost zone's date at 14 October 16:00 UTC
    la = ZoneInfo("America/Los_Angeles")
    dues = sorted((d.at, d.version.date) for d in plan_guild(snapshot, _config(timezone=str(la), leads=(6,)), AMS))
    assert dues == [
        (datetime(2021, 10, 14, 16, tzinfo=UTC), FuzzyDate.parse("2021-10-20")),  # 09:00 on 14 October in LA
        (datetime(2021, 10, 19, 16, tzinfo=UTC), FuzzyDate.parse("2021-10-25")),
    ]
    tokyo = sorted(d.at for d in plan_guild(snapshot, _config(timezone="Asia/Tokyo", leads=(6,)), AMS))
    # In Tokyo the news is known from 14 October 15:00 UTC: that morning's reminder still had the old date.
    assert tokyo == [datetime(2021, 10, 14, 0, tzinfo=UTC), datetime(2021, 10, 19, 0, tzinfo=UTC)]
    kiritimati = sorted(d.at for d in plan_guild(snapshot, _config(timezone="Pacific/Kiritimati", leads=(6,)), AMS))
    # Even in the easternmost zone, 14 October 09:00 came before the news of the 15th.
    assert kiritimati == [datetime(2021, 10, 13, 19, tzinfo=UTC), datetime(2021, 10, 18, 19, tzinfo=UTC)]


def test_every_mission_but_one_is_planned_without_that_one(facts: FactSet) -> None:
    snapshot = Snapshot(facts, date(2021, 10, 20))
    everything = {d.mission for d in plan_guild(snapshot, _config(), AMS)}
    but_erbil = {d.mission for d in plan_guild(snapshot, _config(excluded=frozenset({"erbil"})), AMS)}
    assert "erbil" in everything and but_erbil == everything - {"erbil"}
