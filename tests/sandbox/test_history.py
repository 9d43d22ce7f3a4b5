"""Reading a channel's history through the real client: Discord's before/after/around, limits and order."""

from collections.abc import AsyncIterator
from datetime import timedelta

import discord
import pytest

from bot.sandbox.session import Sandbox
from bot.sandbox.world import Overwrite


def _channel(sandbox: Sandbox, name: str = "general") -> discord.TextChannel:
    channel = sandbox.bot.get_channel(sandbox.guild.channel_named(name).id)
    assert isinstance(channel, discord.TextChannel)
    return channel


def _fill(sandbox: Sandbox, count: int, name: str = "general") -> list[int]:
    """``count`` messages, one a second, oldest first: their ids."""
    channel = sandbox.guild.channel_named(name)
    ids = []
    for i in range(count):
        sandbox.clock.advance(timedelta(seconds=1))
        ids.append(int(sandbox.server.post(channel, f"m{i}")["id"]))
    return ids


async def _contents(history: AsyncIterator[discord.Message], at_most: int = 1000) -> list[str]:
    """The messages' contents, stopping at ``at_most`` so that a history that never ends fails instead of hanging."""
    seen = []
    async for message in history:
        seen.append(message.content)
        if len(seen) > at_most:
            break
    return seen


def _history_requests(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.server.requests if r.method == "GET" and r.path.endswith("/messages"))


async def test_after_a_snowflake_pages_through_everything_newer_oldest_first(sandbox: Sandbox) -> None:
    ids = _fill(sandbox, 250)
    after = discord.Object(ids[9])
    seen = await _contents(_channel(sandbox).history(after=after, limit=None))
    assert seen == [f"m{i}" for i in range(10, 250)]
    assert _history_requests(sandbox) == 3  # 100 + 100 + 40: Discord's page size, not one big answer


async def test_after_a_snowflake_that_is_no_message(sandbox: Sandbox) -> None:
    ids = _fill(sandbox, 5)
    between = discord.Object(ids[2] + 1)  # newer than m2, older than m3
    seen = await _contents(_channel(sandbox).history(after=between, limit=None))
    assert seen == ["m3", "m4"]
    assert await _contents(_channel(sandbox).history(after=discord.Object(ids[-1]), limit=None)) == []


async def test_without_anchor_newest_first_across_pages(sandbox: Sandbox) -> None:
    _fill(sandbox, 130)
    seen = await _contents(_channel(sandbox).history(limit=None))
    assert seen == [f"m{i}" for i in reversed(range(130))]
    assert [m.content async for m in _channel(sandbox).history(limit=3)] == ["m129", "m128", "m127"]


async def test_before_gives_the_nearest_older_messages(sandbox: Sandbox) -> None:
    ids = _fill(sandbox, 20)
    seen = [m.content async for m in _channel(sandbox).history(before=discord.Object(ids[10]), limit=4)]
    assert seen == ["m9", "m8", "m7", "m6"]


async def test_the_raw_answer_is_newest_first_for_every_anchor(sandbox: Sandbox) -> None:
    ids = _fill(sandbox, 20)
    http, channel_id = sandbox.bot.http, sandbox.guild.channel_named("general").id

    async def contents(**query: int) -> list[str]:
        limit = query.pop("limit")
        return [m["content"] for m in await http.logs_from(channel_id, limit, **query)]

    # after: the *oldest* messages newer than the anchor, yet listed newest first, as Discord does
    assert await contents(limit=3, after=ids[4]) == ["m7", "m6", "m5"]
    assert await contents(limit=3, before=ids[4]) == ["m3", "m2", "m1"]
    # around: half older, the rest at or after the anchor (the anchor message itself included)
    assert await contents(limit=5, around=ids[10]) == ["m12", "m11", "m10", "m9", "m8"]
    assert await contents(limit=4, around=ids[0]) == ["m1", "m0"]
    assert len(await contents(limit=100)) == 20


async def test_around_through_the_client(sandbox: Sandbox) -> None:
    ids = _fill(sandbox, 9)
    seen = [m.content async for m in _channel(sandbox).history(around=discord.Object(ids[4]), limit=3)]
    assert seen == ["m5", "m4", "m3"]


@pytest.mark.parametrize(("limit", "query"), [(0, {}), (101, {}), (5, {"before": 1, "after": 1})])
async def test_what_discord_refuses(sandbox: Sandbox, limit: int, query: dict[str, int]) -> None:
    _fill(sandbox, 3)
    with pytest.raises(discord.HTTPException) as caught:
        await sandbox.bot.http.logs_from(sandbox.guild.channel_named("general").id, limit, **query)
    assert (caught.value.status, caught.value.code) == (400, 50035)


async def test_history_needs_read_message_history(sandbox: Sandbox) -> None:
    _fill(sandbox, 3)
    world_channel = sandbox.guild.channel_named("general")
    bot_role = sandbox.guild.role_named("deploybot")
    world_channel.overwrites.append(Overwrite(bot_role.id, 0, deny=discord.Permissions(read_message_history=True)))
    with pytest.raises(discord.Forbidden) as caught:
        [m async for m in _channel(sandbox).history(limit=None)]
    assert (caught.value.status, caught.value.code) == (403, 50013)
    world_channel.overwrites.clear()
    assert len([m async for m in _channel(sandbox).history(limit=None)]) == 3
