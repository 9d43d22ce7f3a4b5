"""/config: where, when and how the bot announces in a server. Moderators only (Manage Server)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DeployBot, command_text
from bot.dates import Precision
from bot.guild_config import ALL_MISSIONS, GuildConfig
from bot.i18n import Language, say
from bot.render import config as words
from bot.render.problems import permission_names, problem_text
from bot.schedule.planning import MINIMUM_LEAD
from bot.schedule.preview import sample, upcoming
from bot.sender import DiscordSender, missing_permissions
from cogs.transformers import Leads, MissionSlug, PostTime, Zone
from cogs.ui import answer

log = logging.getLogger(__name__)

MAX_PREVIEW_DAYS = 365
TROUBLE_MEMORY = timedelta(days=30)  # /config show names posts that went wrong this recently


@app_commands.guild_only()
@app_commands.guild_install()  # a server's settings: never in DMs, never through a user's own install
@app_commands.default_permissions(manage_guild=True)
class Config(
    commands.GroupCog,
    group_name=command_text("command.config"),
    group_description=command_text("command.config.description"),
):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot
        super().__init__()

    # -- every subcommand ---------------------------------------------------------------------------
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Checked on our side too: server admins can change who sees the command."""
        if interaction.guild is not None and interaction.permissions.manage_guild:
            return True
        lang = await self._language(interaction)
        key = "config.refused" if interaction.guild is not None else "config.no_guild"
        await answer(interaction, content=say(key, lang), ephemeral=True)
        return False

    async def _language(self, interaction: discord.Interaction) -> Language:
        return await self.bot.answer_language(interaction.guild_id, str(interaction.locale))

    async def _config(self, interaction: discord.Interaction) -> GuildConfig:
        assert interaction.guild_id is not None
        return await self.bot.guild_settings.get(interaction.guild_id)

    async def _save(self, interaction: discord.Interaction, **changes: object) -> GuildConfig:
        """Store the changed fields, keeping every other field as committed, and tell the dispatcher at once."""
        return await self._modify(interaction, lambda config: replace(config, **changes))  # type: ignore[arg-type]

    async def _modify(
        self, interaction: discord.Interaction, change: Callable[[GuildConfig], GuildConfig]
    ) -> GuildConfig:
        """A read-modify-write of this server's settings in one transaction: concurrent commands keep every change."""
        assert interaction.guild_id is not None
        config = await self.bot.guild_settings.modify(interaction.guild_id, self.bot.now(), change)
        self.bot.dispatcher.wake()
        return config

    async def _reply(self, interaction: discord.Interaction, key: str, **values: object) -> None:
        lang = await self._language(interaction)
        await answer(interaction, content=say(key, lang, **values), ephemeral=True)

    def _mention(self, interaction: discord.Interaction, command: str) -> str:
        return self.bot.command_mentions(interaction.guild_id)(command)

    def _zone_name(self, config: GuildConfig) -> str:
        return config.timezone or str(self.bot.settings.timezone)

    # -- where and when -----------------------------------------------------------------------------
    @app_commands.command(
        name=command_text("command.config.channel"), description=command_text("command.config.channel.description")
    )
    @app_commands.describe(channel=command_text("command.parameter.channel.description"))
    async def channel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        assert interaction.guild is not None
        cached = interaction.guild.get_channel(channel.id)
        target = cached if isinstance(cached, discord.TextChannel) else channel
        missing = missing_permissions(target, interaction.guild.me)
        if missing:
            await self._reply(
                interaction,
                "config.channel_missing_perms",
                channel=target.mention,
                missing=permission_names(missing, await self._language(interaction)),
            )
            return
        now, channel_id = self.bot.now(), target.id
        config = await self._modify(
            interaction,
            lambda c: replace(
                c,
                channel_id=channel_id,
                announce_from=c.announce_from or now,  # first time: no history, only what lies ahead
                problem=None,
                problem_since=None,
            ),
        )
        await self._reply(
            interaction,
            "config.channel_set_paused" if config.paused else "config.channel_set",
            channel=target.mention,
            time=f"{config.post_time:%H:%M}",
            zone=self._zone_name(config),
            command=self._mention(interaction, "config resume"),
        )

    @app_commands.command(
        name=command_text("command.config.leads"), description=command_text("command.config.leads.description")
    )
    @app_commands.describe(days=command_text("command.parameter.leads.description"))
    async def leads(self, interaction: discord.Interaction, days: Leads) -> None:
        leads = days
        await self._save(interaction, leads=leads)
        lang = await self._language(interaction)
        month = [str(lead) for lead in leads if lead >= MINIMUM_LEAD[Precision.MONTH]]
        longer = say("config.leads_month_longer", lang, days=",".join(month)) if month else ""
        text = say("config.leads_set", lang, leads=",".join(map(str, leads)))
        await answer(interaction, content=f"{text} {say('config.leads_month', lang, longer=longer)}", ephemeral=True)

    @app_commands.command(
        name=command_text("command.config.time"), description=command_text("command.config.time.description")
    )
    @app_commands.describe(at=command_text("command.parameter.at.description"))
    async def time(self, interaction: discord.Interaction, at: PostTime) -> None:
        post_time = at
        config = await self._save(interaction, post_time=post_time)
        await self._reply(interaction, "config.time_set", time=f"{post_time:%H:%M}", zone=self._zone_name(config))

    @app_commands.command(
        name=command_text("command.config.timezone"), description=command_text("command.config.timezone.description")
    )
    @app_commands.describe(zone=command_text("command.parameter.zone.description"))
    async def timezone(self, interaction: discord.Interaction, zone: Zone) -> None:
        name = zone
        await self._save(interaction, timezone=name)
        await self._reply(interaction, "config.zone_set", zone=name)

    # -- what and who ---------------------------------------------------------------------------------
    @app_commands.command(
        name=command_text("command.config.role"), description=command_text("command.config.role.description")
    )
    @app_commands.describe(
        role=command_text("command.parameter.role.description"),
        mission=command_text("command.parameter.role_mission.description"),
    )
    async def role(
        self, interaction: discord.Interaction, role: discord.Role | None = None, mission: MissionSlug | None = None
    ) -> None:
        assert interaction.guild is not None
        slug = mission or ALL_MISSIONS
        lang = await self._language(interaction)
        scope = say("config.scope_all", lang) if slug == ALL_MISSIONS else say("config.scope_one", lang, mission=slug)
        if role is None:
            await self._modify(interaction, lambda c: replace(c, roles={m: r for m, r in c.roles.items() if m != slug}))
            await self._reply(interaction, "config.role_cleared", scope=scope)
            return
        if role.is_default():
            await self._reply(interaction, "config.role_everyone")
            return
        if not (role.mentionable or interaction.guild.me.guild_permissions.mention_everyone):
            await self._reply(interaction, "config.role_not_mentionable", role=role.mention)
            return
        role_id = role.id
        await self._modify(interaction, lambda c: replace(c, roles={**c.roles, slug: role_id}))
        await self._reply(interaction, "config.role_set", scope=scope, role=role.mention)

    @app_commands.command(
        name=command_text("command.config.missions"), description=command_text("command.config.missions.description")
    )
    @app_commands.describe(
        action=command_text("command.parameter.action.description"),
        mission=command_text("command.parameter.follow_mission.description"),
    )
    @app_commands.choices(
        action=[
            app_commands.Choice(name=command_text("command.choice.all"), value="all"),
            app_commands.Choice(name=command_text("command.choice.add"), value="add"),
            app_commands.Choice(name=command_text("command.choice.remove"), value="remove"),
        ]
    )
    async def missions(
        self, interaction: discord.Interaction, action: app_commands.Choice[str], mission: MissionSlug | None = None
    ) -> None:
        if action.value == "all":
            await self._save(interaction, follow_all=True, missions=frozenset(), excluded=frozenset())
            await self._reply(interaction, "config.follow_all")
            return
        if mission is None:
            await self._reply(interaction, "config.mission_needed")
            return
        adding = action.value == "add"
        before = await self._config(interaction)
        config = await self._modify(interaction, lambda c: following(c, mission, adding))
        lang = await self._language(interaction)
        names = await self._mission_names(lang)
        if config == before:  # nothing to change
            key = "config.already_followed" if adding else "config.not_followed"
            await self._reply(interaction, key, mission=names.get(mission, mission))
            return
        key, values = following_text(config, names)
        await self._reply(interaction, key, **values)

    async def _mission_names(self, lang: Language) -> dict[str, str]:
        snapshot = await self.bot.facts.snapshot()
        return {v.mission.slug: v.mission.name.get(lang) for v in snapshot.views()}

    @app_commands.command(
        name=command_text("command.config.language"), description=command_text("command.config.language.description")
    )
    @app_commands.describe(language=command_text("command.parameter.language.description"))
    @app_commands.choices(
        language=[
            app_commands.Choice(name=command_text("language.nl"), value="nl"),
            app_commands.Choice(name=command_text("language.en"), value="en"),
            app_commands.Choice(name=command_text("command.choice.auto"), value="auto"),
        ]
    )
    async def language(self, interaction: discord.Interaction, language: app_commands.Choice[str]) -> None:
        chosen = None if language.value == "auto" else Language(language.value)
        await self._save(interaction, language=chosen)
        if chosen is None:
            await self._reply(interaction, "config.language_auto")
        else:
            await self._reply(interaction, "config.language_set", language=say(f"language.{chosen}", chosen))

    @app_commands.command(
        name=command_text("command.config.pause"), description=command_text("command.config.pause.description")
    )
    async def pause(self, interaction: discord.Interaction) -> None:
        await self._save(interaction, paused=True)
        await self._reply(interaction, "config.paused")

    @app_commands.command(
        name=command_text("command.config.resume"), description=command_text("command.config.resume.description")
    )
    async def resume(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        config = await self._config(interaction)
        channel = interaction.guild.get_channel(config.channel_id) if config.channel_id else None
        if not isinstance(channel, discord.TextChannel):
            await self._reply(interaction, "config.no_channel", command=self._mention(interaction, "config channel"))
            return
        missing = missing_permissions(channel, interaction.guild.me)
        if missing:
            await self._reply(
                interaction,
                "config.channel_missing_perms",
                channel=channel.mention,
                missing=permission_names(missing, await self._language(interaction)),
            )
            return
        await self._save(interaction, paused=False, problem=None, problem_since=None)
        await self._reply(interaction, "config.resumed")

    # -- looking ------------------------------------------------------------------------------------
    @app_commands.command(
        name=command_text("command.config.show"), description=command_text("command.config.show.description")
    )
    async def show(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        lang = await self._language(interaction)
        config = await self._config(interaction)
        zone = config.zone(self.bot.settings.timezone)
        planned = await upcoming(self.bot.dispatcher, config, self.bot.now() + timedelta(days=MAX_PREVIEW_DAYS), 5)
        channel = interaction.guild.get_channel(config.channel_id) if config.channel_id else None
        roles = {}
        for mission, role_id in sorted(config.roles.items()):
            role = interaction.guild.get_role(role_id)
            roles[mission] = f"@{role.name}" if role else say("config.deleted_role", lang, id=role_id)
        mentions = self.bot.command_mentions(interaction.guild_id)
        recent = await self.bot.ledger.troubles(config.guild_id, self.bot.now() - TROUBLE_MEMORY)
        snapshot = await self.bot.facts.snapshot()
        names = {v.mission.slug: v.mission.name.get(lang) for v in snapshot.views()}
        passing = self.bot.dispatcher.retries.troubles.get(config.guild_id) or self.bot.dispatcher.trouble
        troubles = words.trouble_lines(passing, recent, names, zone, lang)
        events = await self.bot.event_sync.store.settings(config.guild_id)
        troubles += words.event_troubles(events, self.bot.event_sync.trouble_for(config.guild_id), zone, lang)
        card = words.settings_card(
            config, zone, channel.name if channel else None, roles, planned, lang, mentions, troubles, names,
            events=events.enabled,
        )  # fmt: skip
        await answer(interaction, embed=card, ephemeral=True)

    @app_commands.command(
        name=command_text("command.config.events"), description=command_text("command.config.events.description")
    )
    @app_commands.describe(state=command_text("command.parameter.state.description"))
    @app_commands.choices(
        state=[
            app_commands.Choice(name=command_text("command.choice.on"), value="on"),
            app_commands.Choice(name=command_text("command.choice.off"), value="off"),
        ]
    )
    async def events(self, interaction: discord.Interaction, state: app_commands.Choice[str]) -> None:
        """The future day-precise dates of the followed missions as the server's Scheduled Events, or none."""
        assert interaction.guild is not None
        lang = await self._language(interaction)
        sync, now = self.bot.event_sync, self.bot.now()
        if state.value == "off":
            await sync.enable(interaction.guild.id, False, now)
            await self._reply(interaction, "config.events_off")
            return
        perms = interaction.guild.me.guild_permissions
        if not (perms.manage_events or perms.create_events):
            missing = permission_names(["manage_events"], lang)
            await self._reply(interaction, "config.events_missing_perms", missing=missing)
            return
        wanted = await sync.preview(await self._config(interaction), now)
        await sync.enable(interaction.guild.id, True, now)
        lines = [say("config.events_on", lang, count=len(wanted.specs))]
        if wanted.imprecise:
            lines.append(say("config.events_imprecise", lang, count=wanted.imprecise))
        if wanted.over_cap:
            lines.append(say("config.events_capped", lang, count=wanted.over_cap, limit=len(wanted.specs)))
        await answer(interaction, content=" ".join(lines), ephemeral=True)

    @app_commands.command(
        name=command_text("command.config.preview"), description=command_text("command.config.preview.description")
    )
    @app_commands.describe(days=command_text("command.parameter.preview_days.description"))
    async def preview(
        self, interaction: discord.Interaction, days: app_commands.Range[int, 1, MAX_PREVIEW_DAYS] = 30
    ) -> None:
        lang = await self._language(interaction)
        config = await self._config(interaction)
        planned = await upcoming(self.bot.dispatcher, config, self.bot.now() + timedelta(days=days))
        zone = config.zone(self.bot.settings.timezone)
        await answer(
            interaction,
            embed=words.preview_card(planned, zone, days, config.announcement_language, lang),
            ephemeral=True,
        )

    @app_commands.command(
        name=command_text("command.config.test"), description=command_text("command.config.test.description")
    )
    async def test(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        config = await self._config(interaction)
        if config.channel_id is None:
            await self._reply(interaction, "config.no_channel", command=self._mention(interaction, "config channel"))
            return
        message = await sample(self.bot.dispatcher, config)
        if message is None:
            await self._reply(interaction, "config.nothing_to_show")
            return
        result = await DiscordSender(self.bot).send(config.channel_id, message, nonce=f"test{interaction.id}"[:25])
        channel = f"<#{config.channel_id}>"
        if result.problem:
            reason = problem_text(result.problem, await self._language(interaction))
            await self._reply(interaction, "config.test_failed", channel=channel, problem=reason)
        else:
            await self._reply(interaction, "config.test_sent", channel=channel)


def following(config: GuildConfig, mission: str, adding: bool) -> GuildConfig:
    """Follow or stop following one mission. From every mission, removing one leaves all but that one, and
    adding one (when none is left out) starts a list of chosen missions."""
    if config.follow_all and adding and not config.excluded:
        return replace(config, follow_all=False, missions=frozenset({mission}))
    if config.follow_all:
        excluded = config.excluded - {mission} if adding else config.excluded | {mission}
        return replace(config, excluded=frozenset(excluded))
    followed = config.missions | {mission} if adding else config.missions - {mission}
    return replace(config, missions=frozenset(followed))


def following_text(config: GuildConfig, names: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The reply key and values that say what the server follows now, missions by name."""

    def listed(slugs: frozenset[str]) -> str:
        return ", ".join(sorted(names.get(s, s) for s in slugs))

    if config.follow_all:
        if config.excluded:
            return "config.follow_all_except", {"missions": listed(config.excluded)}
        return "config.follow_all", {}
    if config.missions:
        return "config.follow_some", {"missions": listed(config.missions)}
    return "config.follow_none", {}


async def setup(bot: DeployBot) -> None:
    await bot.add_cog(Config(bot))
