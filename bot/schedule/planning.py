"""When to announce what: pure functions of the facts, a server's settings and a time window.

An announcement is due at (anchor − lead days) at the server's post time in its time zone. The anchor is the
first day of the milestone's period. A day-precise date takes every lead; an imprecise one ("November 2021")
only the leads at least as long as its period, plus lead 0: a "this month" post on the first day.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Container, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.announcement import (
    CONTRIBUTION,
    NEWS,
    UPDATE,
    AnnouncementKey,
    ContributionVersion,
    MilestoneVersion,
    Told,
    Version,
)
from bot.dates import Precision
from bot.facts.model import Contribution, Milestone
from bot.facts.snapshot import MissionView, Snapshot
from bot.guild_config import GuildConfig

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
    """One announcement for one server, and when it falls due."""

    guild_id: int
    mission: str
    milestone: str  # the subject: a milestone's key, or CONTRIBUTION + a contribution's key
    version: Version
    lead: int
    at: datetime  # UTC
    known_at: datetime  # UTC: when this version became known
    event_last: date  # the last day the milestone's date can mean
    previous: Version | None = None  # for an update post: the version the server was told before

    @property
    def key(self) -> AnnouncementKey:
        return AnnouncementKey(self.guild_id, self.mission, self.milestone, self.version, self.lead)

    @property
    def row(self) -> tuple[int, str, str, str, int]:
        """The key as the ledger stores it."""
        return (self.guild_id, self.mission, self.milestone, self.version.encode(), self.lead)


def leads_for(m: Milestone, leads: tuple[int, ...]) -> list[int]:
    """The leads that fit the date's precision, longest first; never a lead that would invent a day.

    A date known only to a period always gets its "this month" post (lead 0) on the period's first day,
    whatever the leads: it is the one post that says something true and timely about it.
    """
    if m.date.precision is Precision.DAY:
        return sorted(set(leads), reverse=True)
    minimum = MINIMUM_LEAD[m.date.precision]
    return sorted({lead for lead in leads if lead >= minimum} | {0}, reverse=True)


@functools.lru_cache(maxsize=4096)  # servers share zones and post times: update posts ask for the same instants
def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``day`` at wall-clock ``at`` in ``zone``, as UTC (zoneinfo handles daylight saving)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


@functools.lru_cache(maxsize=4096)
def next_post_time(after: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The first moment at the server's post time that is not before ``after``."""
    local_day = after.astimezone(zone).date()
    candidate = local_instant(local_day, at, zone)
    return candidate if candidate >= after else local_instant(local_day + timedelta(days=1), at, zone)


