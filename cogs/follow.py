"""Following a mission yourself: /follow mission, settings and resume, /unfollow, /following, /forget-me.

Reminders come by direct message, through the same dispatcher, planning and ledger as a server's announcements
(``bot.member_dispatcher``, with the members' own rows). Every answer here is private. The commands work
wherever the app is installed: in a server, in the bot's DMs and in group DMs (a user install).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DeployBot, command_text
from bot.dm_sender import DirectMessageSender
from bot.i18n import Language, say
from bot.member_config import MemberConfig
from bot.render.following import following_card
from bot.render.problems import problem_text
from bot.schedule.preview import upcoming
from cogs.missions import member_command
from cogs.transformers import Leads, MissionSlug, PostTime, Zone
from cogs.ui import answer

log = logging.getLogger(__name__)

EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
ANY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)
FORGET_TIMEOUT_SECONDS = 300
NEXT_REMINDERS = 5


class Follow(commands.Cog):
    follow = app_commands.Group(
        name=command_text("command.follow"),
        description=command_text("command.follow.description"),
        allowed_contexts=EVERYWHERE,
        allowed_installs=ANY_INSTALL,
    )

    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot
        self.sender = DirectMessageSender(bot, bot.members, bot.pace)

    async def cog_load(self) -> None:
        self.bot.member_dispatcher.start(self.sender)

    async def cog_unload(self) -> None:
        await self.bot.member_dispatcher.stop()

    # -- shared steps -------------------------------------------------------------------------------
    async def _language(self, interaction: discord.Interaction) -> Language:
        """The member's own reminder language once they follow something, else their client's."""
        config = await self.bot.members.member(interaction.user.id)
        return config.language if config is not None else Language.from_locale(str(interaction.locale))

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        await answer(interaction, content=text, ephemeral=True)

    def _mention(self, interaction: discord.Interaction, command: str) -> str:
        return self.bot.command_mentions(interaction.guild_id)(command)

    async def _mission_name(self, slug: str, lang: Language) -> str:
        view = (await self.bot.facts.snapshot()).mission(slug)
        return view.mission.name.get(lang) if view is not None else slug

    def _zone_name(self, config: MemberConfig) -> str:
        return config.timezone or str(self.bot.settings.timezone)

    async def _change(
        self, interaction: discord.Interaction, make: Callable[[MemberConfig | None], MemberConfig | None]
    ) -> MemberConfig | None:
        """One read-modify-write of the member's settings, then the members' dispatcher plans again."""
        config = await self.bot.members.change(interaction.user.id, self.bot.now(), make)
        self.bot.member_dispatcher.wake()
        return config

    # -- /follow --------------------------------------------------------------------------------------
    @follow.command(
        name=command_text("command.follow.mission"), description=command_text("command.follow.mission.description")
    )
    @app_commands.describe(
        mission=command_text("command.parameter.mission.description"),
        days=command_text("command.parameter.follow_days.description"),
    )
    async def follow_mission(
        self, interaction: discord.Interaction, mission: MissionSlug, days: Leads | None = None
    ) -> None:
        now, slug = self.bot.now(), mission
        first_language = Language.from_locale(str(interaction.locale))

        def make(current: MemberConfig | None) -> MemberConfig:
            base = current or MemberConfig(interaction.user.id, first_language)
            new = slug not in base.missions
            return replace(
                base,
                missions=base.missions | {slug},
                leads=days or base.leads,
                announce_from=now if new or base.announce_from is None else base.announce_from,
                paused_reason=None,  # following again is also how a paused member resumes
                paused_since=None,
                paused_told=False,
            )

        before = await self.bot.members.member(interaction.user.id)
        config = await self._change(interaction, make)
        assert config is not None
        lang = config.language
        text = say(
            "follow.followed",
            lang,
            mission=await self._mission_name(slug, lang),
            leads=",".join(map(str, config.leads)),
            time=f"{config.post_time:%H:%M}",
            zone=self._zone_name(config),
            settings=self._mention(interaction, "follow settings"),
        )
        if before is not None and before.paused:
            text += " " + say("follow.resumed", lang)
        await self._reply(interaction, text)

    @follow.command(
        name=command_text("command.follow.settings"), description=command_text("command.follow.settings.description")
    )
    @app_commands.describe(
        zone=command_text("command.parameter.my_zone.description"),
        at=command_text("command.parameter.my_time.description"),
        language=command_text("command.parameter.my_language.description"),
    )
    @app_commands.choices(
        language=[
            app_commands.Choice(name=command_text("language.nl"), value="nl"),
            app_commands.Choice(name=command_text("language.en"), value="en"),
        ]
    )
    async def follow_settings(
        self,
        interaction: discord.Interaction,
        zone: Zone | None = None,
        at: PostTime | None = None,
        language: app_commands.Choice[str] | None = None,
    ) -> None:
        first_language = Language.from_locale(str(interaction.locale))

        def make(current: MemberConfig | None) -> MemberConfig:
            base = current or MemberConfig(interaction.user.id, first_language)
            return replace(
                base,
                timezone=zone or base.timezone,
                post_time=at or base.post_time,
                language=Language(language.value) if language is not None else base.language,
            )

        config = await self._change(interaction, make)
        assert config is not None
        lang = config.language
        await self._reply(
            interaction,
            say(
                "follow.settings",
                lang,
                time=f"{config.post_time:%H:%M}",
                zone=self._zone_name(config),
                leads=",".join(map(str, config.leads)),
                language=say(f"language.{config.language}", lang),
            ),
        )

    @follow.command(
        name=command_text("command.follow.resume"), description=command_text("command.follow.resume.description")
    )
    async def follow_resume(self, interaction: discord.Interaction) -> None:
        before = await self.bot.members.member(interaction.user.id)
        lang = await self._language(interaction)
        if before is None or not before.paused:
            await self._reply(interaction, say("follow.not_paused", lang))
            return
        await self._change(
            interaction,
            lambda c: None if c is None else replace(c, paused_reason=None, paused_since=None, paused_told=False),
        )
        await self._reply(interaction, say("follow.resumed", lang))

    # -- /unfollow, /following --------------------------------------------------------------------------
    @app_commands.command(
        name=command_text("command.unfollow"), description=command_text("command.unfollow.description")
    )
    @app_commands.describe(mission=command_text("command.parameter.mission.description"))
    @member_command
    async def unfollow(self, interaction: discord.Interaction, mission: MissionSlug) -> None:
        slug = mission
        before = await self.bot.members.member(interaction.user.id)
        lang = await self._language(interaction)
        name = await self._mission_name(slug, lang)
        if before is None or slug not in before.missions:
            await self._reply(interaction, say("follow.not_following", lang, mission=name))
            return
        await self._change(interaction, lambda c: None if c is None else replace(c, missions=c.missions - {slug}))
        await self._reply(interaction, say("follow.unfollowed", lang, mission=name))

    @app_commands.command(
        name=command_text("command.following"), description=command_text("command.following.description")
    )
    @member_command
    async def following(self, interaction: discord.Interaction) -> None:
        config = await self.bot.members.member(interaction.user.id)
        lang = await self._language(interaction)
        if config is None or not config.missions:
            await self._reply(
                interaction, say("follow.nothing", lang, command=self._mention(interaction, "follow mission"))
            )
            return
        names = sorted([await self._mission_name(slug, lang) for slug in config.missions], key=str.casefold)
        audience = replace(config.audience(), problem=None)  # what is planned, even while paused
        ahead = await upcoming(
            self.bot.member_dispatcher, audience, self.bot.now() + timedelta(days=366), NEXT_REMINDERS
        )
        resume = self._mention(interaction, "follow resume")
        embed = following_card(config, names, self._zone_name(config), ahead, resume, lang)
        await answer(interaction, embed=embed, ephemeral=True)

    # -- /forget-me -------------------------------------------------------------------------------------
    @app_commands.command(
        name=command_text("command.forget_me"), description=command_text("command.forget_me.description")
    )
    @member_command
    async def forget_me(self, interaction: discord.Interaction) -> None:
        config = await self.bot.members.member(interaction.user.id)
        lang = await self._language(interaction)
        if config is None:
            await self._reply(interaction, say("follow.forget_nothing", lang))
            return
        text = say("follow.forget_confirm", lang, count=len(config.missions))
        await answer(interaction, content=text, view=ForgetMe(self, interaction.user.id, lang), ephemeral=True)

    async def forget(self, user_id: int) -> bool:
        """Everything about the member, at once: one DELETE that cascades to follows and ledger rows."""
        removed = await self.bot.members.forget(user_id)
        self.sender.channels.pop(user_id, None)
        self.bot.member_dispatcher.forget(user_id)
        return removed

    # -- telling a paused member, once ---------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: app_commands.Command[Any, ..., Any] | app_commands.ContextMenu
    ) -> None:
        """After any command: a member whose reminders the bot paused (DMs closed) is told why and how to resume,
        once (the next command after the pause), privately."""
        if self.bot.is_closed():
            return
        try:
            await self._tell_if_paused(interaction)
        except Exception as exc:  # the command itself was answered; the note waits for the next one
            if self.bot.is_closed():  # shutting down closed the database under the check: nothing went wrong
                return
            log.warning("could not check whether member %s was paused: %s", interaction.user.id, exc)

    async def _tell_if_paused(self, interaction: discord.Interaction) -> None:
        config = await self.bot.members.member(interaction.user.id)
        if config is None or config.paused_reason is None or config.paused_told:
            return
        flipped = False  # whether this command is the one that marked the member told (two at once: one tells)

        def mark(c: MemberConfig | None) -> MemberConfig | None:
            nonlocal flipped
            if c is None or not c.paused or c.paused_told:
                return c
            flipped = True
            return replace(c, paused_told=True)

        await self.bot.members.change(interaction.user.id, self.bot.now(), mark)
        if not flipped:
            return
        lang = config.language
        since = f"<t:{int(config.paused_since.timestamp())}:f>" if config.paused_since else "?"
        text = say(
            "follow.paused_notice",
            lang,
            reason=problem_text(config.paused_reason, lang),
            since=since,
            command=self._mention(interaction, "follow resume"),
        )
        try:
            await interaction.followup.send(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not tell member %s that their reminders are paused", interaction.user.id)
        self.bot.dispatch("member_told_paused", interaction.user.id)


class ForgetMe(discord.ui.View):
    """Confirm or cancel /forget-me; only the member who asked can press."""

    def __init__(self, cog: Follow, user_id: int, lang: Language) -> None:
        super().__init__(timeout=FORGET_TIMEOUT_SECONDS)
        self.cog, self.user_id, self.lang = cog, user_id, lang
        self.confirm.label = say("follow.forget_button", lang)
        self.cancel.label = say("follow.cancel_button", lang)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.user_id

    @discord.ui.button(label="delete", custom_id="forget-me:confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[ForgetMe]) -> None:
        await self.cog.forget(self.user_id)
        self.stop()
        await interaction.response.edit_message(content=say("follow.forgotten", self.lang), view=None)

    @discord.ui.button(label="cancel", custom_id="forget-me:cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[ForgetMe]) -> None:
        self.stop()
        await interaction.response.edit_message(content=say("follow.cancelled", self.lang), view=None)


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Follow(bot))
