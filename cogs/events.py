"""Wires the scheduled-events sync to Discord (bot/sender.py) and tells it when a server's permissions change."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.client import DeployBot
from bot.sender import DiscordEvents

log = logging.getLogger(__name__)


class Events(commands.Cog):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.event_sync.start(DiscordEvents(self.bot))  # once: on_ready fires again on every reconnect

    async def cog_unload(self) -> None:
        await self.bot.event_sync.stop()

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        """A role of the bot changed: Manage Events may have been taken away or given back."""
        if before.permissions != after.permissions and after in after.guild.me.roles:
            self.bot.event_sync.changed(after.guild.id)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        self.bot.event_sync.changed(guild.id)

    @commands.Cog.listener()
    async def on_guild_forgotten(self, guild_id: int) -> None:
        """Removed from a server (the announcements cog forgot its settings): its events went with it."""
        await self.bot.event_sync.store.forget(guild_id)
        self.bot.event_sync.forget(guild_id)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Events(bot))
