"""/facts: curators ingest an article, review the draft against today's facts item by item, and publish it.

Registered in the home server only and checked on every command, button and form: a curator is one of the
bot's owners or a member of ``DEPLOYBOT_CURATOR_ROLE_ID`` there. The buttons are persistent (DynamicItem):
their custom ids carry the draft, the draft's version and the item, so they work after a restart, and an action
on a version someone else has moved on from is refused with the current state, never applied.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from datetime import date
from pathlib import PurePath
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DeployBot, Refusal, command_text
from bot.curation import edits, missions
from bot.curation import render as review_render
from bot.curation.publish import PublishRefused
from bot.curation.service import (
    ACCEPTED,
    REJECTED,
    DraftGone,
    NoSuchItem,
    SourceMeta,
    StaleDraft,
    StoredDraft,
    effective,
    item_of,
)
from bot.facts.parse import FactsInvalid
from bot.i18n import Language, say
from bot.ingest.language import MAX_BYTES, SUFFIXES, ArticleRefused
from bot.render.embeds import quote_user_text, shorten
from cogs.transformers import PublishedDateTransformer
from cogs.ui import answer

log = logging.getLogger(__name__)

ACTIONS = ("accept", "reject", "edit", "prev", "next", "publish")
BUTTON = r"facts:(?P<draft>[0-9a-f]{8}):(?P<version>\d{1,9}):(?P<item>\d{1,4}):(?P<action>" + "|".join(ACTIONS) + ")"
FORM = "facts-edit:{draft}:{version}:{item}:{nonce}"  # a nonce: Discord's client keeps a form per custom id
FORM_ID = r"facts-(?P<form>edit|mission):(?P<draft>[0-9a-f]{8}):(?P<version>\d{1,9}):(?P<item>\d{1,4}):[0-9a-f]{8}"
MISSION_FORM = "facts-mission:{draft}:{version}:{item}:{nonce}"
MESSAGE_LINK = re.compile(
    r"^https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/channels/(?P<guild>\d+)/(?P<channel>\d+)/(?P<message>\d+)/?$"
)


def button_id(draft: str, version: int, item: int, action: str) -> str:
    return f"facts:{draft}:{version}:{item}:{action}"


async def is_curator(bot: DeployBot, interaction: discord.Interaction) -> bool:
    """An owner, or a member of the curators' role, in the home server only (whatever the client showed)."""
    if interaction.guild_id is None or interaction.guild_id != bot.settings.home_guild_id:
        return False
    if await bot.is_owner(interaction.user):
        return True
    role = bot.settings.curator_role_id
    return (
        role is not None
        and isinstance(interaction.user, discord.Member)
        and any(r.id == role for r in interaction.user.roles)
    )


async def _language(bot: DeployBot, interaction: discord.Interaction) -> Language:
    return await bot.answer_language(interaction.guild_id, str(interaction.locale))


async def _refuse_non_curator(bot: DeployBot, interaction: discord.Interaction) -> bool:
    """True for a curator; anyone else is told so privately (autocomplete just offers nothing)."""
    if await is_curator(bot, interaction):
        return True
    if interaction.type is not discord.InteractionType.autocomplete and not interaction.response.is_done():
        await interaction.response.send_message(
            say("curation.refused", await _language(bot, interaction)), ephemeral=True
        )
    return False


def draft_view(draft: StoredDraft, index: int, lang: Language) -> discord.ui.View:
    """Accept, Reject, Edit for the open item (``index``: its place on the page; the buttons name its item
    number, which stays the same when the facts change and items fold away); ◀ ▶ through the items; Publish.
    Two rows, six buttons."""
    view = discord.ui.View(timeout=None)
    total = len(draft.items)
    item = draft.items[index].item if 0 <= index < total else 0
    closed = draft.state != "open"
    none = total == 0
    specs: list[tuple[str, str, discord.ButtonStyle, bool, int]] = [
        ("accept", say("curation.button.accept", lang), discord.ButtonStyle.success, closed or none, 0),
        ("reject", say("curation.button.reject", lang), discord.ButtonStyle.danger, closed or none, 0),
        ("edit", say("curation.button.edit", lang), discord.ButtonStyle.secondary, closed or none, 0),
        ("prev", f"◀ {say('card.previous', lang)}", discord.ButtonStyle.secondary, index <= 0, 1),
        ("next", f"{say('card.next', lang)} ▶", discord.ButtonStyle.secondary, index >= total - 1, 1),
        ("publish", say("curation.button.publish", lang), discord.ButtonStyle.primary, closed, 1),
    ]
    for action, label, style, disabled, row in specs:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label=label,
            style=style,
            disabled=disabled,
            custom_id=button_id(draft.id, draft.version, item, action),
            row=row,
        )
        view.add_item(DraftButton(button))
    return view


