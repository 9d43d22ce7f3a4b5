"""Attacks on "each reminder by DM at most once and, while its event lies ahead, at least once": the members'
dispatcher settles its claims from the member's DM history, as the servers' one does from a channel's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock, utc
from bot.dm_sender import DirectMessageSender
from bot.sandbox.faults import DROPPED
from bot.sandbox.session import Sandbox
from bot.storage.ledger import MEMBERS, Ledger, State
from tests.faults.test_exactly_once import write_data
from tests.sandbox_fixtures import start_sandbox


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 2, 6))


@pytest.fixture
async def sandbox(tmp_path: Path, clock: ManualClock, database: Path | str) -> AsyncIterator[Sandbox]:
    async with start_sandbox(tmp_path, clock, write_data(tmp_path), database=database) as running:
        running.server.messages.nonce_window = timedelta(0)  # every retry counts as late: only the ledger guards
        yield running


def dms(sandbox: Sandbox) -> list[dict[str, Any]]:
    bot_id = str(sandbox.world.bot.id)
    return [m for m in sandbox.world.dm_with(sandbox.member.user).messages if m["author"]["id"] == bot_id]


async def entries(sandbox: Sandbox) -> list[Any]:
    return await Ledger(sandbox.bot.db, MEMBERS).entries(sandbox.member.user.id)


async def crash_members_during(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, target: Any, name: str, at: datetime
) -> None:
    """Kill the members' dispatcher at ``target.name`` at ``at``: nothing after that line runs."""
    original = getattr(target, name)

    async def crash(*args: Any, **kwargs: Any) -> Any:
        task = sandbox.bot.member_dispatcher._task
        assert task is not None
        task.cancel()
        await asyncio.Event().wait()

    await sandbox.advance_to(at - timedelta(seconds=1))
    monkeypatch.setattr(target, name, crash)
    sandbox.clock.set(at)
    sandbox.bot.member_dispatcher.wake()
    task = sandbox.bot.member_dispatcher._task
    assert task is not None
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)
    monkeypatch.setattr(target, name, original)


async def test_a_dm_sent_before_a_crash_is_found_in_the_dm_history_after_a_late_restart(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sandbox.driver.slash("follow mission", mission="harbour", days="1,0")
    await crash_members_during(sandbox, monkeypatch, Ledger, "mark_sent", utc(2021, 11, 19, 8))
    assert len(dms(sandbox)) == 1  # it reached the member; the ledger does not know
    dm = sandbox.world.dm_with(sandbox.member.user)
    for i in range(150):  # the member writes back, more than a page of history
        sandbox.server.post(dm, f"thanks {i}", author=sandbox.member.user)  # type: ignore[arg-type]
    sandbox.clock.set(utc(2021, 11, 19, 9))
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(dms(sandbox)) == 1
    (entry,) = [e for e in await entries(sandbox) if e.key.lead == 1]
    assert entry.state is State.SENT and entry.message_id == int(dms(sandbox)[0]["id"])
    await sandbox.advance_to(utc(2021, 11, 21))
    assert len(dms(sandbox)) == 2  # and the next one, once
    opened = [r for r in sandbox.server.requests if r.path == "/users/@me/channels"]
    assert len(opened) == 1  # the DM channel, stored with the member, outlives the restart


async def test_a_dm_created_whose_answer_was_lost_is_found_not_repeated(sandbox: Sandbox) -> None:
    await sandbox.driver.slash("follow mission", mission="harbour", days="1")
    sandbox.server.inject("POST", r"/channels/\d+/messages", DROPPED, carried_out=True)
    await sandbox.advance_to(utc(2021, 11, 19, 8))
    await sandbox.advance_to(utc(2021, 11, 19, 9))
    assert len(dms(sandbox)) == 1
    (entry,) = await entries(sandbox)
    assert entry.state is State.SENT and entry.message_id == int(dms(sandbox)[0]["id"])


async def test_a_crash_between_claim_and_dm_sends_it_once_after_restart(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sandbox.driver.slash("follow mission", mission="harbour", days="1")
    await crash_members_during(sandbox, monkeypatch, DirectMessageSender, "send", utc(2021, 11, 19, 8))
    assert dms(sandbox) == []
    (claim,) = await entries(sandbox)
    assert claim.state is State.CLAIMED
    sandbox.clock.set(utc(2021, 11, 19, 10))
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(dms(sandbox)) == 1  # settled as absent from the DM history, planned afresh, sent once
    (entry,) = await entries(sandbox)
    assert entry.state is State.SENT
