"""The members' :class:`~bot.ports.Sender`: reminders by direct message, and finding them again after a crash.

The dispatcher addresses a member by their user id; the DM channel is opened once per member
(``POST /users/@me/channels``), stored with the member and kept in memory, and every DM goes to it as a partial
channel, so that discord.py's small cache of private channels is never in the way of 100,000 followers.
Discord's 50007 ("Cannot send messages to this user": DMs closed, or no shared server and no user install)
pauses the member; the dispatcher then sends them nothing until they resume.
"""

from __future__ import annotations

import logging
from datetime import datetime

import aiohttp
import discord
from discord.ext import commands

from bot.announcement import Announcement
from bot.member_config import DMS_CLOSED
from bot.ports import Lookup, Outcome, Search, SendResult
from bot.schedule.pacing import Pacer
from bot.sender import RATE_LIMITED_RETRY, find_in, post
from bot.storage.members import MemberStore

log = logging.getLogger(__name__)

CANNOT_MESSAGE_USER = 50007


class DirectMessageSender:
    def __init__(self, bot: commands.Bot, members: MemberStore, pace: Pacer) -> None:
        self.bot, self.members, self.pace = bot, members, pace
        self.channels: dict[int, int] = {}  # member → DM channel
        self.opened = 0  # DM channels opened by this process (the benchmark counts them)

    async def ready(self) -> None:
        await self.bot.wait_until_ready()
        self.channels = await self.members.dm_channels()

    async def _open(self, user_id: int) -> int:
        channel_id = self.channels.get(user_id)
        if channel_id is None:
            data = await self.bot.http.start_private_message(user_id)  # in the slot the dispatcher waited for
            channel_id = int(data["id"])
            await self.members.set_dm_channel(user_id, channel_id)
            self.channels[user_id] = channel_id
            self.opened += 1
        return channel_id

    def _channel(self, channel_id: int) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(channel_id, type=discord.ChannelType.private)

    async def send(self, channel_id: int, message: Announcement, nonce: str) -> SendResult:
        """``channel_id`` is the member's user id (the address the dispatcher claimed for)."""
        user_id = channel_id
        opening = user_id not in self.channels
        try:
            dm = await self._open(user_id)
        except discord.Forbidden as exc:
            return _blocked(exc.code, exc.text)
        except discord.NotFound:  # no such user any more
            return SendResult(Outcome.BLOCKED, problem=DMS_CLOSED)
        except (discord.DiscordServerError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            return SendResult(Outcome.RETRY, problem=str(exc) or type(exc).__name__)  # nothing was sent
        except discord.HTTPException as exc:
            if exc.status == 429:
                return SendResult(Outcome.RETRY, retry_after=RATE_LIMITED_RETRY)
            return SendResult(Outcome.REJECTED, problem=f"{exc.status} {exc.text}"[:200], code=exc.code)
        if opening:
            await self.pace.wait()  # the DM is a second request under the same global limit: a slot of its own
            if await self.members.member(user_id) is None:  # /forget-me while the channel was being opened
                self.channels.pop(user_id, None)
                return SendResult(Outcome.RETRY, problem="the member was forgotten")  # nothing sent: plans again
        result = await post(self._channel(dm), f"DM {user_id}", message, nonce)
        if result.outcome is Outcome.BLOCKED:
            if result.code != CANNOT_MESSAGE_USER:  # the channel itself is gone: open a new one
                self.channels.pop(user_id, None)
                await self.members.set_dm_channel(user_id, None)
                if not opening:  # it was the cached one (Discord deleted it): certainly not sent, so open it afresh
                    await self.pace.wait()  # opening is one more request under the global limit: a slot of its own
                    return await self.send(channel_id, message, nonce)
            return _blocked(result.code, result.problem or "")
        return result

    async def find_sent(self, channel_id: int, reference: str, since: datetime) -> Search:
        """The member's DM history since the claim; no DM channel opened means nothing was ever sent there."""
        dm = self.channels.get(channel_id)
        if dm is None:
            return Search(Lookup.ABSENT)
        if self.bot.user is None:
            raise RuntimeError("find_sent before login")
        return await find_in(self._channel(dm), self.bot.user.id, reference, since, f"DM {channel_id}")


def _blocked(code: int | None, text: str) -> SendResult:
    """A refused DM pauses the member, with the reason they are told on their next command: 50007 (DMs closed to
    the bot) is the usual one; anything else Discord refuses a DM with is logged and treated the same."""
    if code != CANNOT_MESSAGE_USER:
        log.warning("a DM was refused (%s %s): pausing the member", code, text)
    return SendResult(Outcome.BLOCKED, problem=DMS_CLOSED, code=code)
