"""Periods and statuses, derived from milestones: a Dutch contribution's, the mission's, the operation's.

A period opens with a start milestone (deployment-start, arrival, rotation-start) once its date has fully
passed, and closes with an end milestone (rotation-end, handover, suspension, withdrawal, end) that has
passed, or when a start's own ``until`` or duration has run out. A later start opens it again.

Each Dutch contribution (by its key) has its own period, from its own milestones; the mission is active
when any contribution is, planned when none is active but one is yet to start, and ended when all have
ended. The international operation's own dates (``scope = "operation"``) never count towards that: they
give the operation's period, which is shown apart ("Operation: ended 31 December 2023").
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.dates import Duration, DurationUnit
from bot.facts.model import END_KINDS, MAIN, START_KINDS, Milestone, MilestoneKind, Scope, Status

# What can close a period, or must be decided before it closes: the next of these is shown as "ends".
DEADLINE_KINDS = END_KINDS | {MilestoneKind.MANDATE_END}
OPERATION = "operation"  # the key of the operation's own period


@dataclass(frozen=True, slots=True)
class Period:
    """One contribution's period (or the operation's), as known on one day."""

    key: str  # the contribution's key, or OPERATION
    status: Status
    started: Milestone | None = None  # the first start of the latest period, once it has passed
    ended: date | None = None  # the day the period closed, once it has
    closed_by: Milestone | None = None  # the milestone that closed it (an end, or a start that ran out)
    next_deadline: Milestone | None = None  # the nearest end or mandate end still ahead


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (either way), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_duration(day: date, duration: Duration) -> date:
    """``day`` plus a duration, clamping month arithmetic to the month's last day."""
    if duration.unit is DurationUnit.DAYS:
        return day + timedelta(days=duration.amount)
    if duration.unit is DurationUnit.WEEKS:
        return day + timedelta(weeks=duration.amount)
    return add_months(day, duration.amount * (12 if duration.unit is DurationUnit.YEARS else 1))


def milestone_end(milestone: Milestone) -> date | None:
    """The last day a period milestone ("until", or a start plus a duration) covers, if it is a period."""
    if milestone.until is not None:
        return milestone.until.last
    if milestone.duration is not None:
        return add_duration(milestone.date.first, milestone.duration)
    return None


def derive_period(key: str, milestones: Iterable[Milestone], today: date) -> Period:
    """The period that ``milestones`` (current versions, one contribution's or the operation's) describe."""
    items = list(milestones)
    starts = [m for m in items if m.kind in START_KINDS and m.date.last <= today]
    started = max(starts, key=lambda m: (m.date.first, m.date.last), default=None)
    closings: list[tuple[date, Milestone]] = [
        (m.date.last, m) for m in items if m.kind in END_KINDS and m.date.last <= today
    ]
    for m in starts:
        end = milestone_end(m)
        if end is not None and end < today:
            closings.append((end, m))
    since = started
    if started is not None:
        earlier = [day for day, _ in closings if day < started.date.first]
        if earlier:  # the current period began with the first start after the last closing before it
            since = min((m for m in starts if m.date.first > max(earlier)), key=lambda m: (m.date.first, m.key))
        else:
            since = min(starts, key=lambda m: (m.date.first, m.key))
        closings = [(day, m) for day, m in closings if day >= started.date.first]
    ahead = [m for m in items if m.kind in DEADLINE_KINDS and m.date.last > today]
    deadline = min(ahead, key=lambda m: (m.date.first, m.key), default=None)
    if closings:
        day, by = max(closings, key=lambda pair: (pair[0], pair[1].key))
        return Period(key, Status.ENDED, since, day, by, deadline)
    return Period(key, Status.ACTIVE if since else Status.PLANNED, since, next_deadline=deadline)


def contribution_periods(milestones: Iterable[Milestone], today: date) -> tuple[Period, ...]:
    """One period per Dutch contribution that has milestones, the main one first."""
    groups: dict[str, list[Milestone]] = {}
    for m in milestones:
        if m.scope is Scope.CONTRIBUTION:
            groups.setdefault(m.contribution, []).append(m)
    order = sorted(groups, key=lambda key: (key != MAIN, key))
    return tuple(derive_period(key, groups[key], today) for key in order)


def operation_period(milestones: Iterable[Milestone], today: date) -> Period | None:
    """The international operation's own period, or None when no source gives its dates."""
    own = [m for m in milestones if m.scope is Scope.OPERATION]
    return derive_period(OPERATION, own, today) if own else None


def mission_status(periods: Iterable[Period]) -> Status:
    """Active if any contribution is, else planned if any is yet to start, else ended (planned with none)."""
    statuses = {p.status for p in periods}
    if not statuses:
        return Status.PLANNED
    for status in (Status.ACTIVE, Status.PLANNED):
        if status in statuses:
            return status
    return Status.ENDED
