"""Commands for community members: /mission, /partners, /missions, /upcoming, /timeline, /help, /about."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.client import DeployBot


class Missions(commands.Cog):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot

    @app_commands.command(name=_("about"), description=_("Version and the sources of the facts"))
    async def about(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"deploybot {self.bot.version}", ephemeral=True)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Missions(bot))
