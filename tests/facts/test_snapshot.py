"""What the bot knows on a given day: versions, history and derived status."""

from datetime import date

from bot.facts.model import FactSet, PersonnelKind, Status
from bot.facts.snapshot import Snapshot


def test_a_source_is_only_known_from_its_publication_date(facts: FactSet) -> None:
    before = Snapshot(facts, date(2020, 11, 19))
    assert before.mission("minusma") is None  # first mentioned by the seed article
    erbil = before.mission("erbil")
    assert erbil is not None  # the September 2020 plan is already known
    (start,) = [v for v in erbil.milestones if v.current.key == "deployment-start"]
    assert str(start.current.date) == "autumn 2020" and start.history == ()

    on_the_day = Snapshot(facts, date(2020, 11, 20))
    erbil = on_the_day.mission("erbil")
    assert erbil is not None
    (start,) = [v for v in erbil.milestones if v.current.key == "deployment-start"]
    assert str(start.current.date) == "2021-01"
    assert [str(h.date) for h in start.history] == ["autumn 2020"]


def test_planned_against_actual(facts: FactSet) -> None:
    view = Snapshot(facts, date(2021, 3, 1)).mission("erbil")
    assert view is not None
    (main,) = [v for v in view.contributions if v.current.key == "main"]
    assert (main.current.personnel_min, main.current.personnel_kind, main.current.approximate) == (
        120,
        PersonnelKind.ACTUAL,
        True,
    )
    assert [(h.personnel_min, h.personnel_max) for h in main.history] == [(100, 150), (100, 150)]


def test_status_is_derived_from_the_milestones_known_that_day(facts: FactSet) -> None:
    def status(slug: str, day: date) -> Status:
        view = Snapshot(facts, day).mission(slug)
        assert view is not None
        return view.status

    assert status("erbil", date(2020, 12, 1)) is Status.PLANNED
    assert status("erbil", date(2021, 2, 1)) is Status.ACTIVE  # January 2021 has passed
    assert status("erbil", date(2023, 5, 2)) is Status.ACTIVE  # the handover is not yet published
    assert status("erbil", date(2023, 5, 3)) is Status.ENDED
    assert status("minusma", date(2021, 11, 1)) is Status.PLANNED
    assert status("minusma", date(2021, 12, 1)) is Status.ACTIVE
    assert status("minusma", date(2022, 5, 16)) is Status.ENDED  # until 15 May 2022
    assert status("peshmerga-training", date(2020, 12, 1)) is Status.ENDED


def test_milestones_between_is_in_date_order(facts: FactSet) -> None:
    snap = Snapshot(facts, date(2021, 10, 20))
    found = [(v.mission.slug, m.key) for v, m in snap.milestones_between(date(2021, 10, 1), date(2022, 6, 1))]
    assert found == [("minusma", "final-decision"), ("minusma", "rotation-start")]


def test_a_newer_source_overrides_what_it_states_not_what_it_leaves_out(facts: FactSet) -> None:
    """defenceWeb (July 2020) gives Portugal's C295 and its dates; NRC (November 2020) names Portugal again, as a
    rotation partner, without them. The note stays."""
    view = Snapshot(facts, date(2021, 10, 20)).mission("minusma")
    assert view is not None
    (portugal,) = [p for p in view.partners if p.country == "PT"]
    assert portugal.source == "nrc-2020-11-20"
    assert portugal.note is not None and "C295" in portugal.note.en
