"""The facts as known on one day: what every view and the scheduler read.

A source is known from its publication date. For each fact (mission and key) the newest known version is
current and the older ones are its history, so the bot can say "planned 100–150 → about 120 arrived".

Statuses are derived from the current milestones, never stored (see :mod:`bot.facts.periods`): the
mission's status is that of its Dutch contributions, each with its own period; the international
operation's own dates (``scope = "operation"``) give the operation's status, shown apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from bot.dates import FuzzyDate
from bot.facts.model import (
    Contribution,
    FactSet,
    Milestone,
    Mission,
    Organisation,
    Partner,
    Source,
    Status,
)
from bot.facts.periods import Period, add_months, contribution_periods, mission_status, operation_period
from bot.facts.search import Match, MissionIndex

STALE_MONTHS = 18  # a mission not ended whose newest source is older than this is "last reported" then

T = TypeVar("T", Contribution, Partner, Milestone)


@dataclass(frozen=True, slots=True)
class Versioned(Generic[T]):
    """The current version of a fact and the versions it replaced, oldest first."""

    current: T
    history: tuple[T, ...] = ()


@dataclass(frozen=True, slots=True)
class MissionView:
    mission: Mission
    organisation: Organisation
    status: Status
    contributions: tuple[Versioned[Contribution], ...]
    partners: tuple[Partner, ...]
    milestones: tuple[Versioned[Milestone], ...]
    sources: tuple[Source, ...]
    periods: tuple[Period, ...] = ()  # one per Dutch contribution that has start or end dates
    operation: Period | None = None  # the international operation, when its own dates are known
    last_reported: FuzzyDate | None = None  # set when the newest source is too old to present as current

    def reference(self, source_id: str) -> int:
        """The number of a source in this view's source list, from 1: how cards cite it."""
        return next(n for n, s in enumerate(self.sources, start=1) if s.id == source_id)


def _versions(items: Iterable[T], sources: dict[str, Source]) -> tuple[Versioned[T], ...]:
    groups: dict[tuple[str, str], list[T]] = {}
    for item in items:
        groups.setdefault((item.mission, item.key), []).append(item)
    result = []
    for versions in groups.values():
        versions.sort(key=lambda v: (sources[v.source].known_from, sources[v.source].published.first, v.source))
        result.append(Versioned(_inherit(versions[-1], versions[:-1]), tuple(versions[:-1])))
    return tuple(result)


# What a newer version may leave out without taking it away: a source overrides what it states, not what it omits.
_KEPT_WHEN_LEFT_OUT = {Partner: ("note",), Contribution: ("task", "equipment"), Milestone: ("note",)}


def _inherit(current: T, older: list[T]) -> T:
    """``current`` with the texts it leaves out taken from the newest older version that gave them."""
    changes = {}
    for name in _KEPT_WHEN_LEFT_OUT[type(current)]:
        if not getattr(current, name):
            given = next((getattr(v, name) for v in reversed(older) if getattr(v, name)), None)
            if given:
                changes[name] = given
    return replace(current, **changes) if changes else current


class Snapshot:
    """The facts known on ``as_of``. Pure and in memory: no I/O once built."""

    def __init__(self, facts: FactSet, as_of: date, index: MissionIndex | None = None) -> None:
        self.facts = facts
        self.as_of = as_of
        self.sources = {sid: s for sid, s in facts.sources.items() if s.known_from <= as_of}
        known = self.sources.keys()
        self.missions = {slug: m for slug, m in facts.missions.items() if m.source in known}
        self._index = index or build_index(facts)
        by_mission: dict[str, list[Contribution | Partner | Milestone]] = {}
        every: tuple[Contribution | Partner | Milestone, ...] = (
            *facts.contributions,
            *facts.partners,
            *facts.milestones,
        )
        for fact in every:
            if fact.source in known and fact.mission in self.missions:
                by_mission.setdefault(fact.mission, []).append(fact)
        self._views = {slug: self._view(m, by_mission.get(slug, [])) for slug, m in self.missions.items()}

    def _view(self, mission: Mission, facts: list[Contribution | Partner | Milestone]) -> MissionView:
        contributions = _versions((f for f in facts if isinstance(f, Contribution)), self.sources)
        milestones = sorted(
            _versions((f for f in facts if isinstance(f, Milestone)), self.sources),
            key=lambda v: (v.current.date.first, v.current.date.last, v.current.key),
        )
        partners = _versions((f for f in facts if isinstance(f, Partner)), self.sources)
        used = {f.source for f in facts} | {mission.source}
        sources = tuple(sorted((self.sources[s] for s in used), key=lambda s: (s.known_from, s.id)))
        current = [v.current for v in milestones]
        periods = contribution_periods(current, self.as_of)
        status = mission_status(periods)
        return MissionView(
            mission=mission,
            organisation=self.facts.organisations[mission.organisation],
            status=status,
            contributions=contributions,
            partners=tuple(v.current for v in partners),
            milestones=tuple(milestones),
            sources=sources,
            periods=periods,
            operation=operation_period(current, self.as_of),
            last_reported=None if status is Status.ENDED else self._last_reported(sources[-1]),
        )

    def _last_reported(self, newest: Source) -> FuzzyDate | None:
        """The newest source's month, when that is more than :data:`STALE_MONTHS` before ``as_of``."""
        if newest.known_from >= add_months(self.as_of, -STALE_MONTHS):
            return None
        published = newest.published
        return FuzzyDate.parse(f"{published.year}-{published.month:02d}") if published.month else published

    def mission(self, slug: str) -> MissionView | None:
        return self._views.get(slug)

    def views(self) -> list[MissionView]:
        """Every known mission, by English name."""
        return sorted(self._views.values(), key=lambda v: v.mission.name.en.casefold())

    def find(self, query: str, limit: int = 25) -> list[Match]:
        """Missions known today matching what a person typed, best first."""
        return [m for m in self._index.search(query, limit=limit + len(self.facts.missions)) if m.slug in self._views][
            :limit
        ]

    def suggest(self, query: str, limit: int = 3) -> list[MissionView]:
        """Known missions whose names look like ``query``: for "did you mean" after a miss."""
        return [
            self._views[s] for s in self._index.suggest(query, limit + len(self.facts.missions)) if s in self._views
        ][:limit]

    def milestones_between(self, start: date, end: date) -> list[tuple[MissionView, Milestone]]:
        """Current milestones whose period overlaps ``start``..``end``, in date order."""
        found = [
            (view, v.current)
            for view in self._views.values()
            for v in view.milestones
            if v.current.date.first <= end and v.current.date.last >= start
        ]
        return sorted(found, key=lambda pair: (pair[1].date.first, pair[0].mission.slug, pair[1].key))


def build_index(facts: FactSet) -> MissionIndex:
    """Every name a mission goes by: slug, names in both languages, place and aliases."""
    names: list[tuple[str, str]] = []
    for m in facts.missions.values():
        names += [(m.slug, n) for n in (m.slug, m.name.nl, m.name.en, m.place.nl, m.place.en, *m.aliases)]
    return MissionIndex(names)
