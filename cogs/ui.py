"""Discord UI shared by the cogs: answering (deferred or not) and paging with buttons."""

from __future__ import annotations

import contextlib
from typing import Any

import discord
from discord.app_commands import Choice

from bot.client import DeployBot
from bot.i18n import Language, say
from bot.render.embeds import Embed, shorten
from bot.render.lines import STATUS_ORDER

PAGE_TIMEOUT_SECONDS = 600


async def mission_choices(bot: DeployBot, interaction: discord.Interaction, current: str) -> list[Choice[str]]:
    """Autocomplete for every mission option: best matches, or a useful default list for empty input."""
    lang = await bot.answer_language(interaction.guild_id, str(interaction.locale))
    snapshot = await bot.facts.snapshot()
    if current.strip():
        views = [v for m in snapshot.find(current, limit=25) if (v := snapshot.mission(m.slug)) is not None]
    else:
        order = {status: i for i, status in enumerate(STATUS_ORDER)}
        views = sorted(snapshot.views(), key=lambda v: (order[v.status], v.mission.name.get(lang).casefold()))
    return [
        Choice(name=shorten(f"{v.mission.name.get(lang)} — {v.mission.place.get(lang)}", 100), value=v.mission.slug)
        for v in views[:25]
    ]


async def answer(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embed: Embed | discord.Embed | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
    file: discord.File | None = None,
) -> None:
    """Send the answer whether or not the interaction was deferred first."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral}
    if file is not None:
        kwargs["file"] = file
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed if isinstance(embed, discord.Embed) else discord.Embed.from_dict(embed)
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


class Pages(discord.ui.View):
    """Previous / Next through pre-rendered pages, for the member who asked only; the buttons go away when the
    view times out."""

    def __init__(self, pages: list[Embed], lang: Language, origin: discord.Interaction) -> None:
        super().__init__(timeout=PAGE_TIMEOUT_SECONDS)  # within the 15 minutes the origin's token lasts
        self.pages = pages
        self.index = 0
        self.origin = origin
        self.previous.label = f"◀ {say('card.previous', lang)}"
        self.next.label = f"{say('card.next', lang)} ▶"
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only the member who asked pages; anyone else is told so privately and the page stays."""
        if interaction.user.id == self.origin.user.id:
            return True
        bot = interaction.client
        assert isinstance(bot, DeployBot)
        lang = await bot.answer_language(interaction.guild_id, str(interaction.locale))
        await answer(interaction, content=say("card.not_your_pages", lang), ephemeral=True)
        return False

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._sync()
        await interaction.response.edit_message(embed=discord.Embed.from_dict(self.pages[self.index]), view=self)

    async def on_timeout(self) -> None:
        """Take the buttons away: from now on they could only fail."""
        with contextlib.suppress(discord.HTTPException):  # the message may be gone already: nothing to tidy
            await self.origin.edit_original_response(view=None)

    @discord.ui.button(label="◀", custom_id="previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[Pages]) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="▶", custom_id="next", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Pages]) -> None:
        await self._show(interaction, self.index + 1)


async def answer_pages(
    interaction: discord.Interaction,
    pages: list[Embed],
    lang: Language,
    ephemeral: bool = False,
    file: discord.File | None = None,
) -> None:
    """One page as it is; several with buttons to page through them (a ``file`` stays with the message while
    the pages turn: an edit without attachments keeps them)."""
    if len(pages) == 1:
        await answer(interaction, embed=pages[0], ephemeral=ephemeral, file=file)
        return
    await answer(interaction, embed=pages[0], view=Pages(pages, lang, interaction), ephemeral=ephemeral, file=file)
