"""Keeping discord.py's rate-limit buckets tidy in time proportional to the posts, not to posts × servers.

discord.py keeps one rate-limit bucket per route and channel (``HTTPClient._buckets``) and, once there are 256,
walks all of them every time it adds one, to drop those idle for five minutes. A fan-out posts to a new channel
every time, and every bucket of the last five minutes is still live: each post walks up to 14,400 buckets (five
minutes at 48 posts a second), which made one process holding 20,000 servers post slower than its pace (the
profile of ``python -m bench.run shards``: a fifth of the event loop's time in that walk).

:class:`BucketSweep` walks only when the buckets have doubled since the last walk, so each new bucket costs
O(1) on average, and the idle ones still go: at most twice the live buckets (and 256) are ever kept.
"""

from __future__ import annotations

from discord.http import HTTPClient

FLOOR = 256  # discord.py's own threshold: below it nothing is swept


class BucketSweep:
    """Stands in for ``HTTPClient._try_clear_expired_ratelimits``, which discord.py calls on each new bucket."""

    def __init__(self, http: HTTPClient) -> None:
        self.http = http
        self.next_at = FLOOR
        self.walks = 0  # how often it walked all buckets (for tests)

    def __call__(self) -> None:
        buckets = self.http._buckets
        if len(buckets) < self.next_at:
            return
        self.walks += 1
        for key in [key for key, bucket in buckets.items() if bucket.is_inactive()]:
            del buckets[key]
        self.next_at = max(FLOOR, 2 * len(buckets))


def amortise_bucket_sweep(http: HTTPClient) -> BucketSweep:
    """Make ``http`` sweep its idle buckets with a :class:`BucketSweep`; the sweep, for tests to watch."""
    sweep = BucketSweep(http)
    http._try_clear_expired_ratelimits = sweep  # type: ignore[method-assign]
    return sweep