def plan_guild(
    snapshot: Snapshot,
    config: GuildConfig,
    default_zone: ZoneInfo,
    told: Told | None = None,
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
    excluded: frozenset[str] = frozenset()  # with missions None: every mission but these


def profile_of(config: GuildConfig, default_zone: ZoneInfo) -> Profile:
    missions = None if config.follow_all else config.missions
    excluded = config.excluded if config.follow_all else frozenset()
    return Profile(config.zone(default_zone), config.post_time, config.leads, missions, excluded)


@dataclass(frozen=True, slots=True)
class Template:
    """A due time shared by every server with one profile: a :class:`Due` without the server."""

    at: datetime
    mission: str
    milestone: str
    version: MilestoneVersion
    lead: int
    known_at: datetime
    event_last: date

    def due_for(self, guild_id: int) -> Due:
        return Due(guild_id, self.mission, self.milestone, self.version, self.lead, self.at, self.known_at,
                   self.event_last)  # fmt: skip


def profile_templates(snapshot: Snapshot, profile: Profile) -> list[Template]:
    """Every lead announcement for one profile, in time order (update posts depend on the server).

    ``snapshot`` holds what is known in the easternmost zone. Where a milestone changed in a source that is
    not yet known in this profile's zone, the version it replaces is still planned here until the new one
    becomes known at the zone's own midnight: a server hears of a change on its own date, as its members do.
    """

    def known(m: Milestone) -> datetime:
        return local_instant(snapshot.sources[m.source].known_from, time(0, 0), profile.zone)

    recently = snapshot.as_of - timedelta(days=1)
    templates = []
    for view in snapshot.views():
        slug = view.mission.slug
        if (profile.missions is not None and slug not in profile.missions) or slug in profile.excluded:
            continue
        for versioned in view.milestones:
            current = versioned.current
            spans: list[tuple[Milestone, datetime | None]] = [(current, None)]
            if versioned.history and snapshot.sources[current.source].known_from >= recently:
                spans.append((versioned.history[-1], known(current)))
            for m, until in spans:
                version, known_at = MilestoneVersion.of(m), known(m)
                for lead in leads_for(m, profile.leads):
                    at = local_instant(m.date.first - timedelta(days=lead), profile.post_time, profile.zone)
                    if until is None or at < until:
                        templates.append(Template(at, slug, m.key, version, lead, known_at, m.date.last))
            first_known = min(snapshot.sources[v.source].known_from for v in (*versioned.history, current))
            news = _news(current, first_known)
            if news is not None:
                at = local_instant(news, profile.post_time, profile.zone)
                relevant = news + NEWS_RELEVANT
                templates.append(Template(at, slug, current.key, MilestoneVersion.of(current), NEWS, known(current),
                                          relevant))  # fmt: skip
    templates.sort(key=lambda t: (t.at, t.mission, t.milestone, -t.lead))
    return templates


TemplateKey = tuple[Profile, str, str, MilestoneVersion, int]  # a template without its times

NEWS_WINDOW = timedelta(days=30)  # a milestone that became known later than this after it happened is history
NEWS_RELEVANT = timedelta(days=7)  # after downtime, news is still posted (late) this long after it became known


def _news(m: Milestone, known_from: date) -> date | None:
    """The day to post news of ``m``: when it first became known after it began (an arrival reported
    afterwards), and not so long after that it is history. A milestone known by its own day already has its
    "today" post; a later source repeating it is no news."""
    if known_from <= m.date.first or m.date.last < known_from - NEWS_WINDOW:
        return None
    return known_from


class PlanIndex:
    """All servers' lead announcements, grouped by profile: the next due time is a lookup, not a scan.

    Ten thousand servers with the default settings share one profile, so they share one sorted list of due
    times; finding the next one is a binary search per profile. A server whose settings change moves between
    profiles (:meth:`put`) without re-planning anyone else. A server whose time zone cannot be loaded is kept
    out, with the reason in :attr:`broken`, so that one bad setting never stops the others.
    """

    def __init__(self, snapshot: Snapshot, configs: Iterable[GuildConfig], default_zone: ZoneInfo) -> None:
        self.snapshot, self.default_zone = snapshot, default_zone
        self.members: dict[Profile, dict[int, GuildConfig]] = {}
        self.templates: dict[Profile, list[Template]] = {}
        self._times: dict[Profile, list[datetime]] = {}
        self._profile_of: dict[int, Profile] = {}
        self.broken: dict[int, str] = {}
        for config in configs:
            self.put(config)

    def put(self, config: GuildConfig) -> None:
        """Add a server, or move it to the profile its settings now give."""
        self.remove(config.guild_id)
        try:
            profile = profile_of(config, self.default_zone)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            self.broken[config.guild_id] = f"the time zone {config.timezone!r} cannot be loaded ({exc})"
            return
        if profile not in self.templates:
            templates = profile_templates(self.snapshot, profile)
            self.templates[profile] = templates
            self._times[profile] = [t.at for t in templates]
        self.members.setdefault(profile, {})[config.guild_id] = config
        self._profile_of[config.guild_id] = profile

    def remove(self, guild_id: int) -> None:
        self.broken.pop(guild_id, None)
        profile = self._profile_of.pop(guild_id, None)
        if profile is None:
            return
        members = self.members[profile]
        members.pop(guild_id, None)
        if not members:  # nobody shares it any more: forget its plan
            del self.members[profile], self.templates[profile], self._times[profile]

    def config(self, guild_id: int) -> GuildConfig | None:
        profile = self._profile_of.get(guild_id)
        return None if profile is None else self.members[profile][guild_id]

    def configs(self) -> Iterator[GuildConfig]:
        for members in self.members.values():
            yield from members.values()

    def template_keys(self) -> set[TemplateKey]:
        """What is planned, without when: after the facts change, the keys that are new need a look back."""
        return {(p, t.mission, t.milestone, t.version, t.lead) for p, ts in self.templates.items() for t in ts}

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
                for config in self.members[profile].values():
                    if template.at >= max(config.announce_from or template.at, template.known_at):
                        yield config, template.due_for(config.guild_id)

    def still_relevant(
        self,
        end: datetime,
        guild_ids: Iterable[int] | None = None,
        only: set[TemplateKey] | None = None,
    ) -> Iterator[tuple[GuildConfig, Due]]:
        """Announcements due by ``end`` whose event has not passed in the server's zone: the look back after a
        start, a settings change or new facts. ``guild_ids`` limits it to some servers, ``only`` to some
        templates; history of events already past is never looked at again."""
        wanted = None if guild_ids is None else set(guild_ids)
        for profile, templates in self.templates.items():
            members = self.members[profile]
            servers = list(members.values()) if wanted is None else [members[g] for g in wanted if g in members]
            if not servers:
                continue
            today = end.astimezone(profile.zone).date()
            high = bisect.bisect_right(self._times[profile], end)
            for template in templates[:high]:
                if template.event_last < today:
                    continue
                if only is not None and (profile, template.mission, template.milestone, template.version,
                                         template.lead) not in only:  # fmt: skip
                    continue
                for config in servers:
                    if template.at >= max(config.announce_from or template.at, template.known_at):
                        yield config, template.due_for(config.guild_id)


def plan_updates(
    snapshot: Snapshot,
    config: GuildConfig,
    default_zone: ZoneInfo,
    told: Told,
    missions: Container[str] | None = None,
) -> Iterator[Due]:
    """Update posts for one server: what it was told about has changed since. ``missions`` limits it to some
    missions (a mission's update posts depend only on what the server was told about that mission)."""
    if not told:
        return
    zone = config.zone(default_zone)
    for view in snapshot.views():
        slug = view.mission.slug
        if not config.follows(slug) or (missions is not None and slug not in missions):
            continue
        for versioned in view.milestones:
            m = versioned.current
            before = told.get((slug, m.key))
            version = MilestoneVersion.of(m)
            if before is not None and before[0] != version.encode():
                known_at = local_instant(snapshot.sources[m.source].known_from, time(0, 0), zone)
                at = next_post_time(max(known_at, before[1]), config.post_time, zone)
                was = _milestone_version(before[0])
                yield Due(config.guild_id, slug, m.key, version, UPDATE, at, known_at, m.date.last, was)
        yield from _contribution_updates(snapshot, view, config, zone, told)


# Thousands of servers were told the same versions: they share one (immutable) decoded value each.
_milestone_version = functools.lru_cache(maxsize=1024)(MilestoneVersion.decode)
_contribution_version = functools.lru_cache(maxsize=1024)(ContributionVersion.decode)


def update_inputs(snapshot: Snapshot) -> dict[str, Hashable]:
    """Per mission, everything in ``snapshot`` that :func:`plan_updates` reads about it.

    Where two snapshots give a mission the same value, every server's update posts for that mission are the
    same under both: after new facts, only the missions whose value moved are worked out again.
    """

    def known(source: str) -> date:
        return snapshot.sources[source].known_from

    inputs: dict[str, Hashable] = {}
    for view in snapshot.views():
        milestones = tuple(
            (m.key, MilestoneVersion.of(m), known(m.source), m.date.last) for m in (v.current for v in view.milestones)
        )
        contributions = tuple(
            (v.current.key, tuple((ContributionVersion.of(c), known(c.source)) for c in (*v.history, v.current)))
            for v in view.contributions
        )
        inputs[view.mission.slug] = (milestones, contributions)
    return inputs


def _contribution_updates(
    snapshot: Snapshot,
    view: MissionView,
    config: GuildConfig,
    zone: ZoneInfo,
    told: Told,
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
        key, version = CONTRIBUTION + current.key, ContributionVersion.of(current)
        before = told.get((slug, key))
        if before is None:
            seen = [old for old in versioned.history if known(old) <= first_heard]
            if not seen:
                continue
            before = (ContributionVersion.of(seen[-1]).encode(), first_heard)
        if before[0] == version.encode() or known(current) <= first_heard:
            continue
        at = next_post_time(max(known(current), before[1]), config.post_time, zone)
        was = _contribution_version(before[0])
        yield Due(config.guild_id, slug, key, version, UPDATE, at, known(current), date.max, was)
