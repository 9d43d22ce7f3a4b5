"""When to announce what: pure functions of the facts, a server's settings and a time window.

An announcement is due at (anchor − lead days) at the server's post time in its time zone. The anchor is the
first day of the milestone's period. A day-precise date takes every lead; an imprecise one ("November 2021")
only the leads at least as long as its period, plus lead 0: a "this month" post on the first day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dates import Precision
from bot.facts.model import Contribution, Milestone
from bot.facts.snapshot import MissionView, Snapshot
from bot.storage.guilds import GuildConfig

UPDATE = -1  # the lead of an update post: a milestone the server was told about has changed
CONTRIBUTION = "contribution:"  # ledger "milestone" of a change in numbers, as in "contribution:main"

# The shortest lead that still says something true about an imprecise date, per precision.
MINIMUM_LEAD = {
    Precision.DAY: 0,
    Precision.HALF_MONTH: 14,
    Precision.MONTH: 28,
    Precision.SEASON: 90,
    Precision.YEAR: 365,
}


@dataclass(frozen=True, slots=True)
class Due:
    """One announcement for one server: the ledger's key is (guild, mission, milestone, version, lead)."""

    guild_id: int
    mission: str
    milestone: str
    version: str
    lead: int
    at: datetime  # UTC
    known_at: datetime  # UTC: when this version of the milestone became known
    event_last: date  # the last day the milestone's date can mean
    previous: str | None = None  # for an update post: the version the server was told before

    @property
    def key(self) -> tuple[int, str, str, str, int]:
        return (self.guild_id, self.mission, self.milestone, self.version, self.lead)


def version_of(m: Milestone) -> str:
    """The milestone as known: date, end, duration and certainty. A change in any of them is news."""
    return " | ".join([str(m.date), str(m.until or ""), str(m.duration or ""), m.certainty.value])


def contribution_version(c: Contribution) -> str:
    """The numbers of a contribution as known: a change in them is news for servers following the mission."""
    return " | ".join([str(c.personnel_min), str(c.personnel_max), c.personnel_kind.value, str(int(c.approximate))])


def leads_for(m: Milestone, leads: tuple[int, ...]) -> list[int]:
    """The leads that fit the date's precision, longest first; never a lead that would invent a day."""
    minimum = MINIMUM_LEAD[m.date.precision]
    return sorted({lead for lead in leads if lead == 0 or lead >= minimum}, reverse=True)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``day`` at wall-clock ``at`` in ``zone``, as UTC (zoneinfo handles daylight saving)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def next_post_time(after: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The first moment at the server's post time that is not before ``after``."""
    local_day = after.astimezone(zone).date()
    candidate = local_instant(local_day, at, zone)
    return candidate if candidate >= after else local_instant(local_day + timedelta(days=1), at, zone)


def plan_guild(
    snapshot: Snapshot,
    config: GuildConfig,
    default_zone: ZoneInfo,
    told: dict[tuple[str, str], tuple[str, datetime]] | None = None,
) -> Iterator[Due]:
    """Every announcement this server should get from the facts as known in ``snapshot``.

    ``told`` maps (mission, milestone) to the version last announced to this server and when: when the current
    version differs, an update post is due at the first post time after both the change and that post.
    """
    zone = config.zone(default_zone)
    told = told or {}
    for view in snapshot.views():
        slug = view.mission.slug
        if not config.follows(slug):
            continue
        for versioned in view.milestones:
            m = versioned.current
            version = version_of(m)
            source = snapshot.sources[m.source]
            known_at = local_instant(source.known_from, time(0, 0), zone)
            for lead in leads_for(m, config.leads):
                at = local_instant(m.date.first - timedelta(days=lead), config.post_time, zone)
                yield Due(config.guild_id, slug, m.key, version, lead, at, known_at, m.date.last)
            before = told.get((slug, m.key))
            if before is not None and before[0] != version:
                at = next_post_time(max(known_at, before[1]), config.post_time, zone)
                yield Due(config.guild_id, slug, m.key, version, UPDATE, at, known_at, m.date.last, before[0])
        yield from _contribution_updates(snapshot, view, config, zone, told)


def _contribution_updates(
    snapshot: Snapshot,
    view: MissionView,
    config: GuildConfig,
    zone: ZoneInfo,
    told: dict[tuple[str, str], tuple[str, datetime]],
) -> Iterator[Due]:
    """An update post when the numbers change for a mission this server has been hearing about."""
    slug = view.mission.slug
    heard = [at for (mission, _), (_, at) in told.items() if mission == slug]
    if not heard:
        return
    first_heard = min(heard)

    def known(c: Contribution) -> datetime:
        return local_instant(snapshot.sources[c.source].known_from, time(0, 0), zone)

    for versioned in view.contributions:
        current = versioned.current
        key, version = CONTRIBUTION + current.key, contribution_version(current)
        before = told.get((slug, key))
        if before is None:
            seen = [old for old in versioned.history if known(old) <= first_heard]
            if not seen:
                continue
            before = (contribution_version(seen[-1]), first_heard)
        if before[0] == version or known(current) <= first_heard:
            continue
        at = next_post_time(max(known(current), before[1]), config.post_time, zone)
        yield Due(config.guild_id, slug, key, version, UPDATE, at, known(current), date.max, before[0])
