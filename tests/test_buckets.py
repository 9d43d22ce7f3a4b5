"""discord.py's rate-limit buckets: a fan-out to many channels costs O(1) per post in bucket upkeep, not O(buckets)."""

from __future__ import annotations

import asyncio

import pytest
from discord.http import HTTPClient, Ratelimit

from bot.buckets import FLOOR, amortise_bucket_sweep
from bot.client import make_bot
from bot.settings import load_settings
from tests.paths import SEED_DATA_DIR


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count ``Ratelimit.is_inactive`` calls: each is one bucket looked at by a sweep."""
    calls = [0]
    original = Ratelimit.is_inactive

    def counted(self: Ratelimit) -> bool:
        calls[0] += 1
        return original(self)

    monkeypatch.setattr(Ratelimit, "is_inactive", counted)
    return calls


def _post_to_channels(http: HTTPClient, channels: range) -> None:
    """What each post of a fan-out does to the buckets: a new channel is a new bucket key."""
    for channel in channels:
        http.get_ratelimit(f"POST /channels/{{channel_id}}/messages:{channel}")


async def test_discord_py_alone_looks_at_every_bucket_for_every_new_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cause, kept as a witness: without the sweep, bucket upkeep grows with the square of the channels."""
    calls = _count_checks(monkeypatch)
    http = HTTPClient(asyncio.get_running_loop())
    _post_to_channels(http, range(1000))
    assert calls[0] > sum(range(FLOOR, 1000))  # every new bucket past 256 walks all of them


async def test_a_fan_out_looks_at_each_bucket_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_checks(monkeypatch)
    http = HTTPClient(asyncio.get_running_loop())
    sweep = amortise_bucket_sweep(http)
    _post_to_channels(http, range(20_000))
    assert len(http._buckets) == 20_000  # all still live (posted within five minutes): none may go
    assert calls[0] <= 2 * 20_000  # linear: the walks happen at 256, 512, 1024, … buckets
    assert sweep.walks <= 7


async def test_idle_buckets_still_go_and_memory_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    http = HTTPClient(asyncio.get_running_loop())
    amortise_bucket_sweep(http)
    loop = asyncio.get_running_loop()
    for round_ in range(10):  # ten fan-outs of 1,000 new channels, each five minutes after the one before
        for bucket in http._buckets.values():
            bucket._last_request = loop.time() - 301  # idle for over five minutes
        _post_to_channels(http, range(round_ * 1000, (round_ + 1) * 1000))
        assert len(http._buckets) <= 2 * 1000 + FLOOR
    assert f"POST /channels/{{channel_id}}/messages:{0}" not in http._buckets


async def test_a_bucket_in_use_is_never_swept(monkeypatch: pytest.MonkeyPatch) -> None:
    http = HTTPClient(asyncio.get_running_loop())
    amortise_bucket_sweep(http)
    loop = asyncio.get_running_loop()
    _post_to_channels(http, range(600))
    busy = http._buckets["POST /channels/{channel_id}/messages:0"]
    for bucket in http._buckets.values():
        bucket._last_request = loop.time() - 301
    busy.outgoing = 1  # a request still under way
    _post_to_channels(http, range(600, 2000))
    assert http._buckets["POST /channels/{channel_id}/messages:0"] is busy


async def test_the_bot_sweeps_its_buckets_this_way() -> None:
    bot = make_bot(load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None))
    assert bot.http._try_clear_expired_ratelimits is bot.bucket_sweep
    sharded = make_bot(
        load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR), "DEPLOYBOT_SHARD_COUNT": "2"}, env_file=None)
    )
    assert sharded.http._try_clear_expired_ratelimits is sharded.bucket_sweep
