"""Owner-only commands, registered in the home server only: reload the facts from data/, sync the slash commands."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DeployBot, command_text
from bot.facts.parse import FactsInvalid
from bot.i18n import Language, say
from bot.render.embeds import shorten
from cogs.ui import answer

log = logging.getLogger(__name__)


@app_commands.default_permissions(administrator=True)
class Owner(
    commands.GroupCog,
    group_name=command_text("command.owner"),
    group_description=command_text("command.owner.description"),
):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if await self.bot.is_owner(interaction.user):
            return True
        await answer(interaction, content=say("owner.refused", await self._language(interaction)), ephemeral=True)
        return False

    async def _language(self, interaction: discord.Interaction) -> Language:
        return await self.bot.answer_language(interaction.guild_id, str(interaction.locale))

    @app_commands.command(
        name=command_text("command.owner.reload"), description=command_text("command.owner.reload.description")
    )
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            summary = await self.bot.reload_facts()
        except FactsInvalid as exc:
            problems = "\n".join(f"• {e}" for e in exc.errors)  # the loader's own words, as `deploybot load` prints
            text = say("owner.nothing_changed", await self._language(interaction), problems=problems)
            await answer(interaction, content=shorten(text, 2000), ephemeral=True)
            return
        await answer(interaction, content=shorten("\n".join(summary.lines()), 2000), ephemeral=True)

    @app_commands.command(
        name=command_text("command.owner.sync"), description=command_text("command.owner.sync.description")
    )
    async def sync(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        synced = await self.bot.sync_commands()
        count = sum(len(commands_) for commands_ in synced.values())
        text = say("owner.synced", await self._language(interaction), count=count)
        await answer(interaction, content=text, ephemeral=True)


async def setup(bot: DeployBot) -> None:
    """Registered in the home server only, so that other servers' admins never see it; nowhere without one."""
    home = bot.settings.home_guild_id
    if home is None:
        log.info("no DEPLOYBOT_HOME_GUILD_ID (or DEPLOYBOT_DEV_GUILD_ID): /owner is not registered")
        return
    await bot.add_cog(Owner(bot), guild=discord.Object(home))
