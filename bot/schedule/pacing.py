"""Pacing sends below Discord's global rate limit, so a fan-out to many servers never storms into 429s.

discord.py handles per-route buckets and retries a 429, but it has no global pacing: a fan-out of thousands
of posts would run into the global limit again and again, and Discord bans clients that collect too many
429s. This spaces the announcements out at a steady rate instead. Real time, like Discord's limits.
"""

from __future__ import annotations

import asyncio
import time


class Pacer:
    """At most ``per_second`` acquisitions a second, evenly spaced; waiters are served in order."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self.interval
        if delay > 0:
            await asyncio.sleep(delay)
