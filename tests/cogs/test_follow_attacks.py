"""An attacker's pass over following by DM: /forget-me and /unfollow landing between a claim and its send, a DM
channel that Discord deleted, two commands at once after a pause, one member's closed DMs beside others."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest

from bot.clock import ManualClock, utc
from bot.sandbox.session import Sandbox


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2020, 11, 21, 8))  # Erbil's deployment "probably in January 2021"


def _dms(sandbox: Sandbox) -> list[dict[str, object]]:
    return sandbox.world.dm_with(sandbox.member.user).messages


def _before_each_dm(sandbox: Sandbox, step: Callable[[], Awaitable[object]]) -> None:
    """Run ``step`` while a claimed DM waits for its slot under the global limit (the await between the claim and
    the send, where a member's command can land)."""
    pace = sandbox.bot.pace
    wait = pace.wait

    async def racing() -> None:
        await wait()
        await step()

    pace.wait = racing  # type: ignore[method-assign]


async def test_forget_me_between_claim_and_send_sends_nothing_and_leaves_no_row(sandbox: Sandbox) -> None:
    user_id = sandbox.member.user.id
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.advance_to(utc(2020, 12, 3))
    assert len(_dms(sandbox)) == 1  # the DM channel is open and cached
    cog = sandbox.bot.get_cog("Follow")
    assert cog is not None
    _before_each_dm(sandbox, lambda: cog.forget(user_id))  # type: ignore[attr-defined]

    await sandbox.advance_to(utc(2021, 1, 2))  # "this month" falls due on 1 January
    assert len(_dms(sandbox)) == 1  # nothing sent after forgetting
    assert await sandbox.bot.members.member(user_id) is None
    connection = sqlite3.connect(sandbox.bot.settings.database)
    try:
        for table in ("member_settings", "member_follows", "member_announcements"):
            assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table
    finally:
        connection.close()
    assert sandbox.bot.member_dispatcher.trouble is None


async def test_unfollow_between_claim_and_send_sends_nothing(sandbox: Sandbox) -> None:
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.advance_to(utc(2020, 12, 3))
    assert len(_dms(sandbox)) == 1
    members = sandbox.bot.members
    user_id = sandbox.member.user.id

    async def unfollow() -> None:
        await members.change(
            user_id, sandbox.clock.now(), lambda c: None if c is None else replace(c, missions=frozenset())
        )

    _before_each_dm(sandbox, unfollow)
    await sandbox.advance_to(utc(2021, 1, 2))
    assert len(_dms(sandbox)) == 1  # no reminder of a mission they no longer follow


async def test_a_deleted_dm_channel_is_opened_again_not_paused(sandbox: Sandbox) -> None:
    user_id = sandbox.member.user.id
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.advance_to(utc(2020, 12, 3))
    old = sandbox.world.dm_with(sandbox.member.user)
    assert len(old.messages) == 1
    del sandbox.world.dms[old.id]  # Discord forgot the channel: the cached id now answers 404 Unknown Channel
    slots: list[int] = []
    _before_each_dm(sandbox, lambda: asyncio.sleep(0, slots.append(1)))
    before = len(sandbox.server.requests)

    await sandbox.advance_to(utc(2021, 1, 2))
    sent = [r for r in sandbox.server.requests[before:] if r.method == "POST"]
    assert [r.status for r in sent] == [404, 200, 200]  # the stale channel, a new one opened, the DM in it
    assert len(slots) == len(sent)  # each request waited for its own slot under the global limit
    config = await sandbox.bot.members.member(user_id)
    assert config is not None and config.paused_reason is None
    new = sandbox.world.dm_with(sandbox.member.user)
    assert new.id != old.id and len(new.messages) == 1  # "this month", in the reopened channel, once
    assert config.dm_channel_id == new.id


async def test_two_commands_at_once_after_a_pause_tell_the_member_once(sandbox: Sandbox) -> None:
    import asyncio

    user_id = sandbox.member.user.id
    sandbox.world.closed_dms.add(user_id)
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.advance_to(utc(2020, 12, 3))
    config = await sandbox.bot.members.member(user_id)
    assert config is not None and config.paused_reason is not None and not config.paused_told

    cog = sandbox.bot.get_cog("Follow")
    assert cog is not None
    tell = cog._tell_if_paused  # type: ignore[attr-defined]
    checked: list[int] = []
    both = asyncio.Event()

    async def counted(interaction: object) -> None:
        await tell(interaction)
        checked.append(1)
        if len(checked) == 2:
            both.set()

    cog._tell_if_paused = counted  # type: ignore[attr-defined]
    replies = await asyncio.gather(sandbox.driver.slash("upcoming"), sandbox.driver.slash("missions"))
    await asyncio.wait_for(both.wait(), 10)
    notices = [f for reply in replies for f in reply.interaction.followups if "paused" in str(f.get("content"))]
    assert len(notices) == 1


async def test_one_members_closed_dms_pause_only_that_member(sandbox: Sandbox) -> None:
    closed = sandbox.member
    other = sandbox.world.add_member(sandbox.guild, "other")
    sandbox.world.closed_dms.add(closed.user.id)
    await sandbox.driver.slash("follow mission", mission="erbil")
    sandbox.driver.act_as(member=other)
    await sandbox.driver.slash("follow mission", mission="erbil")
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config channel", channel="#announcements")

    await sandbox.advance_to(utc(2021, 1, 2))
    paused = await sandbox.bot.members.member(closed.user.id)
    fine = await sandbox.bot.members.member(other.user.id)
    assert paused is not None and paused.paused_reason is not None
    assert fine is not None and fine.paused_reason is None
    assert len(sandbox.world.dm_with(other.user).messages) == 2  # 30 days before, and "this month"
    assert sandbox.channel_messages("announcements")  # the server goes on
    assert (await sandbox.bot.guild_settings.get(sandbox.guild.id)).problem is None


async def test_a_zone_change_after_a_reminder_went_out_does_not_send_it_again(sandbox: Sandbox) -> None:
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.advance_to(utc(2020, 12, 2, 8, 30))  # sent at 09:00 Amsterdam (08:00 UTC)
    assert len(_dms(sandbox)) == 1
    # 09:00 in Los Angeles is 17:00 UTC: the same reminder's due time moves hours into the future.
    await sandbox.driver.slash("follow settings", zone="America/Los_Angeles")
    await sandbox.advance_to(utc(2020, 12, 3))
    assert len(_dms(sandbox)) == 1
    # And to Tokyo (09:00 there is 00:00 UTC): due times move into the past; nothing is sent twice either.
    await sandbox.driver.slash("follow settings", zone="Asia/Tokyo")
    await sandbox.advance_to(utc(2021, 1, 1, 1))
    dms = _dms(sandbox)
    assert len(dms) == 2 and dms[1]["timestamp"] == "2021-01-01T00:00:00+00:00"  # "this month": 09:00 in Tokyo


async def test_forget_me_while_the_first_dm_channel_is_being_opened_sends_nothing(sandbox: Sandbox) -> None:
    user_id = sandbox.member.user.id
    await sandbox.driver.slash("follow mission", mission="erbil")
    cog = sandbox.bot.get_cog("Follow")
    assert cog is not None
    http = sandbox.bot.http
    start = http.start_private_message

    async def opened_then_forgotten(recipient: int) -> object:
        data = await start(recipient)
        await cog.forget(recipient)  # type: ignore[attr-defined]  # the member confirmed /forget-me meanwhile
        return data

    http.start_private_message = opened_then_forgotten  # type: ignore[method-assign]
    await sandbox.advance_to(utc(2020, 12, 3))
    assert _dms(sandbox) == []
    assert await sandbox.bot.members.member(user_id) is None
    assert user_id not in cog.sender.channels  # type: ignore[attr-defined]  # nothing kept in memory either
    connection = sqlite3.connect(sandbox.bot.settings.database)
    try:
        assert connection.execute("SELECT COUNT(*) FROM member_settings").fetchone() == (0,)
    finally:
        connection.close()


async def test_resuming_after_months_of_closed_dms_sends_no_burst_of_stale_reminders(sandbox: Sandbox) -> None:
    user_id = sandbox.member.user.id
    sandbox.world.closed_dms.add(user_id)
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.driver.slash("follow mission", mission="minusma")
    await sandbox.advance_to(utc(2021, 10, 20))  # paused on the first DM (2 December 2020), eleven months ago
    config = await sandbox.bot.members.member(user_id)
    assert config is not None and config.paused_reason is not None
    sandbox.world.closed_dms.discard(user_id)
    assert (await sandbox.driver.slash("follow resume")).content == "Your reminders are on again."
    await sandbox.advance_to(utc(2021, 10, 20, 12))
    dms = _dms(sandbox)
    # At most the latest still-relevant reminder per mission; nothing about dates that passed during the pause.
    assert 1 <= len(dms) <= 2, [m["embeds"] for m in dms]  # the rotation in November 2021 is still ahead
    texts = " ".join(str(m["embeds"]) for m in dms)
    assert "January 2021" not in texts and "2020" not in texts
    await sandbox.advance_to(utc(2021, 10, 21, 12))
    assert len(_dms(sandbox)) == len(dms)  # and nothing doubled the next day
