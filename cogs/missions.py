"""Commands for community members: /mission, /partners, /missions, /upcoming, /timeline, /help, /about."""

from __future__ import annotations

import asyncio
import io
import re
from datetime import date
from typing import TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.announcement import CARD_BUTTON, card_button_id
from bot.client import DeployBot, command_text
from bot.facts.model import Status
from bot.facts.snapshot import MissionView, Snapshot
from bot.i18n import Language
from bot.render import missions as render
from bot.render.mentions import CommandMentions
from bot.render.timeline_picture import Picture, current_views, render_timeline
from cogs.transformers import MissionNotFound, MissionSlug
from cogs.ui import answer, answer_pages

T = TypeVar("T")
MAX_DAYS = 3650


# The member commands work wherever the app is installed, by a server or by a user for themselves: in servers
# (with or without the bot), in the bot's DMs and in group DMs. discord.py sends these as the command's
# ``integration_types`` and ``contexts`` when the commands are synced.
def member_command(func: T) -> T:
    return app_commands.allowed_installs(guilds=True, users=True)(
        app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(func)
    )


CARD_BUTTON_PATTERN = re.escape(CARD_BUTTON) + r":(?P<slug>[^:]+):(?P<reference>\w+)"


class Missions(commands.Cog):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot
        # Mission cards, the most asked answer, rendered once per day's facts. Keyed by values only, so no
        # old snapshot is kept alive; emptied when the facts or the day change.
        self._cards: dict[tuple[str, Language, CommandMentions], discord.Embed] = {}
        self._cards_of: tuple[int, date] | None = None
        # Timeline pictures (a mission's, or every current mission's: None), drawn off the event loop once per
        # day's facts and language; emptied like the cards.
        self._pictures: dict[tuple[str | None, Language], Picture] = {}
        self._pictures_of: tuple[int, date] | None = None

    # -- shared steps -------------------------------------------------------------------------------
    async def _snapshot(self, interaction: discord.Interaction) -> Snapshot:
        """The facts as known today; defers first when they must be re-read from the database."""
        if await self.bot.facts.stale() and not interaction.response.is_done():
            await interaction.response.defer(thinking=True)
        return await self.bot.facts.snapshot()

    async def _language(self, interaction: discord.Interaction) -> Language:
        return await self.bot.answer_language(interaction.guild_id, str(interaction.locale))

    async def _view(self, interaction: discord.Interaction, slug: str) -> tuple[Snapshot, MissionView]:
        """The facts, read once, and the mission the transformer found in them."""
        snapshot = await self._snapshot(interaction)
        view = snapshot.mission(slug)
        if view is None:  # the facts were reloaded between the transformer and here
            raise MissionNotFound(slug, [], sorted(snapshot.views(), key=lambda v: v.mission.slug))
        return snapshot, view

    def _card(self, snapshot: Snapshot, view: MissionView, lang: Language, mentions: CommandMentions) -> discord.Embed:
        facts = (self.bot.facts.version, snapshot.as_of)
        if facts != self._cards_of:
            self._cards, self._cards_of = {}, facts
        key = (view.mission.slug, lang, mentions)
        card = self._cards.get(key)
        if card is None:
            card = self._cards[key] = discord.Embed.from_dict(render.mission_card(view, snapshot, lang, mentions))
        return card

    async def _picture(
        self,
        interaction: discord.Interaction,
        snapshot: Snapshot,
        views: list[MissionView],
        slug: str | None,
        lang: Language,
    ) -> Picture:
        """The timeline picture, from the cache or drawn in a worker thread (deferring first: drawing takes a
        moment, and the answer must start within 3 seconds)."""
        facts = (self.bot.facts.version, snapshot.as_of)
        if facts != self._pictures_of:
            self._pictures, self._pictures_of = {}, facts
        picture = self._pictures.get((slug, lang))
        if picture is None:
            if not interaction.response.is_done():
                await interaction.response.defer(thinking=True)
            picture = await asyncio.to_thread(render_timeline, views, snapshot.as_of, lang, slug is not None)
            if facts == self._pictures_of == (self.bot.facts.version, snapshot.as_of):  # not replaced meanwhile
                self._pictures[(slug, lang)] = picture
        return picture

    # -- commands -----------------------------------------------------------------------------------
    @app_commands.command(name=command_text("command.mission"), description=command_text("command.mission.description"))
    @app_commands.describe(name=command_text("command.parameter.mission.description"))
    @member_command
    async def mission(self, interaction: discord.Interaction, name: MissionSlug) -> None:
        lang = await self._language(interaction)
        snapshot, view = await self._view(interaction, name)
        mentions = self.bot.command_mentions(interaction.guild_id)
        await answer(interaction, embed=self._card(snapshot, view, lang, mentions))

    @app_commands.command(
        name=command_text("command.partners"), description=command_text("command.partners.description")
    )
    @app_commands.describe(mission=command_text("command.parameter.mission.description"))
    @member_command
    async def partners(self, interaction: discord.Interaction, mission: MissionSlug) -> None:
        lang = await self._language(interaction)
        snapshot, view = await self._view(interaction, mission)
        await answer(interaction, embed=render.partners_card(view, snapshot, lang))

    @app_commands.command(
        name=command_text("command.timeline"), description=command_text("command.timeline.description")
    )
    @app_commands.describe(mission=command_text("command.parameter.mission.description"))
    @member_command
    async def timeline(self, interaction: discord.Interaction, mission: MissionSlug | None = None) -> None:
        lang = await self._language(interaction)
        if mission is not None:
            snapshot, view = await self._view(interaction, mission)
            picture = await self._picture(interaction, snapshot, [view], mission, lang)
            pages = render.timeline_pages(view, snapshot, lang)
        else:
            snapshot = await self._snapshot(interaction)
            views = current_views(snapshot.views())
            if not views:
                await answer(interaction, embed=render.timeline_overview([], snapshot, lang, 0))
                return
            picture = await self._picture(interaction, snapshot, views, None, lang)
            drawn = [v for v in views if v.mission.slug in picture.missions]
            pages = [render.timeline_overview(drawn, snapshot, lang, len(views) - len(drawn))]
        file = discord.File(io.BytesIO(picture.png), filename=picture.filename, description=picture.alt)
        await answer_pages(interaction, pages, lang, file=file)

    @app_commands.command(
        name=command_text("command.missions"), description=command_text("command.missions.description")
    )
    @app_commands.describe(status=command_text("command.parameter.status.description"))
    @app_commands.choices(
        status=[app_commands.Choice(name=command_text(f"command.choice.{s}"), value=s.value) for s in Status]
    )
    @member_command
    async def missions(self, interaction: discord.Interaction, status: app_commands.Choice[str] | None = None) -> None:
        lang = await self._language(interaction)
        snapshot = await self._snapshot(interaction)
        chosen = Status(status.value) if status else None
        await answer_pages(interaction, render.missions_pages(snapshot, lang, chosen), lang)

    @app_commands.command(
        name=command_text("command.upcoming"), description=command_text("command.upcoming.description")
    )
    @app_commands.describe(days=command_text("command.parameter.days.description"))
    @member_command
    async def upcoming(self, interaction: discord.Interaction, days: app_commands.Range[int, 1, MAX_DAYS] = 90) -> None:
        lang = await self._language(interaction)
        snapshot = await self._snapshot(interaction)
        await answer_pages(interaction, render.upcoming_pages(snapshot, lang, days), lang)

    @app_commands.command(name=command_text("command.help"), description=command_text("command.help.description"))
    async def help(self, interaction: discord.Interaction) -> None:
        lang = await self._language(interaction)
        moderator = interaction.guild is not None and interaction.permissions.manage_guild
        card = render.help_card(lang, self.bot.command_mentions(interaction.guild_id), moderator)
        await answer(interaction, embed=card, ephemeral=True)

    @app_commands.command(name=command_text("command.about"), description=command_text("command.about.description"))
    async def about(self, interaction: discord.Interaction) -> None:
        lang = await self._language(interaction)
        snapshot = await self._snapshot(interaction)
        loaded_at = await self.bot.fact_store.loaded_at()
        pages = render.about_pages(snapshot, lang, self.bot.version, self.bot.facts.version, loaded_at)
        await answer_pages(interaction, pages, lang, ephemeral=True)


class MissionCardButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=CARD_BUTTON_PATTERN):
    """The "mission card" button under every announcement, answered for any post ever made (no view is kept per
    post): it shows whoever clicks the mission's card, privately, in their own language."""

    def __init__(self, slug: str, reference: str) -> None:
        super().__init__(discord.ui.Button(label="…", custom_id=card_button_id(slug, reference)))
        self.slug = slug

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button[discord.ui.View], match: re.Match[str]
    ) -> MissionCardButton:
        return cls(match["slug"], match["reference"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, DeployBot)
        cog = bot.get_cog("Missions")
        assert isinstance(cog, Missions)
        lang = await cog._language(interaction)
        snapshot = await bot.facts.snapshot()
        view = snapshot.mission(self.slug)
        if view is None:
            known = sorted(snapshot.views(), key=lambda v: v.mission.slug)
            await answer(interaction, content=render.not_found_text(self.slug, [], known, lang), ephemeral=True)
            return
        card = cog._card(snapshot, view, lang, bot.command_mentions(interaction.guild_id))
        await answer(interaction, embed=card, ephemeral=True)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Missions(bot))
    bot.add_dynamic_items(MissionCardButton)
