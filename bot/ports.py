"""The dispatcher's port to Discord: what it asks of a sender, and what a send can come to.

The scheduler talks to Discord only through :class:`Sender`; ``bot/sender.py`` implements it on discord.py and
the tests run the same implementation against the loopback Discord.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Protocol

from bot.announcement import Announcement
from bot.guild_config import GuildConfig

RETRY_AFTER = timedelta(minutes=5)


class Outcome(Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # the channel is gone or the bot may not post there: pause this server
    RETRY = "retry"  # Discord had trouble (5xx, 429, a reset): try again later, nothing lost
    UNKNOWN = "unknown"  # the request may or may not have reached Discord (the answer was lost)
    REJECTED = "rejected"  # Discord refused this very message (a 4xx other than 403/404/429): final for it


@dataclass(frozen=True, slots=True)
class SendResult:
    outcome: Outcome
    message_id: int | None = None
    problem: str | None = None
    retry_after: timedelta = RETRY_AFTER  # for RETRY: when to try again
    code: int | None = None  # Discord's JSON error code, for REJECTED


class Lookup(Enum):
    FOUND = "found"
    ABSENT = "absent"  # the whole history since the claim was read: the post did not go out
    UNREADABLE = "unreadable"  # history could not be read (no permission, channel gone): cannot tell


@dataclass(frozen=True, slots=True)
class Search:
    """What a look through a channel's history found."""

    lookup: Lookup
    message_id: int | None = None
    problem: str | None = None


class Sender(Protocol):
    async def ready(self) -> None:
        """Return once channels and permissions can be looked up (the gateway's first READY)."""
        ...

    async def send(self, channel_id: int, message: Announcement, nonce: str) -> SendResult: ...

    async def find_sent(self, channel_id: int, reference: str, since: datetime) -> Search:
        """Look through every message the channel received since ``since`` for ours carrying ``reference``."""
        ...


# -- Discord Scheduled Events -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventSpec:
    """One scheduled event as the bot wants it: what it sends when it creates or edits it."""

    ref: str  # "mission/milestone": stable, written as the description's last line so a lost answer can be found
    name: str
    description: str
    location: str
    start: datetime  # UTC
    end: datetime  # UTC

    def payload(self) -> dict[str, Any]:
        """The body of a create or edit: an external event, visible to the server's members."""
        return {
            "name": self.name,
            "description": self.description,
            "entity_type": 3,  # EXTERNAL
            "privacy_level": 2,  # GUILD_ONLY
            "entity_metadata": {"location": self.location},
            "scheduled_start_time": self.start.isoformat(),
            "scheduled_end_time": self.end.isoformat(),
        }

    def fingerprint(self) -> str:
        """What decides whether a stored event must be edited: every field the bot sends."""
        fields = (self.name, self.description, self.location, self.start.isoformat(), self.end.isoformat())
        return "\x1f".join(fields)


@dataclass(frozen=True, slots=True)
class RemoteEvent:
    """A scheduled event as Discord lists it: enough to recognise ours after a crash."""

    id: int
    creator_id: int | None
    description: str
    status: int  # 1 scheduled, 2 active, 3 completed, 4 cancelled


@dataclass(frozen=True, slots=True)
class EventResult:
    outcome: Outcome  # SENT (done), BLOCKED (permission: pause), RETRY, UNKNOWN, REJECTED (this event, for good)
    event_id: int | None = None
    problem: str | None = None
    retry_after: timedelta = RETRY_AFTER
    code: int | None = None
    gone: bool = False  # the event does not exist (deleted by hand): 404 Unknown Guild Scheduled Event


class EventPort(Protocol):
    """What the events sync asks of Discord (``bot/sender.py`` implements it on discord.py)."""

    async def ready(self) -> None: ...

    def missing_event_permission(self, guild_id: int) -> bool | None:
        """Whether the bot lacks Manage Events (and Create Events) in the server; None if it is not there."""
        ...

    async def list_events(self, guild_id: int) -> tuple[list[RemoteEvent] | None, EventResult]: ...

    async def create_event(self, guild_id: int, spec: EventSpec) -> EventResult: ...

    async def edit_event(self, guild_id: int, event_id: int, spec: EventSpec) -> EventResult: ...

    async def delete_event(self, guild_id: int, event_id: int) -> EventResult: ...


class Recipients(Protocol):
    """Whom a dispatcher posts to, in the shape it plans with: servers (``bot/storage/guilds.py``) or members
    following missions themselves (``bot/storage/members.py``)."""

    async def get(self, guild_id: int) -> GuildConfig: ...

    async def announcing_guilds(self) -> list[GuildConfig]: ...

    def drain_changes(self) -> set[int]: ...

    async def modify(
        self, guild_id: int, now: datetime, change: Callable[[GuildConfig], GuildConfig]
    ) -> GuildConfig: ...
