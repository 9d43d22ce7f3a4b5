"""Statuses from periods: each Dutch contribution has its own; the operation's dates never count towards them."""

from datetime import date

from bot.dates import Certainty, FuzzyDate
from bot.facts.model import FactSet, Milestone, MilestoneKind, Scope, Status
from bot.facts.periods import OPERATION, add_months, contribution_periods, derive_period, mission_status
from bot.facts.snapshot import Snapshot


def milestone(
    kind: MilestoneKind,
    when: str,
    key: str | None = None,
    contribution: str = "main",
    scope: Scope = Scope.CONTRIBUTION,
    until: str | None = None,
) -> Milestone:
    return Milestone(
        "src", 1, "m", key or f"{contribution}-{kind.value}", kind, FuzzyDate.parse(when), Certainty.CONFIRMED,
        FuzzyDate.parse(until) if until else None, None, None, scope, contribution,
    )  # fmt: skip


def test_minusma_the_c130_rotation_ended_in_may_2022_the_un_operation_at_the_end_of_2023(facts: FactSet) -> None:
    def view(day: date):  # type: ignore[no-untyped-def]
        found = Snapshot(facts, day).mission("minusma")
        assert found is not None
        return found

    during = view(date(2022, 3, 1))
    assert during.status is Status.ACTIVE and during.operation is None  # the UN's end is not yet published

    after_rotation = view(date(2023, 7, 15))  # the Security Council decision is known, its date ahead
    assert after_rotation.status is Status.ENDED  # never "active until 31 December 2023"
    (c130,) = after_rotation.periods
    assert (c130.status, c130.ended) == (Status.ENDED, date(2022, 5, 15))
    assert after_rotation.operation is not None
    assert after_rotation.operation.status is Status.PLANNED  # no start of the operation is in the data
    deadline = after_rotation.operation.next_deadline
    assert deadline is not None and (deadline.kind, str(deadline.date)) == (MilestoneKind.END, "2023-12-31")

    later = view(date(2024, 1, 1))
    assert later.status is Status.ENDED
    assert later.operation is not None and (later.operation.status, later.operation.ended) == (
        Status.ENDED,
        date(2023, 12, 31),
    )


def test_an_operation_milestone_never_sets_the_dutch_status() -> None:
    items = [
        milestone(MilestoneKind.DEPLOYMENT_START, "2020-01-10", scope=Scope.OPERATION, key="op-start"),
        milestone(MilestoneKind.END, "2020-06-30", scope=Scope.OPERATION, key="op-end"),
    ]
    today = date(2021, 1, 1)
    assert contribution_periods(items, today) == ()
    assert mission_status(contribution_periods(items, today)) is Status.PLANNED
    assert derive_period(OPERATION, items, today).status is Status.ENDED


def test_each_contribution_has_its_own_period_and_any_active_one_makes_the_mission_active() -> None:
    items = [
        milestone(MilestoneKind.DEPLOYMENT_START, "2021-01-05"),
        milestone(MilestoneKind.WITHDRAWAL, "2021-06-30"),
        milestone(MilestoneKind.ARRIVAL, "2021-09", contribution="frigate"),
        milestone(MilestoneKind.ROTATION_START, "2022-03", contribution="f35", until="2022-08"),
    ]
    periods = {p.key: p.status for p in contribution_periods(items, date(2021, 12, 1))}
    assert periods == {"main": Status.ENDED, "frigate": Status.ACTIVE, "f35": Status.PLANNED}
    assert mission_status(contribution_periods(items, date(2021, 12, 1))) is Status.ACTIVE
    assert [p.key for p in contribution_periods(items, date(2021, 12, 1))] == ["main", "f35", "frigate"]
    # the frigate stays (no end known), so the mission stays active after the F-35s' rotation
    assert mission_status(contribution_periods(items, date(2023, 1, 1))) is Status.ACTIVE


def test_planned_when_none_is_active_but_one_is_yet_to_start() -> None:
    items = [
        milestone(MilestoneKind.DEPLOYMENT_START, "2021-01-05"),
        milestone(MilestoneKind.END, "2021-06-30"),
        milestone(MilestoneKind.DEPLOYMENT_START, "2022-02", contribution="second"),
    ]
    assert mission_status(contribution_periods(items, date(2021, 12, 1))) is Status.PLANNED
    assert mission_status(contribution_periods(items, date(2022, 3, 1))) is Status.ACTIVE


def test_a_start_after_an_end_opens_the_period_again_and_since_is_its_first_start() -> None:
    items = [
        milestone(MilestoneKind.DEPLOYMENT_START, "2020-01-10"),
        milestone(MilestoneKind.SUSPENSION, "2020-04"),
        milestone(MilestoneKind.ROTATION_START, "2020-09-01", key="resumed"),
        milestone(MilestoneKind.ROTATION_START, "2021-01-01", key="relief"),
    ]
    suspended = derive_period("main", items, date(2020, 6, 1))
    assert (suspended.status, suspended.ended) == (Status.ENDED, date(2020, 4, 30))
    resumed = derive_period("main", items, date(2021, 6, 1))
    assert resumed.status is Status.ACTIVE
    assert resumed.started is not None and resumed.started.key == "resumed"


def test_the_next_deadline_is_the_nearest_end_or_mandate_end_ahead() -> None:
    items = [
        milestone(MilestoneKind.DEPLOYMENT_START, "2024-01-10"),
        milestone(MilestoneKind.MANDATE_END, "2026-12-31"),
        milestone(MilestoneKind.EXTENSION, "2025-10-01"),
        milestone(MilestoneKind.WITHDRAWAL, "2027-06"),
    ]
    period = derive_period("main", items, date(2026, 1, 1))
    assert period.status is Status.ACTIVE  # a mandate end is no end of the deployment
    assert period.next_deadline is not None and period.next_deadline.kind is MilestoneKind.MANDATE_END
    assert derive_period("main", items, date(2027, 1, 1)).status is Status.ACTIVE


def test_months_move_both_ways_and_clamp() -> None:
    assert add_months(date(2026, 11, 29), -18) == date(2025, 5, 29)
    assert add_months(date(2024, 8, 31), -6) == date(2024, 2, 29)
    assert add_months(date(2021, 11, 30), 3) == date(2022, 2, 28)
