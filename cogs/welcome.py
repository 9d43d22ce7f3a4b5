"""A server that just added the bot gets one short setup hint: how a moderator chooses the announcement channel."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.client import DeployBot
from bot.i18n import Language, say
from bot.storage.welcomes import Welcomes

log = logging.getLogger(__name__)


class Welcome(commands.Cog):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot
        self.welcomes = Welcomes(bot.db)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Once per server ever, in its system channel if the bot may post there; otherwise nowhere (a hint is
        not worth guessing a channel for: /help shows moderators the same)."""
        try:
            if await self.welcomes.claim(guild.id, self.bot.now()):
                await self._hint(guild)
        finally:
            self.bot.dispatch("setup_hint_handled", guild.id)

    async def _hint(self, guild: discord.Guild) -> None:
        channel = guild.system_channel
        if channel is None:
            log.info("joined server %s: no system channel, so no setup hint", guild.id)
            return
        perms = channel.permissions_for(guild.me)
        if not (perms.view_channel and perms.send_messages):
            log.info("joined server %s: may not post in its system channel, so no setup hint", guild.id)
            return
        # Nobody has chosen a language here yet: the server's own (Community servers set it), else English.
        lang = Language.from_locale(str(guild.preferred_locale))
        mentions = self.bot.command_mentions(guild.id)
        text = say("welcome.hint", lang, channel=mentions("config channel"), help=mentions("help"))
        try:
            await channel.send(text)
        except discord.HTTPException as exc:  # at most once: a hint is not worth a retry
            log.warning("joined server %s: the setup hint was refused (%s)", guild.id, exc)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Welcome(bot))
