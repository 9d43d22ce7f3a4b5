"""A member who follows missions themselves: the recipient of reminders by direct message.

A member is a recipient in their own right, with their own time zone, post time, language, leads and missions,
as a server has its settings. The planner and the dispatcher take recipients through one shape, the
:class:`~bot.guild_config.GuildConfig` they were written for: :meth:`MemberConfig.audience` gives that shape,
with the member's user id as the recipient id and as the address of the DM (the DM channel is looked up from
it), and no role to ping. The member's rows live in their own ledger table (``member_announcements``), so a
server's stored keys and nonces stay exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from bot.guild_config import DEFAULT_LEADS, DEFAULT_POST_TIME, GuildConfig
from bot.i18n import Language

DMS_CLOSED = "problem.dms_closed"  # the pause reason when Discord refuses a DM with 50007 (a catalogue key)


@dataclass(frozen=True, slots=True)
class MemberConfig:
    user_id: int
    language: Language
    missions: frozenset[str] = frozenset()
    timezone: str | None = None
    post_time: time = DEFAULT_POST_TIME
    leads: tuple[int, ...] = DEFAULT_LEADS
    dm_channel_id: int | None = None
    paused_reason: str | None = None  # why the bot stopped sending (DMS_CLOSED), None while sending
    paused_since: datetime | None = None
    paused_told: bool = False  # whether the member was told why, on a command after the pause
    announce_from: datetime | None = None  # the latest follow: nothing due before it is sent
    changed_at: datetime | None = None

    @property
    def paused(self) -> bool:
        return self.paused_reason is not None

    def audience(self) -> GuildConfig:
        """The member as the dispatcher plans and posts for a recipient: following only their missions, on
        their own clock, in their language; not announcing while paused or following nothing."""
        return GuildConfig(
            guild_id=self.user_id,
            channel_id=self.user_id if self.missions else None,
            leads=self.leads,
            language=self.language,
            timezone=self.timezone,
            post_time=self.post_time,
            follow_all=False,
            missions=self.missions,
            problem=self.paused_reason,
            problem_since=self.paused_since,
            announce_from=self.announce_from,
            changed_at=self.changed_at,
        )
