"""The draft the ingester writes: missions, contributions, partners and milestones, each with the characters of
the article it came from and how sure the drafter is. Plain data; the extractor fills it, the writer prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dates import Certainty, Duration, FuzzyDate

Span = tuple[int, int]  # character offsets into the article: [start, end)


@dataclass
class DraftMission:
    slug: str
    name: str
    country: str | None
    existing: bool
    span: Span
    confidence: float


@dataclass
class DraftContribution:
    mission: str
    paragraph: int
    low: int | None
    high: int | None
    kind: str
    approximate: bool
    span: Span
    confidence: float
    equipment: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class DraftPartner:
    mission: str
    paragraph: int
    role: str
    span: Span
    confidence: float
    country: str | None = None
    organisation: str | None = None


@dataclass
class DraftMilestone:
    mission: str
    paragraph: int
    kind: str
    date: FuzzyDate
    certainty: Certainty
    span: Span
    confidence: float
    until: FuzzyDate | None = None
    duration: Duration | None = None


@dataclass
class Draft:
    published: FuzzyDate
    source_id: str
    missions: list[DraftMission] = field(default_factory=list)
    contributions: list[DraftContribution] = field(default_factory=list)
    partners: list[DraftPartner] = field(default_factory=list)
    milestones: list[DraftMilestone] = field(default_factory=list)
