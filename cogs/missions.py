"""Commands for community members: /mission, /partners, /missions, /upcoming, /timeline, /help, /about."""

from __future__ import annotations

import functools

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DeployBot, command_text
from bot.facts.model import Status
from bot.facts.search import MAX_QUERY
from bot.facts.snapshot import MissionView, Snapshot
from bot.i18n import Language, say
from bot.render import missions as render
from bot.render.mentions import CommandMentions
from cogs.ui import answer, answer_pages, mission_choices

MAX_DAYS = 3650


@functools.lru_cache(maxsize=256)
def _mission_card(snapshot: Snapshot, slug: str, lang: Language, mentions: CommandMentions) -> discord.Embed:
    """The most asked answer, rendered once per snapshot (a snapshot is one day's facts, immutable)."""
    view = snapshot.mission(slug)
    assert view is not None
    return discord.Embed.from_dict(render.mission_card(view, snapshot, lang, mentions))


class Missions(commands.Cog):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot

    # -- shared steps -------------------------------------------------------------------------------
    async def _snapshot(self, interaction: discord.Interaction) -> Snapshot:
        """The facts as known today; defers first when they must be re-read from the database."""
        if await self.bot.facts.stale() and not interaction.response.is_done():
            await interaction.response.defer(thinking=True)
        return await self.bot.facts.snapshot()

    async def _language(self, interaction: discord.Interaction) -> Language:
        return await self.bot.answer_language(interaction.guild_id, str(interaction.locale))

    async def _resolve(self, interaction: discord.Interaction, query: str, lang: Language) -> MissionView | None:
        """The mission meant by ``query``, or an ephemeral answer saying why there is none."""
        text = query.strip()
        if not text:
            await answer(interaction, content=say("card.query_empty", lang), ephemeral=True)
            return None
        if len(text) > MAX_QUERY:
            message = say("card.query_too_long", lang, length=len(text), limit=MAX_QUERY)
            await answer(interaction, content=message, ephemeral=True)
            return None
        snapshot = await self._snapshot(interaction)
        view = snapshot.mission(text)
        if view is None:
            matches = snapshot.find(text, limit=5)
            view = snapshot.mission(matches[0].slug) if matches else None
        if view is None:
            known = sorted(snapshot.views(), key=lambda v: v.mission.slug)
            suggestions = snapshot.suggest(text)
            await answer(interaction, content=render.not_found_text(text, suggestions, known, lang), ephemeral=True)
        return view

    async def mission_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await mission_choices(self.bot, interaction, current)

    # -- commands -----------------------------------------------------------------------------------
    @app_commands.command(name=command_text("command.mission"), description=command_text("command.mission.description"))
    @app_commands.describe(name=command_text("command.parameter.mission.description"))
    async def mission(self, interaction: discord.Interaction, name: str) -> None:
        lang = await self._language(interaction)
        view = await self._resolve(interaction, name, lang)
        if view is not None:
            snapshot = await self.bot.facts.snapshot()
            mentions = self.bot.command_mentions(interaction.guild_id)
            await answer(interaction, embed=_mission_card(snapshot, view.mission.slug, lang, mentions))

    @app_commands.command(
        name=command_text("command.partners"), description=command_text("command.partners.description")
    )
    @app_commands.describe(mission=command_text("command.parameter.mission.description"))
    async def partners(self, interaction: discord.Interaction, mission: str) -> None:
        lang = await self._language(interaction)
        view = await self._resolve(interaction, mission, lang)
        if view is not None:
            snapshot = await self.bot.facts.snapshot()
            await answer(interaction, embed=render.partners_card(view, snapshot, lang))

    @app_commands.command(
        name=command_text("command.timeline"), description=command_text("command.timeline.description")
    )
    @app_commands.describe(mission=command_text("command.parameter.mission.description"))
    async def timeline(self, interaction: discord.Interaction, mission: str) -> None:
        lang = await self._language(interaction)
        view = await self._resolve(interaction, mission, lang)
        if view is not None:
            snapshot = await self.bot.facts.snapshot()
            await answer_pages(interaction, render.timeline_pages(view, snapshot, lang), lang)

    @app_commands.command(
        name=command_text("command.missions"), description=command_text("command.missions.description")
    )
    @app_commands.describe(status=command_text("command.parameter.status.description"))
    @app_commands.choices(
        status=[app_commands.Choice(name=command_text(f"command.choice.{s}"), value=s.value) for s in Status]
    )
    async def missions(self, interaction: discord.Interaction, status: app_commands.Choice[str] | None = None) -> None:
        lang = await self._language(interaction)
        snapshot = await self._snapshot(interaction)
        chosen = Status(status.value) if status else None
        await answer_pages(interaction, render.missions_pages(snapshot, lang, chosen), lang)

    @app_commands.command(
        name=command_text("command.upcoming"), description=command_text("command.upcoming.description")
    )
    @app_commands.describe(days=command_text("command.parameter.days.description"))
    async def upcoming(self, interaction: discord.Interaction, days: int = 90) -> None:
        lang = await self._language(interaction)
        if not 1 <= days <= MAX_DAYS:
            await answer(interaction, content=say("days_range", lang, limit=MAX_DAYS), ephemeral=True)
            return
        snapshot = await self._snapshot(interaction)
        await answer_pages(interaction, render.upcoming_pages(snapshot, lang, days), lang)

    @app_commands.command(name=command_text("command.help"), description=command_text("command.help.description"))
    async def help(self, interaction: discord.Interaction) -> None:
        lang = await self._language(interaction)
        card = render.help_card(lang, self.bot.command_mentions(interaction.guild_id))
        await answer(interaction, embed=card, ephemeral=True)

    @app_commands.command(name=command_text("command.about"), description=command_text("command.about.description"))
    async def about(self, interaction: discord.Interaction) -> None:
        lang = await self._language(interaction)
        snapshot = await self._snapshot(interaction)
        loaded_at = await self.bot.fact_store.loaded_at()
        pages = render.about_pages(snapshot, lang, self.bot.version, self.bot.facts.version, loaded_at)
        await answer_pages(interaction, pages, lang, ephemeral=True)

    mission.autocomplete("name")(mission_autocomplete)
    partners.autocomplete("mission")(mission_autocomplete)
    timeline.autocomplete("mission")(mission_autocomplete)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Missions(bot))
