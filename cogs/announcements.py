"""Wires the dispatcher to Discord (bot/sender.py), watches for new facts, and leaves servers cleanly."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands, tasks

from bot.client import DeployBot
from bot.guild_config import GuildConfig
from bot.render.problems import problem
from bot.sender import DiscordSender

log = logging.getLogger(__name__)

FACTS_CHECK_SECONDS = 60


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
