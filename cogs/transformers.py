"""Options parsed by discord.py's transformers: what a member typed becomes a value, or a refusal.

A refusal (:class:`bot.client.Refusal`) is answered privately, in the member's language, by the tree's one
error handler (``DeployBot.on_app_command_error``), as RoboDanny's reminder cog does with its time converter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

import discord
from discord import app_commands

from bot.client import DeployBot, Refusal
from bot.config_input import InputError, parse_leads, parse_time, parse_zone, zone_choices
from bot.facts.search import MAX_QUERY
from bot.facts.snapshot import MissionView
from bot.i18n import Language
from bot.render import missions as render
from bot.render.embeds import quote_user_text
from cogs.ui import mission_choices


def _refused(exc: InputError) -> Refusal:
    return Refusal(exc.key, **exc.values)


class _Parsed(app_commands.Transformer):
    """A value parsed by one of bot/config_input.py's functions; its InputError becomes a Refusal."""

    parse: Callable[[str], Any]

    async def transform(self, interaction: discord.Interaction, value: str) -> Any:
        try:
            return type(self).parse(value)
        except InputError as exc:
            raise _refused(exc) from None


class LeadsTransformer(_Parsed):
    """ "30,7,1,0" → (30, 7, 1, 0)."""

    parse = staticmethod(parse_leads)


class TimeTransformer(_Parsed):
    """ "18:30" (or "18.30") → 18:30."""

    parse = staticmethod(parse_time)


class ZoneTransformer(_Parsed):
    """ "europe/amsterdam" → "Europe/Amsterdam", with the zones as autocomplete."""

    parse = staticmethod(parse_zone)

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=zone, value=zone) for zone in zone_choices(value)]


class MissionNotFound(Refusal):
    """No mission matches: the answer suggests the closest ones."""

    def __init__(self, text: str, suggestions: list[MissionView], known: list[MissionView]) -> None:
        super().__init__("card.not_found", query=text)
        self.text, self.suggestions, self.known = text, suggestions, known

    def words(self, lang: Language) -> str:
        return render.not_found_text(self.text, self.suggestions, self.known, lang)


class MissionTransformer(app_commands.Transformer):
    """A mission's slug, from its slug, a name, an alias or a place (case- and accent-insensitive)."""

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        bot = interaction.client
        assert isinstance(bot, DeployBot)
        text = value.strip()
        if not text:
            raise Refusal("card.query_empty")
        if len(text) > MAX_QUERY:
            raise Refusal("card.query_too_long", length=len(text), limit=MAX_QUERY)
        snapshot = await bot.facts.snapshot()
        if snapshot.mission(text) is not None:
            return text
        matches = snapshot.find(text, limit=1)
        if matches:
            return matches[0].slug
        known = sorted(snapshot.views(), key=lambda v: v.mission.slug)
        raise MissionNotFound(text, snapshot.suggest(text), known)

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        bot = interaction.client
        assert isinstance(bot, DeployBot)
        return await mission_choices(bot, interaction, value)


Leads = app_commands.Transform[tuple[int, ...], LeadsTransformer]
PostTime = app_commands.Transform[time, TimeTransformer]
Zone = app_commands.Transform[str, ZoneTransformer]
MissionSlug = app_commands.Transform[str, MissionTransformer]


class PublishedDateTransformer(app_commands.Transformer):
    """ "2020-11-20" → that day: when an article was published (not after today on the bot's clock)."""

    async def transform(self, interaction: discord.Interaction, value: str) -> date:
        bot = interaction.client
        assert isinstance(bot, DeployBot)
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise Refusal("curation.bad_date", value=quote_user_text(value, 40)) from None
        if day > bot.facts.today():
            raise Refusal("curation.future_date", value=day.isoformat())
        return day
