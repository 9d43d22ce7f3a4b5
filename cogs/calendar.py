"""/calendar [mission]: the missions' dates as a calendar file (.ics) to import, in the member's language."""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DeployBot, command_text
from bot.i18n import say
from bot.render.calendar import build_calendar
from cogs.missions import member_command
from cogs.transformers import MissionNotFound, MissionSlug
from cogs.ui import answer


class Calendar(commands.Cog):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot

    @app_commands.command(
        name=command_text("command.calendar"), description=command_text("command.calendar.description")
    )
    @app_commands.describe(mission=command_text("command.parameter.mission.description"))
    @member_command
    async def calendar(self, interaction: discord.Interaction, mission: MissionSlug | None = None) -> None:
        lang = await self.bot.answer_language(interaction.guild_id, str(interaction.locale))
        snapshot = await self.bot.facts.snapshot()
        if mission is not None:
            view = snapshot.mission(mission)
            if view is None:  # the facts were reloaded between the transformer and here
                raise MissionNotFound(mission, [], sorted(snapshot.views(), key=lambda v: v.mission.slug))
            views = [view]
            name = say("calendar.name_one", lang, name=view.mission.name.get(lang))
        else:
            views = sorted(snapshot.views(), key=lambda v: v.mission.slug)
            name = say("calendar.name_all", lang)
        ics = build_calendar(views, snapshot, lang, self.bot.now(), name)
        if not ics.events:
            await answer(interaction, content=say("calendar.nothing", lang), ephemeral=True)
            return
        if mission is not None:
            text = say("calendar.content_one", lang, name=views[0].mission.name.get(lang), count=ics.events)
        else:
            text = say("calendar.content_all", lang, count=ics.events)
        file = discord.File(io.BytesIO(ics.data), filename=ics.filename, description=name)
        await answer(interaction, content=text, file=file)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Calendar(bot))
