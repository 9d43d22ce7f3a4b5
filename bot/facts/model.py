"""The deployment facts: plain frozen dataclasses, loaded from ``data/`` and stored in SQLite.

Every fact names the source it came from (and the paragraph). A fact is known from its source's
publication date; several sources can give versions of the same fact (same mission and key), and the newest
known one is current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.dates import Certainty, Duration, FuzzyDate
from bot.i18n import Localized


class PersonnelKind(StrEnum):
    ESTIMATE = "estimate"
    PLANNED = "planned"
    CEILING = "ceiling"
    ACTUAL = "actual"


class PartnerRole(StrEnum):
    ROTATION_PARTNER = "rotation-partner"
    COORDINATOR = "coordinator"
    ALONGSIDE = "alongside"
    SUPPORTED = "supported"
    REQUESTER = "requester"
    HOST_NATION = "host-nation"
    SUCCESSOR = "successor"


class MilestoneKind(StrEnum):
    REQUEST = "request"
    DECISION = "decision"
    ANNOUNCEMENT = "announcement"
    DEBATE = "debate"
    DEPLOYMENT_START = "deployment-start"
    ARRIVAL = "arrival"
    ROTATION_START = "rotation-start"
    ROTATION_END = "rotation-end"
    HANDOVER = "handover"
    SUSPENSION = "suspension"
    SCALE_DOWN = "scale-down"
    WITHDRAWAL = "withdrawal"
    END = "end"
    MANDATE_END = "mandate-end"  # a mandate expires: a decision on extending it is due by then
    EXTENSION = "extension"  # a decision to extend


class Scope(StrEnum):
    """Whose date a milestone is: the international operation's, or one Dutch contribution's."""

    OPERATION = "operation"
    CONTRIBUTION = "contribution"


MAIN = "main"  # the default contribution key

# Milestones that mark a period beginning or ending: the statuses are derived from them.
START_KINDS = frozenset({MilestoneKind.DEPLOYMENT_START, MilestoneKind.ARRIVAL, MilestoneKind.ROTATION_START})
END_KINDS = frozenset(
    {
        MilestoneKind.ROTATION_END,
        MilestoneKind.HANDOVER,
        MilestoneKind.SUSPENSION,
        MilestoneKind.WITHDRAWAL,
        MilestoneKind.END,
    }
)


class Status(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    publisher: str
    title: str
    published: FuzzyDate
    language: str
    url: str | None = None
    no_url: str | None = None  # why a source has no address (a print edition, a page that is gone)

    @property
    def known_from(self) -> date:
        """The first day the bot may know what this source says (the end of an imprecise date)."""
        return self.published.last


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: Localized
    short: str


@dataclass(frozen=True, slots=True)
class Mission:
    slug: str
    source: str
    name: Localized
    organisation: str
    country: str
    place: Localized
    summary: Localized
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Equipment:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Contribution:
    source: str
    paragraph: int
    mission: str
    key: str
    country: str
    personnel_min: int | None
    personnel_max: int | None
    personnel_kind: PersonnelKind
    approximate: bool = False
    equipment: tuple[Equipment, ...] = ()
    task: Localized | None = None


@dataclass(frozen=True, slots=True)
class Partner:
    source: str
    paragraph: int
    mission: str
    role: PartnerRole
    country: str | None = None
    organisation: str | None = None
    note: Localized | None = None

    @property
    def key(self) -> str:
        return f"{self.country or self.organisation}:{self.role}"


@dataclass(frozen=True, slots=True)
class Milestone:
    source: str
    paragraph: int
    mission: str
    key: str
    kind: MilestoneKind
    date: FuzzyDate
    certainty: Certainty
    until: FuzzyDate | None = None
    duration: Duration | None = None
    note: Localized | None = None
    scope: Scope = Scope.CONTRIBUTION
    contribution: str = MAIN  # the key of the Dutch contribution it belongs to (contribution scope only)


@dataclass(frozen=True, slots=True)
class FactSet:
    """Everything in ``data/``, validated."""

    sources: dict[str, Source] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    missions: dict[str, Mission] = field(default_factory=dict)
    contributions: tuple[Contribution, ...] = ()
    partners: tuple[Partner, ...] = ()
    milestones: tuple[Milestone, ...] = ()
