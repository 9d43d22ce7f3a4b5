"""The loopback Discord itself, driven by the real discord.py client."""

import asyncio
from datetime import timedelta

import discord
import pytest

from bot.sandbox.driver import DriverError
from bot.sandbox.server import RateLimitPolicy
from bot.sandbox.session import Sandbox


def _channel(sandbox: Sandbox, name: str) -> discord.TextChannel:
    channel = sandbox.bot.get_channel(sandbox.guild.channel_named(name).id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_a_broken_limit_is_refused_as_discord_does(sandbox: Sandbox) -> None:
    channel = _channel(sandbox, "general")
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send("x" * 2001)
    assert (caught.value.status, caught.value.code) == (400, 50035)
    assert "content" in caught.value.text
    too_big = [discord.Embed(title="t", description="d" * 4000), discord.Embed(description="d" * 2100)]
    with pytest.raises(discord.HTTPException, match="6000"):
        await channel.send(embeds=too_big)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(embed=discord.Embed(title="x" * 257))
    assert caught.value.code == 50035
    assert sandbox.channel_messages("general") == []


async def test_command_names_are_checked_on_sync(sandbox: Sandbox) -> None:
    tree = sandbox.bot.tree

    @discord.app_commands.command(name="ok", description="d" * 101)
    async def too_long(interaction: discord.Interaction) -> None:  # pragma: no cover - never invoked
        pass

    tree.add_command(too_long)
    with pytest.raises(discord.HTTPException) as caught:
        await tree.sync()
    assert (caught.value.status, caught.value.code) == (400, 50035)
    tree.remove_command("ok")


async def test_an_answer_later_than_three_seconds_is_unknown(sandbox: Sandbox) -> None:
    with pytest.raises(DriverError, match="10062"):
        await sandbox.driver.slash("about", age=timedelta(seconds=4))
    reply = await sandbox.driver.slash("about", age=timedelta(seconds=2))
    assert reply.embed["title"] == "About deploybot"


async def test_missing_permission_and_unknown_channel(sandbox: Sandbox) -> None:
    channel = _channel(sandbox, "announcements")
    world_channel = sandbox.guild.channel_named("announcements")
    bot_role = sandbox.guild.role_named("deploybot")
    from bot.sandbox.world import Overwrite

    world_channel.overwrites.append(Overwrite(bot_role.id, 0, deny=discord.Permissions(send_messages=True)))
    with pytest.raises(discord.Forbidden) as forbidden:
        await channel.send("hello")
    assert forbidden.value.code == 50013
    await sandbox.server.delete_channel(sandbox.guild, world_channel)
    with pytest.raises(discord.NotFound) as missing:
        await channel.send("hello")
    assert missing.value.code == 10003


async def test_rate_limits_are_honoured_and_nothing_is_lost(sandbox: Sandbox) -> None:
    sandbox.server.policy = RateLimitPolicy(global_per_second=50, messages_per_channel=None)
    channel = _channel(sandbox, "general")
    sandbox.server.inject("POST", r"/channels/\d+/messages", 429, retry_after=0.05)
    await asyncio.gather(*(channel.send(f"message {i}") for i in range(70)))
    contents = sorted(m["content"] for m in sandbox.channel_messages("general"))
    assert contents == sorted(f"message {i}" for i in range(70))
    statuses = [r.status for r in sandbox.server.requests if r.path.endswith("/messages")]
    assert statuses.count(429) >= 2  # the injected one and at least one global
    assert statuses.count(200) == 70


async def test_the_per_channel_bucket_sends_headers_the_client_follows(sandbox: Sandbox) -> None:
    sandbox.server.policy = RateLimitPolicy(global_per_second=None, messages_per_channel=(5, 0.5))
    channel = _channel(sandbox, "general")
    for i in range(8):
        await channel.send(f"n{i}")
    assert [m["content"] for m in sandbox.channel_messages("general")] == [f"n{i}" for i in range(8)]
    # discord.py waited on X-RateLimit-Remaining: 0 instead of running into 429s
    statuses = [r.status for r in sandbox.server.requests if r.path.endswith("/messages")]
    assert statuses.count(200) == 8


async def test_nonce_with_enforce_nonce_creates_one_message(sandbox: Sandbox) -> None:
    channel = _channel(sandbox, "general")
    first = await channel.send("once", nonce="deploybot-1")
    second = await channel.send("once", nonce="deploybot-1")
    assert first.id == second.id
    assert len(sandbox.channel_messages("general")) == 1
    sandbox.clock.advance(timedelta(minutes=6))
    third = await channel.send("once", nonce="deploybot-1")
    assert third.id != first.id  # outside Discord's window the nonce no longer protects


async def test_reconnect_resume_and_invalid_session(sandbox: Sandbox) -> None:
    server = sandbox.server
    await server.request_reconnect()
    await asyncio.wait_for(server.connected.wait(), 10)
    (session,) = server.sessions.values()
    assert session.resumes == 1 and server.identifies == 1
    assert (await sandbox.driver.slash("about")).embed["title"] == "About deploybot"

    await server.invalidate_session()
    await asyncio.wait_for(server.connected.wait(), 10)
    assert server.identifies == 2
    assert (await sandbox.driver.slash("about")).embed["title"] == "About deploybot"

    await server.drop_connection()
    await asyncio.wait_for(server.connected.wait(), 10)
    assert (await sandbox.driver.slash("about")).embed["title"] == "About deploybot"


async def test_guild_delete_reaches_the_bot(sandbox: Sandbox) -> None:
    removed = asyncio.ensure_future(sandbox.bot.wait_for("guild_remove", timeout=10))
    await sandbox.server.remove_guild(sandbox.guild)
    guild = await removed
    assert guild.id == sandbox.guild.id
    assert sandbox.bot.get_guild(sandbox.guild.id) is None


async def test_mentions_are_tracked_as_discord_would_ping(sandbox: Sandbox) -> None:
    channel = _channel(sandbox, "general")
    await channel.send("@everyone look")  # the bot's default allowed_mentions: none
    role = sandbox.guild.role_named("Moderator")
    await channel.send(f"<@&{role.id}>", allowed_mentions=discord.AllowedMentions(roles=[discord.Object(role.id)]))
    first, second = sandbox.channel_messages("general")
    assert first["pings"] == {"everyone": False, "users": [], "roles": []}
    assert second["pings"]["roles"] == [str(role.id)]


async def test_followups_fail_after_fifteen_minutes(sandbox: Sandbox) -> None:
    reply = await sandbox.driver.slash("about")
    followup = discord.Webhook.partial(sandbox.world.application_id, reply.interaction.token, client=sandbox.bot)
    await followup.send("still in time")
    sandbox.clock.advance(timedelta(minutes=16))
    with pytest.raises(discord.HTTPException) as caught:
        await followup.send("too late")
    assert (caught.value.status, caught.value.code) == (401, 50027)