def _position(view: StoredDraft, item: int) -> tuple[int, bool]:
    """Where item number ``item`` is on the page, and whether it is there itself (not folded away meanwhile,
    when the next one shown stands in for it)."""
    for n, shown in enumerate(view.items):
        if shown.item >= item:
            return n, shown.item == item
    return max(0, len(view.items) - 1), False


async def _page(bot: DeployBot, draft: StoredDraft, item: int, lang: Language, step: int = 0) -> dict[str, Any]:
    """The message showing item number ``item`` (or the one ``step`` from it): the draft against the facts of
    this moment, and its buttons; missions named as the facts name them."""
    view = await bot.curation.current(draft)
    index, there = _position(view, item)
    index = max(0, min(index + (step if there or step < 0 else 0), len(view.items) - 1))
    names = {slug: m.name.get(lang) for slug, m in bot.facts.facts.missions.items()}
    organisations = {key: o.name.get(lang) for key, o in bot.facts.facts.organisations.items()}
    embed = discord.Embed.from_dict(review_render.page(view, index, lang, names, organisations))
    return {"embed": embed, "view": draft_view(view, index, lang)}


async def _next_open(bot: DeployBot, draft: StoredDraft, after: int) -> int:
    """The item number of the next item shown that nobody decided on yet after item ``after`` (wrapping),
    else the one after it."""
    view = await bot.curation.current(draft)
    total = len(view.items)
    if total == 0:
        return 0
    start, _ = _position(view, after)
    for step in range(1, total + 1):
        n = (start + step) % total
        if view.items[n].decision is None:
            return view.items[n].item
    return view.items[min(start + 1, total - 1)].item


