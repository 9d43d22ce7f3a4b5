"""Pacing sends below Discord's global rate limit, so a fan-out to many servers never storms into 429s.

discord.py handles per-route buckets and retries a 429, but it has no global pacing: a fan-out of thousands
of posts would run into the global limit again and again, and Discord bans clients that collect too many
429s. This spaces the announcements out at a steady rate instead. Real time, like Discord's limits.
"""

from __future__ import annotations

import asyncio
import collections
import time


class Pacer:
    """At most ``per_second`` acquisitions a second, evenly spaced; waiters are served in order.

    Also never more than ``per_second`` grants within any one second of real time, counted from when they were
    granted: when the event loop was held up (a busy machine, a long callback), the waiters whose turns passed
    meanwhile catch up only as far as that, instead of bursting past Discord's global limit into 429s.
    """

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self.per_second = max(1, int(per_second))
        self._next = 0.0
        self._granted: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:  # one waiter at a time, in order
            while True:
                now = time.monotonic()
                while self._granted and now - self._granted[0] >= 1.0:
                    self._granted.popleft()
                full = len(self._granted) >= self.per_second
                delay = 1.0 - (now - self._granted[0]) if full else self._next - now
                if delay <= 0:
                    break
                await asyncio.sleep(delay)
            self._granted.append(now)
            self._next = max(self._next + self.interval, now)  # on the schedule: a late wake does not drift it
