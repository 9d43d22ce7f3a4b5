"""When to announce what: pure functions of the facts, a server's settings and a time window.

An announcement is due at (anchor − lead days) at the server's post time in its time zone. The anchor is the
first day of the milestone's period. A day-precise date takes every lead; an imprecise one ("November 2021")
only the leads at least as long as its period, plus lead 0: a "this month" post on the first day.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
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
    for entry in profile_templates(snapshot, profile_of(config, default_zone)):
        yield entry.due_for(config.guild_id)
    yield from plan_updates(snapshot, config, default_zone, told or {})


@dataclass(frozen=True, slots=True)
class Profile:
    """What decides when announcements fall due; servers that share it share every due time."""

    zone: ZoneInfo
    post_time: time
    leads: tuple[int, ...]
    missions: frozenset[str] | None  # None: every mission


def profile_of(config: GuildConfig, default_zone: ZoneInfo) -> Profile:
    missions = None if config.follow_all else config.missions
    return Profile(config.zone(default_zone), config.post_time, config.leads, missions)


@dataclass(frozen=True, slots=True)
class Template:
    """A due time shared by every server with one profile: a :class:`Due` without the server."""

    at: datetime
    mission: str
    milestone: str
    version: str
    lead: int
    known_at: datetime
    event_last: date

    def due_for(self, guild_id: int) -> Due:
        return Due(guild_id, self.mission, self.milestone, self.version, self.lead, self.at, self.known_at,
                   self.event_last)  # fmt: skip


def profile_templates(snapshot: Snapshot, profile: Profile) -> list[Template]:
    """Every lead announcement for one profile, in time order (update posts depend on the server)."""
    templates = []
    for view in snapshot.views():
        slug = view.mission.slug
        if profile.missions is not None and slug not in profile.missions:
            continue
        for versioned in view.milestones:
            m = versioned.current
            version = version_of(m)
            known_at = local_instant(snapshot.sources[m.source].known_from, time(0, 0), profile.zone)
            for lead in leads_for(m, profile.leads):
                at = local_instant(m.date.first - timedelta(days=lead), profile.post_time, profile.zone)
                templates.append(Template(at, slug, m.key, version, lead, known_at, m.date.last))
    templates.sort(key=lambda t: (t.at, t.mission, t.milestone, -t.lead))
    return templates


class PlanIndex:
    """All servers' lead announcements, grouped by profile: the next due time is a lookup, not a scan.

    Ten thousand servers with the default settings share one profile, so they share one sorted list of due
    times; finding the next one is a binary search per profile.
    """

    def __init__(self, snapshot: Snapshot, configs: Iterable[GuildConfig], default_zone: ZoneInfo) -> None:
        self.members: dict[Profile, list[GuildConfig]] = {}
        for config in configs:
            self.members.setdefault(profile_of(config, default_zone), []).append(config)
        self.templates = {profile: profile_templates(snapshot, profile) for profile in self.members}
        self._times = {profile: [t.at for t in templates] for profile, templates in self.templates.items()}

    def configs(self) -> Iterator[GuildConfig]:
        for members in self.members.values():
            yield from members

    def next_due(self, after: datetime) -> datetime | None:
        """The first due time strictly after ``after`` (history, due before it was known, never counts)."""
        best: datetime | None = None
        for profile, times in self._times.items():
            templates = self.templates[profile]
            for index in range(bisect.bisect_right(times, after), len(times)):
                template = templates[index]
                if template.at >= template.known_at:
                    best = template.at if best is None else min(best, template.at)
                    break
        return best

    def due_between(self, start: datetime | None, end: datetime) -> Iterator[tuple[GuildConfig, Due]]:
        """Every server's lead announcements due in (``start``, ``end``]: not yet filtered by the ledger."""
        for profile, templates in self.templates.items():
            times = self._times[profile]
            low = 0 if start is None else bisect.bisect_right(times, start)
            high = bisect.bisect_right(times, end)
            for template in templates[low:high]:
                for config in self.members[profile]:
                    if template.at >= max(config.announce_from or template.at, template.known_at):
                        yield config, template.due_for(config.guild_id)


def plan_updates(
    snapshot: Snapshot,
    config: GuildConfig,
    default_zone: ZoneInfo,
    told: dict[tuple[str, str], tuple[str, datetime]],
) -> Iterator[Due]:
    """Update posts for one server: what it was told about has changed since."""
    if not told:
        return
    zone = config.zone(default_zone)
    for view in snapshot.views():
        slug = view.mission.slug
        if not config.follows(slug):
            continue
        for versioned in view.milestones:
            m = versioned.current
            before = told.get((slug, m.key))
            version = version_of(m)
            if before is not None and before[0] != version:
                known_at = local_instant(snapshot.sources[m.source].known_from, time(0, 0), zone)
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
