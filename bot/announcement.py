"""What an announcement is, shared by planning, rendering, the ledger and the sender.

The ledger's key names one announcement for one server: (server, mission, subject, version, lead). The version
is a typed value with an explicit text encoding, because the encoded text is stored in the ledger's primary key
and hashed into the nonce: a change to any ``__str__`` must never change a stored key (that would post a
spurious update to every server after an upgrade). ``tests/test_announcement.py`` pins the stored format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.dates import Certainty, Duration, FuzzyDate, Precision
from bot.facts.model import Contribution, Milestone, PersonnelKind

UPDATE = -1  # the lead of an update post: something the server was told about has changed
NEWS = -2  # the lead of a news post: a milestone that became known only once it had happened (an arrival)
CONTRIBUTION = "contribution:"  # the subject of a change in numbers, as in "contribution:main"
_SEPARATOR = " | "


def _date_text(value: FuzzyDate) -> str:
    """The data-file notation of a date, spelled out here so that the stored format cannot drift."""
    if value.precision is Precision.SEASON:
        return f"{value.season} {value.year}"
    if value.precision is Precision.DAY:
        core = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    elif value.month is not None:
        core = f"{value.year:04d}-{value.month:02d}"
    else:
        core = f"{value.year:04d}"
    return f"{value.qualifier} {core}" if value.qualifier else core


def _duration_text(value: Duration) -> str:
    return f"{'about ' if value.approximate else ''}{value.amount} {value.unit.value}"


@dataclass(frozen=True, slots=True)
class MilestoneVersion:
    """A milestone as known: date, end, duration and certainty. A change in any of them is news."""

    date: FuzzyDate
    until: FuzzyDate | None
    duration: Duration | None
    certainty: Certainty

    @classmethod
    def of(cls, milestone: Milestone) -> MilestoneVersion:
        return cls(milestone.date, milestone.until, milestone.duration, milestone.certainty)

    def encode(self) -> str:
        """``"second-half 2021-11 | 2022-05-15 | about 6 months | expected"``; absent parts are empty."""
        parts = [
            _date_text(self.date),
            _date_text(self.until) if self.until else "",
            _duration_text(self.duration) if self.duration else "",
            self.certainty.value,
        ]
        return _SEPARATOR.join(parts)

    @classmethod
    def decode(cls, text: str) -> MilestoneVersion:
        when, until, duration, certainty = (part.strip() for part in text.split("|"))
        return cls(
            FuzzyDate.parse(when),
            FuzzyDate.parse(until) if until else None,
            Duration.parse(duration) if duration else None,
            Certainty(certainty),
        )


@dataclass(frozen=True, slots=True)
class ContributionVersion:
    """The numbers of a contribution as known: a change in them is news for servers following the mission."""

    personnel_min: int | None
    personnel_max: int | None
    kind: PersonnelKind
    approximate: bool

    @classmethod
    def of(cls, contribution: Contribution) -> ContributionVersion:
        c = contribution
        return cls(c.personnel_min, c.personnel_max, c.personnel_kind, c.approximate)

    def encode(self) -> str:
        """``"70 | 130 | estimate | 0"``; an unknown number is stored as ``None`` (the format since the start)."""
        low = "None" if self.personnel_min is None else str(self.personnel_min)
        high = "None" if self.personnel_max is None else str(self.personnel_max)
        return _SEPARATOR.join([low, high, self.kind.value, "1" if self.approximate else "0"])

    @classmethod
    def decode(cls, text: str) -> ContributionVersion:
        low, high, kind, approximate = (part.strip() for part in text.split("|"))
        return cls(
            None if low == "None" else int(low),
            None if high == "None" else int(high),
            PersonnelKind(kind),
            approximate == "1",
        )


Version = MilestoneVersion | ContributionVersion
Told = dict[tuple[str, str], tuple[str, datetime]]  # (mission, subject) → (encoded version, when it was posted)


def decode_version(subject: str, text: str) -> Version:
    """The version stored for ``subject``: a contribution's numbers or a milestone's date."""
    if subject.startswith(CONTRIBUTION):
        return ContributionVersion.decode(text)
    return MilestoneVersion.decode(text)


@dataclass(frozen=True, slots=True)
class AnnouncementKey:
    """One announcement for one server: the ledger's primary key."""

    guild_id: int
    mission: str
    subject: str  # a milestone's key, or CONTRIBUTION + a contribution's key
    version: Version
    lead: int  # days before the date, or UPDATE

    def row(self) -> tuple[int, str, str, str, int]:
        """The values stored in the ledger's key columns."""
        return (self.guild_id, self.mission, self.subject, self.version.encode(), self.lead)

    @classmethod
    def from_row(cls, guild_id: int, mission: str, subject: str, version: str, lead: int) -> AnnouncementKey:
        return cls(int(guild_id), mission, subject, decode_version(subject, version), int(lead))

    @property
    def nonce(self) -> str:
        """A deterministic nonce of 20 characters (Discord allows 25): the same announcement, the same nonce."""
        digest = hashlib.blake2b(repr(self.row()).encode(), digest_size=9).hexdigest()
        return f"db{digest}"

    def __str__(self) -> str:
        return f"{self.guild_id}/{self.mission}/{self.subject}/{self.lead}"


CARD_BUTTON = "deploybot:card"  # custom id prefix of an announcement's "mission card" button


def card_button_id(mission: str, reference: str) -> str:
    """The custom id of a post's "mission card" button: it also carries the post's reference, out of sight,
    so that recovery after a crash can find the post whatever its text (at most 100 characters: slugs are
    bounded to 64, references are 20)."""
    return f"{CARD_BUTTON}:{mission}:{reference}"


@dataclass(frozen=True, slots=True)
class PictureOrder:
    """A picture a post may carry (an update about a moved date: the mission's new timeline), drawn only when
    the post goes out and the bot may attach files there. ``draw`` returns the PNG, its file name and its alt
    text; ``key`` tells equal pictures apart (many servers get the same update)."""

    key: Hashable
    draw: Callable[[], tuple[bytes, str, str]]


@dataclass(frozen=True, slots=True)
class Announcement:
    """What to post: the role ping (if any) goes in the content, everything else in one embed, and a button that
    shows the mission's card (its custom id carries the post's reference)."""

    content: str | None
    embed: dict[str, Any]  # a Discord embed, within every limit
    role_id: int | None
    button: tuple[str, str] | None = None  # (label, custom id)
    picture: PictureOrder | None = None


@dataclass(frozen=True, slots=True)
class Planned:
    """An announcement ahead, for ``/config show`` and ``/config preview``."""

    at: datetime  # UTC
    message: Announcement
