"""The dispatcher's :class:`~bot.ports.Sender` on discord.py: posting announcements and finding them again."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Hashable
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from bot.announcement import CARD_BUTTON, Announcement, PictureOrder
from bot.ports import EventResult, EventSpec, Lookup, Outcome, RemoteEvent, Search, SendResult
from bot.render.problems import problem

log = logging.getLogger(__name__)

RATE_LIMITED_RETRY = timedelta(seconds=2)  # a 429 clears in seconds; a 5xx waits the dispatcher's default
CLOCK_SKEW = timedelta(minutes=1)  # history is read from a little before the claim: clocks differ


# What announcing needs. Read Message History too: without it the bot could not check, after a crash, whether a
# post already went out, and would have to choose between a duplicate and a post it cannot vouch for.
ANNOUNCING = ("view_channel", "send_messages", "embed_links", "read_message_history")


def missing_permissions(channel: discord.abc.GuildChannel, me: discord.Member) -> list[str]:
    """The permissions the bot lacks to announce in ``channel``, as discord.py's flag names (``send_messages``);
    :func:`bot.render.problems.permission_names` words them for a reader."""
    perms = channel.permissions_for(me)
    return [flag for flag in ANNOUNCING if not getattr(perms, flag)]


def carries(message: discord.Message, reference: str) -> bool:
    """Whether ``message`` is the post with ``reference``: in its card button's custom id (or, for posts made
    before the reference moved out of sight, at the end of an embed's footer)."""
    ids = [
        getattr(item, "custom_id", None) or "" for row in message.components for item in getattr(row, "children", ())
    ]
    if any(i.startswith(CARD_BUTTON) and i.endswith(f":{reference}") for i in ids):
        return True
    return any((embed.footer.text or "").endswith(f"ref {reference}") for embed in message.embeds)


def button_view(button: tuple[str, str] | None) -> discord.ui.View:
    """A view holding the post's card button. It is stopped before sending, so discord.py keeps no view per post
    in memory: the clicks are answered by the cog's dynamic item, which matches every such button."""
    view = discord.ui.View(timeout=None)
    if button is not None:
        label, custom_id = button
        view.add_item(discord.ui.Button(label=label, custom_id=custom_id, style=discord.ButtonStyle.secondary))
    view.stop()
    return view


KEPT_PICTURES = 4


async def post(
    channel: discord.abc.Messageable,
    name: str,
    message: Announcement,
    nonce: str,
    picture: discord.File | None = None,
) -> SendResult:
    """Send ``message`` with ``nonce`` to a server's channel or a member's DMs; what came of it, for the dispatcher."""
    role = [discord.Object(message.role_id)] if message.role_id else False
    attached: dict[str, Any] = {"file": picture} if picture is not None else {}
    try:
        sent = await channel.send(
            content=message.content,
            embed=discord.Embed.from_dict(message.embed),
            nonce=nonce,  # discord.py adds enforce_nonce: Discord returns the first message for a repeat
            allowed_mentions=discord.AllowedMentions(everyone=False, users=False, roles=role),
            view=button_view(message.button),
            **attached,
        )
    except discord.Forbidden as exc:
        return SendResult(Outcome.BLOCKED, problem=problem("refused", channel=name, reason=exc.text), code=exc.code)
    except discord.NotFound:
        return SendResult(Outcome.BLOCKED, problem=problem("channel_gone"))
    except (discord.DiscordServerError, aiohttp.ClientError, TimeoutError, OSError) as exc:
        # A 5xx or a lost answer: the message may have been created all the same. The dispatcher checks the
        # channel's history before it tries again (the nonce only protects for 5 minutes).
        log.warning("no clear answer from Discord posting to %s (%s)", name, exc)
        return SendResult(Outcome.UNKNOWN, problem=str(exc) or type(exc).__name__)
    except discord.HTTPException as exc:
        if exc.status == 429:
            log.warning("still rate limited posting to %s after discord.py's retries", name)
            return SendResult(Outcome.RETRY, retry_after=RATE_LIMITED_RETRY)
        return SendResult(Outcome.REJECTED, problem=f"{exc.status} {exc.text}"[:200], code=exc.code)
    return SendResult(Outcome.SENT, message_id=sent.id)


async def find_in(channel: discord.abc.Messageable, bot_id: int, reference: str, since: datetime, name: str) -> Search:
    """Read ``channel``'s history from just before ``since`` (a snowflake made from it), all of it."""
    after = discord.Object(discord.utils.time_snowflake(since - CLOCK_SKEW))
    try:
        async for message in channel.history(limit=None, after=after, oldest_first=True):
            if message.author.id == bot_id and carries(message, reference):
                return Search(Lookup.FOUND, message.id)
    except discord.Forbidden:
        return Search(Lookup.UNREADABLE, problem=f"missing Read Message History in {name}")
    except discord.NotFound:
        return Search(Lookup.UNREADABLE, problem=problem("channel_gone"))
    return Search(Lookup.ABSENT)