class Curation(
    commands.GroupCog,
    group_name=command_text("command.facts"),
    group_description=command_text("command.facts.description"),
):
    def __init__(self, bot: DeployBot) -> None:
        self.bot = bot
        self.typed: dict[tuple[str, int, int], dict[str, str]] = {}  # refused form input, to show it again
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _refuse_non_curator(self.bot, interaction)

    @app_commands.command(
        name=command_text("command.facts.ingest"), description=command_text("command.facts.ingest.description")
    )
    @app_commands.describe(
        published=command_text("command.parameter.published.description"),
        article=command_text("command.parameter.article.description"),
        message=command_text("command.parameter.message.description"),
        publisher=command_text("command.parameter.publisher.description"),
        title=command_text("command.parameter.title.description"),
        url=command_text("command.parameter.url.description"),
        source_id=command_text("command.parameter.source_id.description"),
    )
    async def ingest(
        self,
        interaction: discord.Interaction,
        published: app_commands.Transform[date, PublishedDateTransformer],
        article: discord.Attachment | None = None,
        message: app_commands.Range[str, 1, 200] | None = None,
        publisher: app_commands.Range[str, 1, 100] | None = None,
        title: app_commands.Range[str, 1, 200] | None = None,
        url: app_commands.Range[str, 1, 300] | None = None,
        source_id: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        if (article is None) == (message is None):
            raise Refusal("curation.article_or_message")
        if url is not None and not url.startswith(("https://", "http://")):
            raise Refusal("curation.bad_url", value=quote_user_text(url, 60))
        if source_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", source_id):
            raise Refusal("curation.publish.bad_id", source_id=quote_user_text(source_id, 64))
        await interaction.response.defer(ephemeral=True, thinking=True)
        data, filename = await (self._attachment(article) if article is not None else self._message(message or ""))
        meta = SourceMeta(published, publisher, title, url, source_id)
        try:
            draft = await self.bot.curation.ingest(data, filename, meta, interaction.user.id)
        except ArticleRefused as exc:
            raise Refusal(
                f"ingest.refused.{exc.code}", **{"filename": quote_user_text(filename, 60), **exc.values}
            ) from None
        lang = await _language(self.bot, interaction)
        await interaction.followup.send(ephemeral=True, **await _page(self.bot, draft, 0, lang))

    @app_commands.command(
        name=command_text("command.facts.review"), description=command_text("command.facts.review.description")
    )
    @app_commands.describe(draft=command_text("command.parameter.draft.description"))
    async def review(self, interaction: discord.Interaction, draft: app_commands.Range[str, 1, 20]) -> None:
        lang = await _language(self.bot, interaction)
        try:
            found = await self.bot.curation.get(draft.strip().lower())
        except DraftGone:
            raise Refusal("curation.gone", draft=quote_user_text(draft, 20)) from None
        shown = await self.bot.curation.current(found)
        index = next((i.item for i in shown.items if i.decision is None), 0)
        await interaction.response.send_message(ephemeral=True, **await _page(self.bot, found, index, lang))

    @review.autocomplete("draft")
    async def _drafts(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        drafts = await self.bot.curation.open_drafts()
        return [
            app_commands.Choice(name=shorten(f"{d.id} · {d.source['id']} · {d.filename}", 100), value=d.id)
            for d in drafts
            if current.lower() in f"{d.id} {d.source['id']} {d.filename}".lower()
        ][:25]

    async def _attachment(self, article: discord.Attachment) -> tuple[bytes, str]:
        if PurePath(article.filename).suffix.lower() not in SUFFIXES:
            raise Refusal("ingest.refused.type", filename=quote_user_text(article.filename, 60))
        if article.size > MAX_BYTES:
            raise Refusal("ingest.refused.too_large", filename=quote_user_text(article.filename, 60), size=article.size)
        return await article.read(), article.filename

    async def _message(self, link: str) -> tuple[bytes, str]:
        """A message in the home server, by its link: its first article attachment, else its text."""
        found = MESSAGE_LINK.match(link.strip())
        home = self.bot.settings.home_guild_id
        if found is None or int(found["guild"]) != home:
            raise Refusal("curation.bad_link")
        try:
            channel = self.bot.get_channel(int(found["channel"])) or await self.bot.fetch_channel(int(found["channel"]))
            # The link's server part is only text: the channel itself must be in the home server too.
            guild = getattr(channel, "guild", None)
            if not isinstance(channel, discord.abc.Messageable) or guild is None or guild.id != home:
                raise Refusal("curation.bad_link")
            message = await channel.fetch_message(int(found["message"]))
        except discord.HTTPException:  # deleted, no access, or an id that is no snowflake
            raise Refusal("curation.link_unreadable") from None
        for attachment in message.attachments:
            if PurePath(attachment.filename).suffix.lower() in SUFFIXES:
                return await self._attachment(attachment)
        return message.content.encode("utf-8"), f"message-{message.id}.txt"

    # -- buttons and the form ---------------------------------------------------------------------------
    async def act(self, interaction: discord.Interaction, draft_id: str, version: int, index: int, action: str) -> None:
        lang = await _language(self.bot, interaction)
        curation = self.bot.curation
        try:
            if action in ("prev", "next"):
                draft = await curation.get(draft_id)
                step = 1 if action == "next" else -1
                await interaction.response.edit_message(**await _page(self.bot, draft, index, lang, step))
            elif action == "reject" or (action == "accept" and not await self._is_new_mission(draft_id, index)):
                decision = ACCEPTED if action == "accept" else REJECTED
                draft = await curation.decide(draft_id, version, index, decision, interaction.user.id)
                after = await _next_open(self.bot, draft, index)
                await interaction.response.edit_message(**await _page(self.bot, draft, after, lang))
            elif action in ("edit", "accept"):  # a new mission is accepted through its form: created as typed
                draft = await curation.get(draft_id)
                if draft.version != version or draft.state != "open":
                    raise StaleDraft(draft)
                item_of(draft, index)
                form = self._form(draft, index, lang, interaction.user.id)
                await interaction.response.send_modal(form)
                form.stop()  # answered by on_interaction from its custom id, like the buttons: also when sent twice
            else:
                await self._publish(interaction, draft_id, version, lang)
        except StaleDraft as exc:
            await self._stale(interaction, exc.current, index, lang)
        except DraftGone:  # Publish has deferred its answer already: the refusal is a follow-up then
            await answer(interaction, content=say("curation.gone", lang, draft=draft_id), ephemeral=True)
        except NoSuchItem as exc:
            await answer(
                interaction, content=say("curation.no_item", lang, draft=draft_id, number=exc.item + 1), ephemeral=True
            )

    async def _stale(self, interaction: discord.Interaction, current: StoredDraft, index: int, lang: Language) -> None:
        """The clear refusal, with the draft as it now is (and buttons for that version)."""
        key = "curation.already_published" if current.state == "published" else "curation.stale"
        text = say(key, lang, version=current.version)
        page = await _page(self.bot, current, index, lang)
        await answer(interaction, content=text, embed=page["embed"], view=page["view"], ephemeral=True)

    async def _is_new_mission(self, draft_id: str, item: int) -> bool:
        draft = await self.bot.curation.get(draft_id)
        return item_of(draft, item).proposed["table"] == missions.MISSION

    def _form(self, draft: StoredDraft, index: int, lang: Language, user: int) -> discord.ui.Modal:
        item = draft.items[index]
        table = item.proposed["table"]
        if table == missions.MISSION:
            shown = missions.current_inputs(effective(item))
            shown.update(self.typed.pop((draft.id, index, user), {}))
            return MissionForm(draft, index, shown, lang)
        shown = edits.current_inputs(table, effective(item))
        shown.update(self.typed.pop((draft.id, index, user), {}))
        return EditForm(draft, index, table, shown, lang)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Every edit form is answered here, from its custom id and the database: a form sent twice (a double
        click) or after a restart is answered as the draft now is, never dropped unanswered."""
        if interaction.type is not discord.InteractionType.modal_submit or interaction.data is None:
            return
        found = re.fullmatch(FORM_ID, str(interaction.data.get("custom_id", "")))
        if found is None or not await _refuse_non_curator(self.bot, interaction):
            return
        typed = dict(_form_values(interaction.data.get("components", [])))
        lang = await _language(self.bot, interaction)
        create = found["form"] == "mission"
        draft_id, version, item = found["draft"], int(found["version"]), int(found["item"])
        await self.submitted(interaction, draft_id, version, item, typed, lang, create)

    async def submitted(
        self,
        interaction: discord.Interaction,
        draft_id: str,
        version: int,
        index: int,
        typed: dict[str, str],
        lang: Language,
        create: bool = False,
    ) -> None:
        """An edit form (or with ``create``, a new mission's form) as submitted."""
        apply = self.bot.curation.create_mission if create else self.bot.curation.edit
        try:
            changed, edited = await apply(draft_id, version, index, typed, interaction.user.id)
        except StaleDraft as exc:
            self.typed[(draft_id, index, interaction.user.id)] = typed  # not lost: the next Edit shows it again
            await self._stale(interaction, exc.current, index, lang)
            return
        except DraftGone:
            await interaction.response.send_message(say("curation.gone", lang, draft=draft_id), ephemeral=True)
            return
        except NoSuchItem as exc:
            text = say("curation.no_item", lang, draft=draft_id, number=exc.item + 1)
            await interaction.response.send_message(text, ephemeral=True)
            return
        if changed is None:
            self.typed[(draft_id, index, interaction.user.id)] = typed
            problems = "\n".join(f"• {say(key, lang, **values)}" for key, values in edited.problems)
            text = say("curation.edit.refused", lang, problems=problems)
            view = discord.ui.View(timeout=None)
            label = say("curation.button.edit_again", lang)
            view.add_item(
                DraftButton(discord.ui.Button(label=label, custom_id=button_id(draft_id, version, index, "edit")))
            )
            await interaction.response.send_message(shorten(text, 2000), view=view, ephemeral=True)
            return
        page = await _page(self.bot, changed, index, lang)
        if interaction.message is not None and interaction.message.flags.ephemeral and interaction.message.embeds:
            await interaction.response.edit_message(**page)
        else:
            await interaction.response.send_message(ephemeral=True, **page)

    async def _publish(self, interaction: discord.Interaction, draft_id: str, version: int, lang: Language) -> None:
        await interaction.response.defer()
        try:
            draft, path = await self.bot.curation.publish(draft_id, version, interaction.user.id)
        except PublishRefused as exc:
            await interaction.followup.send(say(exc.key, lang, **exc.values), ephemeral=True)
            return
        except FactsInvalid as exc:
            problems = "\n".join(f"• {e}" for e in exc.errors)
            await interaction.followup.send(
                shorten(say("curation.publish.invalid", lang, problems=problems), 2000), ephemeral=True
            )
            return
        log.info("draft %s published by %s as %s", draft.id, interaction.user.id, path)
        key = "curation.published"
        try:
            summary = await self.bot.reload_facts()
            loaded = "\n".join(summary.lines())
        except FactsInvalid as exc:  # data/ broke meanwhile by another hand: the file is written, say what stops it
            key, loaded = "curation.published_not_loaded", "\n".join(f"• {e}" for e in exc.errors)
        except Exception as exc:  # the disk or the database: published all the same, and the curator is told
            log.exception("draft %s published, but reloading the facts failed", draft.id)
            key, loaded = "curation.published_not_loaded", f"• {exc}"
        text = say(key, lang, file=f"sources/{path.name}", summary=loaded)
        added = [m for p in await self.bot.curation.drafts.publishes() if p.draft_id == draft.id for m in p.missions]
        if added:
            text += "\n" + say("curation.published_missions", lang, missions=", ".join(added))
        page = await _page(self.bot, draft, 0, lang)
        await interaction.edit_original_response(content=shorten(text, 2000), **page)


def _form_values(components: Any) -> Iterator[tuple[str, str]]:
    """The text inputs of a submitted form, by custom id, wherever they sit (in rows or labels)."""
    for component in components if isinstance(components, list) else []:
        if not isinstance(component, dict):
            continue
        if isinstance(component.get("custom_id"), str) and isinstance(component.get("value"), str):
            yield component["custom_id"], component["value"]
        yield from _form_values(
            component.get("components") or ([component["component"]] if "component" in component else [])
        )


class EditForm(discord.ui.Modal):
    """The item's editable fields, filled in with what it holds (or what the curator typed before). Sent and
    forgotten: the submission is answered by :meth:`Curation.on_interaction`."""

    def __init__(self, draft: StoredDraft, index: int, table: str, shown: dict[str, str], lang: Language) -> None:
        title = shorten(say("curation.form.title", lang, number=index + 1), 45)
        super().__init__(
            title=title,
            timeout=900,
            custom_id=FORM.format(draft=draft.id, version=draft.version, item=index, nonce=secrets.token_hex(4)),
        )
        self.inputs: dict[str, discord.ui.TextInput[EditForm]] = {}
        for name in edits.INPUTS[table]:
            text_input: discord.ui.TextInput[EditForm] = discord.ui.TextInput(
                label=shorten(say(f"curation.form.{name}", lang), 45),
                custom_id=name,
                default=shorten(shown.get(name, ""), 100),
                placeholder=shorten(say(f"curation.form.{name}.hint", lang), 100),
                max_length=100,
                required=True,
            )
            self.inputs[name] = text_input
            self.add_item(text_input)


class MissionForm(discord.ui.Modal):
    """A new mission as it will be created: slug, the names in both languages, the country, aliases. Sent and
    forgotten like :class:`EditForm`."""

    def __init__(self, draft: StoredDraft, index: int, shown: dict[str, str], lang: Language) -> None:
        super().__init__(
            title=shorten(say("curation.mission.form.title", lang, number=index + 1), 45),
            timeout=900,
            custom_id=MISSION_FORM.format(
                draft=draft.id, version=draft.version, item=index, nonce=secrets.token_hex(4)
            ),
        )
        for name in missions.INPUTS:
            limit = 300 if name == "aliases" else 100
            text_input: discord.ui.TextInput[MissionForm] = discord.ui.TextInput(
                label=shorten(say(f"curation.form.{name}", lang), 45),
                custom_id=name,
                default=shorten(shown.get(name, ""), limit) or None,
                placeholder=shorten(say(f"curation.form.{name}.hint", lang), 100),
                max_length=limit,
                required=name != "aliases",
            )
            self.add_item(text_input)


class DraftButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=BUTTON):
    """Every button on a draft, answered from the database (no view is kept): they work after a restart."""

    def __init__(self, item: discord.ui.Button[discord.ui.View]) -> None:
        super().__init__(item)
        found = re.fullmatch(BUTTON, item.custom_id or "")
        assert found is not None
        self.draft, self.version, self.index, self.action = (
            found["draft"], int(found["version"]), int(found["item"]), found["action"]
        )  # fmt: skip

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button[discord.ui.View], match: re.Match[str]
    ) -> DraftButton:
        return cls(item)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        bot = interaction.client
        assert isinstance(bot, DeployBot)
        return await _refuse_non_curator(bot, interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, DeployBot)
        cog = bot.get_cog("Curation")
        assert isinstance(cog, Curation)
        await cog.act(interaction, self.draft, self.version, self.index, self.action)


async def setup(bot: DeployBot) -> None:
    """In the home server only, like /owner; nowhere without one."""
    home = bot.settings.home_guild_id
    bot.add_dynamic_items(DraftButton)
    if home is None:
        log.info("no DEPLOYBOT_HOME_GUILD_ID (or DEPLOYBOT_DEV_GUILD_ID): /facts is not registered")
        return
    await bot.add_cog(Curation(bot), guild=discord.Object(home))
