"""`deploybot audit`: what keeps the facts honest beyond what the loader can check in one file.

Problems (the exit code is 1) are wrong whatever the day: a source without a URL (and without a
``no_url`` reason), sources known on the same day that disagree about one fact, a contribution that ends
before it starts, a contribution without personnel or equipment.

Warnings are staleness, which only time brings (so CI does not turn red because a day passed): a mission
not ended whose newest source is more than 18 months old ("last reported"), a milestone that has passed
but is still marked expected or probable. Each names the source to follow up.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.dates import Certainty
from bot.facts.model import END_KINDS, START_KINDS, Contribution, FactSet, Milestone, MilestoneKind, Partner
from bot.facts.snapshot import STALE_MONTHS, Snapshot
from bot.i18n import Language

UNCONFIRMED = frozenset({Certainty.EXPECTED, Certainty.PROBABLE})


class Level(StrEnum):
    PROBLEM = "problem"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    subject: str  # "mission erbil", "source nrc-2020-11-20"
    level: Level
    message: str


def audit(facts: FactSet, today: date) -> list[Finding]:
    """Every finding, sorted by subject."""
    snapshot = Snapshot(facts, today)
    findings = [
        *_stale(snapshot),
        *_without_url(facts),
        *_disagreeing(facts),
        *_ends_before_start(facts),
        *_past_but_unconfirmed(snapshot),
        *_without_figures(facts),
    ]
    return sorted(set(findings))


def _stale(snapshot: Snapshot) -> Iterable[Finding]:
    for view in snapshot.views():
        if view.last_reported is not None:
            newest = view.sources[-1]
            yield Finding(
                f"mission {view.mission.slug}",
                Level.WARNING,
                f"{view.status.value}, but its newest source ({newest.id}, published {newest.published}) is more "
                f"than {STALE_MONTHS} months old: cards say 'last reported: {view.last_reported.format(Language.EN)}'",
            )


def _without_url(facts: FactSet) -> Iterable[Finding]:
    used: dict[str, int] = {}
    every: tuple[Contribution | Partner | Milestone, ...] = (*facts.contributions, *facts.partners, *facts.milestones)
    for fact in every:
        used[fact.source] = used.get(fact.source, 0) + 1
    for source in facts.sources.values():
        if source.url is None:
            count = used.get(source.id, 0)
            if source.no_url:
                yield Finding(f"source {source.id}", Level.WARNING, f"has no url ({source.no_url}); {count} fact(s)")
            else:
                yield Finding(
                    f"source {source.id}", Level.PROBLEM, f"has no url and no 'no_url' reason; {count} fact(s) cite it"
                )


def _values(fact: Contribution | Partner | Milestone) -> object:
    """What a fact says, whichever source says it."""
    return dataclasses.replace(fact, source="", paragraph=0)


def _disagreeing(facts: FactSet) -> Iterable[Finding]:
    """Two sources known from the same day give different versions of one fact: which is current is a guess."""
    groups: dict[tuple[str, str, str, date], list[Contribution | Partner | Milestone]] = {}
    kinds: list[tuple[str, tuple[Contribution | Partner | Milestone, ...]]] = [
        ("contribution", facts.contributions),
        ("partner", facts.partners),
        ("milestone", facts.milestones),
    ]
    for kind, items in kinds:
        for fact in items:
            known = facts.sources[fact.source].known_from
            groups.setdefault((kind, fact.mission, fact.key, known), []).append(fact)
    for (kind, mission, key, known), versions in groups.items():
        if len({_values(v) for v in versions}) > 1:
            names = ", ".join(sorted(v.source for v in versions))
            yield Finding(
                f"mission {mission}",
                Level.PROBLEM,
                f"{kind} '{key}': {names} are all known from {known} but disagree (which one is current?)",
            )


def _ends_before_start(facts: FactSet) -> Iterable[Finding]:
    """As known on each source's day: a contribution whose first end lies before its first start."""
    for day in sorted({s.known_from for s in facts.sources.values()}):
        snapshot = Snapshot(facts, day)
        for view in snapshot.views():
            groups: dict[str, list[Milestone]] = {}
            for versioned in view.milestones:
                m = versioned.current
                groups.setdefault(f"{m.scope.value} {m.contribution}", []).append(m)
            for owner, items in groups.items():
                starts = [m for m in items if m.kind in START_KINDS]
                ends = [m for m in items if m.kind in END_KINDS and m.kind is not MilestoneKind.SUSPENSION]
                if not starts or not ends:
                    continue
                start = min(starts, key=lambda m: m.date.first)
                end = min(ends, key=lambda m: m.date.last)
                if end.date.last < start.date.first:
                    yield Finding(
                        f"mission {view.mission.slug}",
                        Level.PROBLEM,
                        f"{owner}: '{end.key}' ({end.date}, {end.source}) ends it before '{start.key}' "
                        f"({start.date}, {start.source}) starts it",
                    )


def _past_but_unconfirmed(snapshot: Snapshot) -> Iterable[Finding]:
    for view in snapshot.views():
        for versioned in view.milestones:
            m = versioned.current
            if m.certainty in UNCONFIRMED and m.date.last < snapshot.as_of:
                yield Finding(
                    f"mission {view.mission.slug}",
                    Level.WARNING,
                    f"milestone '{m.key}' ({m.date}) has passed but is still marked {m.certainty.value} "
                    f"({m.source}): add a source that says what happened",
                )


def _without_figures(facts: FactSet) -> Iterable[Finding]:
    for c in facts.contributions:
        if c.personnel_min is None and not c.equipment:
            yield Finding(
                f"mission {c.mission}",
                Level.PROBLEM,
                f"contribution '{c.key}' in {c.source} gives neither personnel nor equipment",
            )