class DiscordSender:
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self._pictures: dict[Hashable, tuple[bytes, str, str]] = {}  # the last few drawn, for many servers
        self._guild_of: dict[int, int] = {}  # channel id → server id, of the servers this process is in

    async def ready(self) -> None:
        await self.bot.wait_until_ready()

    def _cached(self, channel_id: int) -> discord.abc.GuildChannel | None:
        """The channel from discord.py's cache, found through its server.

        discord.py's ``get_channel`` copies the list of every server and asks each in turn: for each post of a
        fan-out to 20,000 servers in one process that is milliseconds (``make bench``, shards). A map from
        channel to server, rebuilt only when a channel is not in it, finds it at once.
        """
        guild_id = self._guild_of.get(channel_id)
        if guild_id is None:
            self._guild_of = {c.id: g.id for g in self.bot.guilds for c in g.channels}
            guild_id = self._guild_of.get(channel_id)
        guild = self.bot.get_guild(guild_id) if guild_id is not None else None
        return guild.get_channel(channel_id) if guild is not None else None

    async def _channel(self, channel_id: int) -> discord.TextChannel | None:
        channel: object = self._cached(channel_id)
        if channel is None:
            try:
                fetched = await self.bot.fetch_channel(channel_id)
            except (discord.NotFound, discord.Forbidden):
                return None
            channel = fetched
        return channel if isinstance(channel, discord.TextChannel) else None

    async def send(self, channel_id: int, message: Announcement, nonce: str) -> SendResult:
        channel = await self._channel(channel_id)
        if channel is None:
            return SendResult(Outcome.BLOCKED, problem=problem("channel_gone"))
        missing = missing_permissions(channel, channel.guild.me)
        if missing:
            wanting = problem("missing_permissions", channel=channel.name, missing=",".join(missing))
            return SendResult(Outcome.BLOCKED, problem=wanting)
        picture = await self._picture(message.picture, channel)
        return await post(channel, channel.name, message, nonce, picture)

    async def _picture(self, order: PictureOrder | None, channel: discord.TextChannel) -> discord.File | None:
        """The picture a post may carry, drawn in a worker thread (once for all servers getting the same one);
        none where the bot may not attach files (the post goes out all the same), or when drawing fails."""
        if order is None or not channel.permissions_for(channel.guild.me).attach_files:
            return None
        drawn = self._pictures.get(order.key)
        if drawn is None:
            try:
                drawn = await asyncio.to_thread(order.draw)
            except Exception:  # a picture is a bonus: never a reason to hold a post back
                log.exception("drawing the picture for a post failed; posting without it")
                return None
            if len(self._pictures) >= KEPT_PICTURES:
                self._pictures.pop(next(iter(self._pictures)))
            self._pictures[order.key] = drawn
        png, filename, alt = drawn
        return discord.File(io.BytesIO(png), filename=filename, description=alt)

    async def find_sent(self, channel_id: int, reference: str, since: datetime) -> Search:
        """Read the channel's history from just before ``since`` (a snowflake made from it), all of it."""
        channel = await self._channel(channel_id)
        if channel is None:
            return Search(Lookup.UNREADABLE, problem=problem("channel_gone"))
        if self.bot.user is None:
            raise RuntimeError("find_sent before login")
        return await find_in(channel, self.bot.user.id, reference, since, f"#{channel.name}")


UNKNOWN_EVENT = 10070  # Discord's code for an event that does not exist (a moderator deleted it)


class DiscordEvents:
    """The events sync's :class:`~bot.ports.EventPort` on discord.py's HTTP client.

    The sync keeps plain payloads and compares them by fingerprint, so it sends them as they are through
    discord.py's routes (with its rate limiting) rather than through ``ScheduledEvent.edit``, which would need
    a fetched event object, one GET more per edit.
    """

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def ready(self) -> None:
        await self.bot.wait_until_ready()

    def missing_event_permission(self, guild_id: int) -> bool | None:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            return None
        perms = guild.me.guild_permissions
        return not (perms.manage_events or perms.create_events)

    async def _call(self, request: Awaitable[Any]) -> tuple[Any, EventResult]:
        try:
            answer = await request
        except discord.Forbidden as exc:
            return None, EventResult(Outcome.BLOCKED, problem=problem("events_refused", reason=exc.text[:100]))
        except discord.NotFound as exc:
            return None, EventResult(Outcome.REJECTED, problem=f"404 {exc.text}"[:200], code=exc.code, gone=True)
        except (discord.DiscordServerError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            return None, EventResult(Outcome.UNKNOWN, problem=str(exc) or type(exc).__name__)
        except discord.HTTPException as exc:
            if exc.status == 429:
                return None, EventResult(Outcome.RETRY, retry_after=RATE_LIMITED_RETRY)
            return None, EventResult(Outcome.REJECTED, problem=f"{exc.status} {exc.text}"[:200], code=exc.code)
        return answer, EventResult(Outcome.SENT, event_id=int(answer["id"]) if isinstance(answer, dict) else None)

    async def list_events(self, guild_id: int) -> tuple[list[RemoteEvent] | None, EventResult]:
        """The server's events that are not over. Only the bot's own are matched by reference (another bot's or a
        moderator's event is never taken for ours, whatever its text); the others are listed as not ours."""
        answer, result = await self._call(self.bot.http.get_scheduled_events(guild_id, False))
        if answer is None:
            return None, result
        me = self.bot.user.id if self.bot.user else None
        events = [
            RemoteEvent(
                int(e["id"]),
                int(e["creator_id"]) if e.get("creator_id") else None,
                (e.get("description") or "") if e.get("creator_id") and int(e["creator_id"]) == me else "",
                int(e.get("status", 1)),
            )
            for e in answer
        ]
        return events, result

    async def create_event(self, guild_id: int, spec: EventSpec) -> EventResult:
        return (await self._call(self.bot.http.create_guild_scheduled_event(guild_id, **spec.payload())))[1]

    async def edit_event(self, guild_id: int, event_id: int, spec: EventSpec) -> EventResult:
        return (await self._call(self.bot.http.edit_scheduled_event(guild_id, event_id, **spec.payload())))[1]

    async def delete_event(self, guild_id: int, event_id: int) -> EventResult:
        _, result = await self._call(self.bot.http.delete_scheduled_event(guild_id, event_id))
        return EventResult(Outcome.SENT) if result.gone else result  # already gone is as good as deleted
