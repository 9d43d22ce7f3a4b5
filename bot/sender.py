"""The dispatcher's :class:`~bot.ports.Sender` on discord.py: posting announcements and finding them again."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import aiohttp
import discord
from discord.ext import commands

from bot.announcement import CARD_BUTTON, Announcement
from bot.ports import Lookup, Outcome, Search, SendResult
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


class DiscordSender:
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
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
        role = [discord.Object(message.role_id)] if message.role_id else False
        try:
            sent = await channel.send(
                content=message.content,
                embed=discord.Embed.from_dict(message.embed),
                nonce=nonce,  # discord.py adds enforce_nonce: Discord returns the first message for a repeat
                allowed_mentions=discord.AllowedMentions(everyone=False, users=False, roles=role),
                view=button_view(message.button),
            )
        except discord.Forbidden as exc:
            return SendResult(Outcome.BLOCKED, problem=problem("refused", channel=channel.name, reason=exc.text))
        except discord.NotFound:
            return SendResult(Outcome.BLOCKED, problem=problem("channel_gone"))
        except (discord.DiscordServerError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            # A 5xx or a lost answer: the message may have been created all the same. The dispatcher checks the
            # channel's history before it tries again (the nonce only protects for 5 minutes).
            log.warning("no clear answer from Discord posting to %s (%s)", channel_id, exc)
            return SendResult(Outcome.UNKNOWN, problem=str(exc) or type(exc).__name__)
        except discord.HTTPException as exc:
            if exc.status == 429:
                log.warning("still rate limited posting to %s after discord.py's retries", channel_id)
                return SendResult(Outcome.RETRY, retry_after=RATE_LIMITED_RETRY)
            return SendResult(Outcome.REJECTED, problem=f"{exc.status} {exc.text}"[:200], code=exc.code)
        return SendResult(Outcome.SENT, message_id=sent.id)

    async def find_sent(self, channel_id: int, reference: str, since: datetime) -> Search:
        """Read the channel's history from just before ``since`` (a snowflake made from it), all of it."""
        channel = await self._channel(channel_id)
        if channel is None:
            return Search(Lookup.UNREADABLE, problem=problem("channel_gone"))
        if self.bot.user is None:
            raise RuntimeError("find_sent before login")
        after = discord.Object(discord.utils.time_snowflake(since - CLOCK_SKEW))
        try:
            async for message in channel.history(limit=None, after=after, oldest_first=True):
                if message.author.id == self.bot.user.id and carries(message, reference):
                    return Search(Lookup.FOUND, message.id)
        except discord.Forbidden:
            return Search(Lookup.UNREADABLE, problem=f"missing Read Message History in #{channel.name}")
        except discord.NotFound:
            return Search(Lookup.UNREADABLE, problem=problem("channel_gone"))
        return Search(Lookup.ABSENT)
