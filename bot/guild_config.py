"""A server's announcement settings: the value every room reads (storage writes it, planning and rendering use it).

Defaults are registered here, as Red registers them: a server that changed nothing reads these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.i18n import Language

DEFAULT_LEADS: tuple[int, ...] = (30, 7, 1, 0)
DEFAULT_POST_TIME = time(9, 0)
ALL_MISSIONS = "*"


@dataclass(frozen=True, slots=True)
class GuildConfig:
    guild_id: int
    channel_id: int | None = None
    leads: tuple[int, ...] = DEFAULT_LEADS
    language: Language | None = None
    timezone: str | None = None
    post_time: time = DEFAULT_POST_TIME
    follow_all: bool = True
    missions: frozenset[str] = frozenset()  # followed, when not follow_all
    excluded: frozenset[str] = frozenset()  # not followed, when follow_all ("every mission except these")
    roles: dict[str, int] = field(default_factory=dict)  # mission slug or ALL_MISSIONS → role id
    paused: bool = False
    problem: str | None = None
    problem_since: datetime | None = None
    announce_from: datetime | None = None
    changed_at: datetime | None = None  # the last change to these settings (a post due because of it is not late)

    def zone(self, default: ZoneInfo) -> ZoneInfo:
        return ZoneInfo(self.timezone) if self.timezone else default

    def follows(self, mission: str) -> bool:
        return mission not in self.excluded if self.follow_all else mission in self.missions

    def role_for(self, mission: str) -> int | None:
        return self.roles.get(mission, self.roles.get(ALL_MISSIONS))

    @property
    def announcing(self) -> bool:
        """Whether announcements go out: a channel is set and neither a moderator nor a problem paused them."""
        return self.channel_id is not None and not self.paused and self.problem is None

    @property
    def announcement_language(self) -> Language:
        return self.language or Language.NL
