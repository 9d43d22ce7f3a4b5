"""Discord's rate limits on the loopback Discord: the global limit and the per-channel message bucket."""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass

from aiohttp import web

from bot import limits
from bot.sandbox.wire import json_response


@dataclass
class RateLimitPolicy:
    """Discord's global limit and the per-channel message bucket. ``None`` turns one off."""

    global_per_second: int | None = limits.GLOBAL_REQUESTS_PER_SECOND
    messages_per_channel: tuple[int, float] | None = (5, 5.0)


class Window:
    """Requests in the last ``period`` seconds (real time: discord.py waits on real time too)."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = limit, period
        self.hits: collections.deque[float] = collections.deque()

    def _trim(self, now: float) -> None:
        while self.hits and now - self.hits[0] >= self.period:
            self.hits.popleft()

    def try_take(self, now: float) -> float | None:
        """Take one request; ``None`` if allowed, else seconds until one is free."""
        self._trim(now)
        if len(self.hits) >= self.limit:
            return self.period - (now - self.hits[0])
        self.hits.append(now)
        return None

    def headers(self, now: float, bucket: str) -> dict[str, str]:
        self._trim(now)
        reset_after = self.period - (now - self.hits[0]) if self.hits else self.period
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.limit - len(self.hits))),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }


class RateLimiter:
    """Counts requests against a policy; the policy is read on every request, so it may be swapped.

    The global limit is the bot's, as Discord's is: every request counts, whichever shard's process or
    connection sends it (one loopback Discord serves one bot)."""

    def __init__(self, policy: RateLimitPolicy) -> None:
        self.policy = policy
        self._global = Window(policy.global_per_second or 1, 1.0)
        self._buckets: dict[str, Window] = {}

    def check(self, bucket: str, params: dict[str, str], exempt: bool) -> tuple[web.Response | None, dict[str, str]]:
        """A 429 to answer instead (or ``None``), and the rate-limit headers for the answer."""
        now = time.monotonic()
        if self.policy.global_per_second and not exempt:
            wait = self._global.try_take(now)
            if wait is not None:
                return too_many_requests(wait, {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}), {}
        if bucket == "messages" and self.policy.messages_per_channel:
            limit, period = self.policy.messages_per_channel
            key = f"messages:{params['channel']}"
            window = self._buckets.setdefault(key, Window(limit, period))
            wait = window.try_take(now)
            if wait is not None:
                return too_many_requests(wait, {"X-RateLimit-Scope": "user", **window.headers(now, "messages")}), {}
            return None, window.headers(now, "messages")
        return None, {}


def too_many_requests(wait: float, headers: dict[str, str]) -> web.Response:
    """A 429 as Discord sends it: ``retry_after`` and ``global`` in the body, and a ``Via`` header, without
    which discord.py takes the 429 for a Cloudflare ban."""
    body = {
        "message": "You are being rate limited.",
        "retry_after": round(wait, 3),
        "global": headers.get("X-RateLimit-Global") == "true",
    }
    return json_response(body, 429, {"Via": "1.1 google", "Retry-After": f"{wait:.3f}", **headers})
