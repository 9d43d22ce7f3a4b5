"""Owner-only commands: reload the facts from data/, and sync the slash commands."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.client import DeployBot
from bot.facts.parse import FactsInvalid, load_facts
from bot.render.embeds import shorten
from cogs.ui import answer


@app_commands.default_permissions(administrator=True)
class Owner(commands.GroupCog, group_name=_("owner"), group_description=_("For the bot's owners")):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if await self.bot.is_owner(interaction.user):
            return True
        await answer(interaction, content="Only the bot's owners can do this.", ephemeral=True)
        return False

    @app_commands.command(name=_("reload"), description=_("Load data/ into the database and use it at once"))
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            # Parsed in a thread: reading and validating every file would hold up every other command meanwhile.
            facts = await asyncio.to_thread(load_facts, self.bot.settings.data_dir)
        except FactsInvalid as exc:
            problems = "\n".join(f"• {e}" for e in exc.errors)
            await answer(interaction, content=shorten(f"Nothing was changed:\n{problems}", 2000), ephemeral=True)
            return
        summary = await self.bot.fact_store.apply(facts, self.bot.now())
        await self.bot.facts.refresh(force=True)
        self.bot.dispatcher.wake()
        await answer(interaction, content=shorten("\n".join(summary.lines()), 2000), ephemeral=True)

    @app_commands.command(name=_("sync"), description=_("Register the slash commands with Discord"))
    async def sync(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        synced = await self.bot.tree.sync()
        await answer(interaction, content=f"Synced {len(synced)} commands.", ephemeral=True)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Owner(bot))
