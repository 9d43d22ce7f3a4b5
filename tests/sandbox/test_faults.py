"""The faults the loopback Discord can inject, seen from the real client: lost answers and the nonce window."""

from datetime import timedelta

import aiohttp
import discord
import pytest

from bot.sandbox.server import DROPPED
from bot.sandbox.session import Sandbox


def _channel(sandbox: Sandbox, name: str = "general") -> discord.TextChannel:
    channel = sandbox.bot.get_channel(sandbox.guild.channel_named(name).id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_unknown_outcome_the_message_exists_but_the_answer_is_lost(sandbox: Sandbox) -> None:
    channel = _channel(sandbox)
    sandbox.server.inject("POST", r"/channels/\d+/messages", DROPPED, carried_out=True)
    with pytest.raises(aiohttp.ClientError):
        await channel.send("did it arrive?", nonce="n-1")
    (stored,) = sandbox.channel_messages("general")
    assert stored["content"] == "did it arrive?"
    assert [m.content async for m in channel.history(limit=None)] == ["did it arrive?"]
    dropped = [r for r in sandbox.server.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert [r.status for r in dropped] == [0]  # never answered
    # The fault is used up: a retry with the same nonce is answered, with the message that already exists.
    again = await channel.send("did it arrive?", nonce="n-1")
    assert str(again.id) == stored["id"]
    assert len(sandbox.channel_messages("general")) == 1


async def test_unknown_outcome_without_a_nonce_a_retry_doubles(sandbox: Sandbox) -> None:
    channel = _channel(sandbox)
    sandbox.server.inject("POST", r"/channels/\d+/messages", DROPPED, times=2, carried_out=True)
    for _ in range(2):
        with pytest.raises(aiohttp.ClientError):
            await channel.send("twice")
    await channel.send("third")
    assert [m["content"] for m in sandbox.channel_messages("general")] == ["twice", "twice", "third"]


async def test_unknown_outcome_with_an_error_status(sandbox: Sandbox) -> None:
    channel = _channel(sandbox)
    sandbox.server.inject("POST", r"/channels/\d+/messages", 403, code=50013, carried_out=True)
    with pytest.raises(discord.Forbidden):
        await channel.send("posted all the same")
    assert [m["content"] for m in sandbox.channel_messages("general")] == ["posted all the same"]


async def test_a_refused_request_does_not_use_up_an_unknown_outcome(sandbox: Sandbox) -> None:
    channel = _channel(sandbox)
    sandbox.server.inject("POST", r"/channels/\d+/messages", DROPPED, carried_out=True)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send("x" * 2001)  # Discord refuses it: nothing was carried out
    assert refused.value.status == 400
    with pytest.raises(aiohttp.ClientError):
        await channel.send("this one is carried out")
    assert [m["content"] for m in sandbox.channel_messages("general")] == ["this one is carried out"]


async def test_a_plain_fault_refuses_before_anything_happens(sandbox: Sandbox) -> None:
    sandbox.server.inject("POST", r"/channels/\d+/messages", DROPPED)
    with pytest.raises(aiohttp.ClientError):
        await _channel(sandbox).send("never stored")
    assert sandbox.channel_messages("general") == []


async def test_the_nonce_protects_for_five_minutes_of_clock_and_no_longer(sandbox: Sandbox) -> None:
    channel = _channel(sandbox)
    first = await channel.send("once", nonce="deploybot-7")
    sandbox.clock.advance(timedelta(minutes=5))
    assert (await channel.send("once", nonce="deploybot-7")).id == first.id  # still inside the window
    sandbox.clock.advance(timedelta(seconds=1))
    second = await channel.send("once", nonce="deploybot-7")
    assert second.id != first.id  # Discord's behaviour: after the window the same nonce posts again
    assert [m["id"] for m in sandbox.channel_messages("general")] == [str(first.id), str(second.id)]
    assert [m.id async for m in channel.history(limit=None)] == [second.id, first.id]
    # the window now runs from the second message
    assert (await channel.send("once", nonce="deploybot-7")).id == second.id
    # the nonce is per channel
    elsewhere = await _channel(sandbox, "announcements").send("once", nonce="deploybot-7")
    assert elsewhere.id not in (first.id, second.id)
