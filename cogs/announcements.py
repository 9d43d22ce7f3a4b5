"""Wires the dispatcher to Discord: sending announcements, finding them again, and leaving servers cleanly."""

from __future__ import annotations

import logging
from datetime import timedelta

import aiohttp
import discord
from discord.ext import commands, tasks

from bot.client import DeployBot
from bot.render.announcements import Announcement
from bot.render.problems import problem
from bot.schedule.dispatcher import Outcome, SendResult
from bot.storage.guilds import GuildConfig
from cogs.ui import missing_permissions

log = logging.getLogger(__name__)

FACTS_CHECK_SECONDS = 60
RATE_LIMITED_RETRY = timedelta(seconds=2)  # a 429 clears in seconds; a 5xx waits the dispatcher's default
HISTORY_LOOKBACK = 50  # recent messages searched for an announcement a crash may have left unrecorded


class DiscordSender:
    """The dispatcher's :class:`~bot.schedule.dispatcher.Sender`, on discord.py."""

    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot

    async def ready(self) -> None:
        await self.bot.wait_until_ready()

    async def _channel(self, channel_id: int) -> discord.TextChannel | None:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                fetched = await self.bot.fetch_channel(channel_id)
            except (discord.NotFound, discord.Forbidden):
                return None
            channel = fetched
        return channel if isinstance(channel, discord.TextChannel) else None

    async def send(self, channel_id: int, message: Announcement, nonce: str) -> SendResult:
        channel = await self._channel(channel_id)
        if channel is None:
            return SendResult(Outcome.BLOCKED, problem=problem("channel_gone"))
        missing = missing_permissions(channel, channel.guild.me)
        if missing:
            return SendResult(
                Outcome.BLOCKED, problem=problem("missing_permissions", channel=channel.name, missing=",".join(missing))
            )
        role = [discord.Object(message.role_id)] if message.role_id else False
        try:
            sent = await channel.send(
                content=message.content,
                embed=discord.Embed.from_dict(message.embed),
                nonce=nonce,  # discord.py adds enforce_nonce: Discord returns the first message for a repeat
                allowed_mentions=discord.AllowedMentions(everyone=False, users=False, roles=role),
            )
        except discord.Forbidden as exc:
            return SendResult(Outcome.BLOCKED, problem=problem("refused", channel=channel.name, reason=exc.text))
        except discord.NotFound:
            return SendResult(Outcome.BLOCKED, problem=problem("channel_gone"))
        except (discord.DiscordServerError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("Discord had trouble posting to %s (%s); retrying later", channel_id, exc)
            return SendResult(Outcome.RETRY)
        except discord.HTTPException as exc:
            if exc.status != 429:
                raise
            log.warning("still rate limited posting to %s after discord.py's retries; retrying shortly", channel_id)
            return SendResult(Outcome.RETRY, retry_after=RATE_LIMITED_RETRY)
        return SendResult(Outcome.SENT, message_id=sent.id)

    async def find_sent(self, channel_id: int, nonce: str) -> int | None:
        channel = await self._channel(channel_id)
        if channel is None or self.bot.user is None:
            return None
        try:
            async for message in channel.history(limit=HISTORY_LOOKBACK):
                if message.author.id == self.bot.user.id and any(
                    nonce in (embed.footer.text or "") for embed in message.embeds
                ):
                    return message.id
        except discord.HTTPException:
            return None
        return None


class Announcements(commands.Cog):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # Started here, once: on_ready fires again on every reconnect.
        self.bot.dispatcher.on_problem = self._paused
        self.bot.dispatcher.start(DiscordSender(self.bot))
        self.watch_facts.start()

    async def cog_unload(self) -> None:
        self.watch_facts.cancel()
        await self.bot.dispatcher.stop()

    async def _paused(self, config: GuildConfig, problem: str) -> None:
        self.bot.dispatch("announcements_paused", config.guild_id, problem)

    @tasks.loop(seconds=FACTS_CHECK_SECONDS)
    async def watch_facts(self) -> None:
        """Pick up a `deploybot load` made by another process: one tiny query, then plan again if it moved."""
        try:
            changed = await self.bot.facts.refresh()
        except Exception:  # a task loop stops at its first unhandled error; this one must keep watching
            log.exception("checking the facts version failed; trying again in %s s", FACTS_CHECK_SECONDS)
            return
        if changed:
            log.info("facts changed to version %s; planning again", self.bot.facts.version)
            self.bot.dispatcher.wake()

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        """The announcement channel was deleted: say so in /config show at once, rather than at the next post."""
        config = await self.bot.guild_settings.get(channel.guild.id)
        if config.channel_id == channel.id and config.problem is None:
            await self.bot.dispatcher.pause(config, problem("channel_deleted"), self.bot.now())

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Removed from a server: its settings and ledger go with it."""
        await self.bot.guild_settings.forget(guild.id)
        self.bot.dispatcher.forget(guild.id)
        self.bot.dispatch("guild_forgotten", guild.id)
        log.info("left server %s: its settings and announcement ledger were deleted", guild.id)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Announcements(bot))
