"""Servers waiting to be tried again: after Discord asked to wait, after an unknown outcome, or after a failure
of our own (storage, a bug), with backoff. A failure stays with its server; its reason is shown while it lasts."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

log = logging.getLogger(__name__)

BACKOFF = (15, 30, 60, 120, 300)  # seconds between tries after a failure that is not Discord's (storage, bugs)


def backoff(failures: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(failures, len(BACKOFF)) - 1])


def describe(exc: BaseException) -> str:
    """An exception in one short line, for /config show and the log."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


class Retries:
    def __init__(self) -> None:
        self.troubles: dict[int, str] = {}  # a server's passing trouble, while it lasts
        self._failures: dict[int, int] = {}
        self._at: dict[int, datetime] = {}

    def retry(self, guild_id: int, at: datetime) -> None:
        """Look at this server again at ``at`` (or earlier, if already asked for)."""
        self._at[guild_id] = min(at, self._at.get(guild_id, at))

    def failed(self, guild_id: int, exc: BaseException, now: datetime) -> None:
        failures = self._failures[guild_id] = self._failures.get(guild_id, 0) + 1
        at = now + backoff(failures)
        self.retry(guild_id, at)
        self.troubles[guild_id] = describe(exc)
        log.error("announcements for server %s failed; trying again at %s", guild_id, at, exc_info=exc)

    def succeeded(self, guild_id: int) -> None:
        self._failures.pop(guild_id, None)
        self.troubles.pop(guild_id, None)

    def forget(self, guild_id: int) -> None:
        self.succeeded(guild_id)
        self._at.pop(guild_id, None)

    def waiting(self, guild_id: int, now: datetime) -> bool:
        """Whether this server is backing off at ``now``."""
        return self._at.get(guild_id, now) > now

    def due(self, now: datetime) -> set[int]:
        """The servers to look at again by ``now`` (taken off the list)."""
        ready = {guild_id for guild_id, at in self._at.items() if at <= now}
        for guild_id in ready:
            del self._at[guild_id]
        return ready

    def next_at(self) -> datetime | None:
        return min(self._at.values(), default=None)
