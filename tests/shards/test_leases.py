"""A claim held by another live process is never settled here; once its lease runs out it is taken over and
settled from the channel's history, as a crash of this process's own would be."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.clock import ManualClock, utc
from bot.sandbox.session import Sandbox
from bot.storage.ledger import Ledger, State
from tests.schedule.test_dispatcher import _crash_at, configure, posts


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 1, 8))


async def _held_by_a_live_process_elsewhere(sandbox: Sandbox, lease: timedelta) -> None:
    """Hand the open claim to an instance on another host whose lease runs ``lease`` longer."""
    async with sandbox.bot.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO instances (id, host, pid, shards, shard_count, started_at, lease_until) "
            "VALUES ('other', 'elsewhere', 1, '', 1, ?, ?)",
            (sandbox.clock.now().isoformat(), (sandbox.clock.now() + lease).isoformat()),
        )
        await conn.execute("UPDATE announcements SET claimed_by = 'other' WHERE state = 'claimed'")


def _history_reads(sandbox: Sandbox) -> list[Any]:
    return [r for r in sandbox.server.requests if r.method == "GET" and r.path.endswith("/messages")]


@pytest.mark.parametrize("crash_at", ["send", "mark_sent"])
async def test_a_live_claim_waits_for_its_lease(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, crash_at: str
) -> None:
    from bot.sender import DiscordSender

    await configure(sandbox)
    await _crash_at(sandbox, monkeypatch, DiscordSender if crash_at == "send" else Ledger, crash_at)
    sent_before = len(posts(sandbox))
    await _held_by_a_live_process_elsewhere(sandbox, timedelta(seconds=60))
    reads = len(_history_reads(sandbox))
    await sandbox.restart_bot()  # a new process for the same servers, while the holder's lease runs

    await sandbox.advance_to(sandbox.clock.now() + timedelta(seconds=59))
    (claim,) = await Ledger(sandbox.bot.db).open_claims()
    assert claim.claimed_by == "other"
    assert len(posts(sandbox)) == sent_before and len(_history_reads(sandbox)) == reads  # not even looked at

    await sandbox.advance_to(sandbox.clock.now() + timedelta(seconds=2))  # the lease ran out: taken over
    assert not await Ledger(sandbox.bot.db).open_claims()
    assert len(posts(sandbox)) == 1
    (entry,) = [e for e in await Ledger(sandbox.bot.db).entries(sandbox.guild.id) if e.state is State.SENT]
    assert entry.claimed_by == sandbox.bot.instance_id
