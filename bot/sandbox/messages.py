"""REST for channels and their messages: create (with the nonce window), history, fetch and edit.

Every body is checked against Discord's documented limits and the bot's permissions are enforced, answering
as Discord does.
"""

from __future__ import annotations

import bisect
import mimetypes
import re
from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.clock import Clock
from bot.sandbox import rules
from bot.sandbox.uploads import Upload, check_attachments
from bot.sandbox.wire import EPHEMERAL, LOADING, Call, DiscordError, json_response
from bot.sandbox.world import Channel, DMChannel, Guild, User, World

NONCE_WINDOW = timedelta(minutes=5)


class Messages:
    """Channels' messages as the REST API serves them; also builds the messages interactions create."""

    def __init__(self, world: World, clock: Clock) -> None:
        self.world, self.clock = world, clock
        # How long Discord honours a nonce. A test may shorten it to 0, as if every retry came after a long
        # downtime: then only the bot's own ledger and the channel's history stand between it and a duplicate.
        self.nonce_window = NONCE_WINDOW
        self.uploads: dict[str, bytes] = {}  # every attached file's bytes, by attachment id

    # -- shared with interactions -----------------------------------------------------------------------
    def channel(self, channel_id: str) -> tuple[Guild, Channel]:
        found = self.world.find_channel(int(channel_id))
        if found is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        return found

    def require(self, guild: Guild, channel: Channel, *needed: str) -> None:
        perms = guild.permissions_in(self.world.bot_member(guild), channel)
        if not perms.view_channel:
            raise DiscordError(403, 50001, "Missing Access")
        if any(not getattr(perms, name) for name in needed):
            raise DiscordError(403, 50013, "Missing Permissions")

    def new_message(
        self,
        channel_id: int,
        guild_id: int | None,
        payload: dict[str, Any],
        kind: int = 0,
        author: User | None = None,
        files: dict[int, Upload] | None = None,
    ) -> dict[str, Any]:
        message_id = self.world.ids.next()
        message = {
            "id": str(message_id),
            "type": kind,
            "channel_id": str(channel_id),
            "guild_id": str(guild_id) if guild_id else None,
            "author": (author or self.world.bot).payload(),
            "content": payload.get("content") or "",
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "attachments": self._attachments(channel_id, payload.get("attachments"), files or {}, []),
            "flags": int(payload.get("flags") or 0),
            "timestamp": self.clock.now().isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "nonce": payload.get("nonce"),
            "allowed_mentions": payload.get("allowed_mentions"),
        }
        message["pings"] = pings(str(message["content"]), payload.get("allowed_mentions"))
        return message

    def _attachments(
        self, channel_id: int, listed: Any, files: dict[int, Upload], kept: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The message's attachments as Discord returns them: those of ``kept`` still listed, then each uploaded
        file (named and described by its entry in ``listed``), its bytes kept in :attr:`uploads`."""
        entries = {str(a.get("id")): a for a in listed or [] if isinstance(a, dict)}
        result = [a for a in kept if listed is None or a["id"] in entries]
        for index, upload in sorted(files.items()):
            entry = entries.get(str(index), {})
            attachment_id = str(self.world.ids.next())
            filename = entry.get("filename") or upload.filename
            self.uploads[attachment_id] = upload.data
            attachment = {
                "id": attachment_id,
                "filename": filename,
                "size": len(upload.data),
                "url": f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{filename}",
                "proxy_url": f"https://media.discordapp.net/attachments/{channel_id}/{attachment_id}/{filename}",
                # Discord names the type from the file name, whatever the part said (discord.py says octet-stream).
                "content_type": mimetypes.guess_type(filename)[0] or upload.content_type,
            }
            if entry.get("description") is not None:
                attachment["description"] = entry["description"]
            result.append(attachment)
        return result

    def check(self, payload: Any, files: dict[int, Upload] | None = None) -> None:
        if not isinstance(payload, dict):
            raise DiscordError(400, 50109, "The request body contains invalid JSON.")
        errors = rules.check_message(payload)
        check_attachments(errors, (), payload.get("attachments"), files or {})
        if errors:
            raise DiscordError(400, 50035, "Invalid Form Body", errors.body())
        if not (payload.get("content") or payload.get("embeds") or payload.get("components") or files):
            raise DiscordError(400, 50006, "Cannot send an empty message")

    def apply_edit(
        self, message: dict[str, Any], payload: Any, files: dict[int, Upload] | None = None
    ) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise DiscordError(400, 50109, "The request body contains invalid JSON.")
        errors = rules.check_message(payload)
        kept = frozenset(int(a["id"]) for a in message.get("attachments") or [])
        check_attachments(errors, (), payload.get("attachments"), files or {}, kept=kept)
        if errors:
            raise DiscordError(400, 50035, "Invalid Form Body", errors.body())
        if "attachments" in payload or files:
            listed = payload.get("attachments")
            message["attachments"] = self._attachments(
                int(message["channel_id"]), listed, files or {}, list(message.get("attachments") or [])
            )
        for key in ("content", "embeds", "components", "allowed_mentions"):
            if key in payload:
                message[key] = payload[key] if payload[key] is not None else ([] if key != "content" else "")
        if "flags" in payload and payload["flags"] is not None:
            message["flags"] = (message["flags"] & EPHEMERAL) | int(payload["flags"])
        message["flags"] &= ~LOADING
        message["edited_timestamp"] = self.clock.now().isoformat()
        message["pings"] = pings(str(message["content"]), message.get("allowed_mentions"))
        return message

    def stored(self, message: dict[str, Any]) -> dict[str, Any] | None:
        """The channel's own copy of ``message`` (``None`` for an ephemeral one, which no channel keeps)."""
        kept = self.world.messages_of(int(message["channel_id"]))
        return next((m for m in kept if m["id"] == message["id"]), None) if kept is not None else None

    # -- routes -----------------------------------------------------------------------------------------
    def dm(self, channel_id: str) -> DMChannel | None:
        """The DM channel ``channel_id`` names, if it is one; a group DM the bot is not in is out of reach."""
        dm = self.world.dms.get(int(channel_id))
        if dm is not None and dm.kind != 1:
            raise DiscordError(403, 50001, "Missing Access")
        return dm

    async def open_dm(self, call: Call) -> web.Response:
        """POST /users/@me/channels: the DM channel with a user, the same one on every call."""
        body = call.body if isinstance(call.body, dict) else {}
        try:
            user = self.world.users.get(int(body.get("recipient_id") or 0))
        except (TypeError, ValueError):
            user = None
        if user is None or user.bot:
            raise DiscordError(400, 50033, "Invalid Recipient(s)")
        return json_response(self.world.dm_with(user).payload())

    async def create(self, call: Call) -> web.Response:
        payload = call.body
        dm = self.dm(call.params["channel"])
        if dm is not None:
            self.check(payload, call.files)
            if dm.recipient.id in self.world.closed_dms:
                raise DiscordError(403, 50007, "Cannot send messages to this user")
            return json_response(self._store(dm, None, payload, call.files))
        guild, channel = self.channel(call.params["channel"])
        self.check(payload, call.files)
        needed = ["embed_links"] if payload.get("embeds") else []
        self.require(guild, channel, "send_messages", *needed, *(["attach_files"] if call.files else []))
        return json_response(self._store(channel, guild.id, payload, call.files))

    def _store(
        self,
        channel: Channel | DMChannel,
        guild_id: int | None,
        payload: dict[str, Any],
        files: dict[int, Upload] | None = None,
    ) -> dict[str, Any]:
        """A new message in ``channel``, or, for a repeat of a nonce within the window, the first one."""
        nonce = payload.get("nonce")
        if nonce is not None and payload.get("enforce_nonce"):
            horizon = (self.clock.now() - self.nonce_window).isoformat()
            for earlier in reversed(channel.messages):
                if earlier["timestamp"] < horizon:
                    break
                if earlier.get("nonce") == nonce and earlier["author"]["id"] == str(self.world.bot.id):
                    return earlier
        message = self.new_message(channel.id, guild_id, payload, files=files)
        channel.messages.append(message)
        return message

    async def history(self, call: Call) -> web.Response:
        """GET /channels/{id}/messages as Discord answers it: always newest first, at most ``limit`` (1–100,
        default 50), and at most one of ``before``, ``after`` and ``around`` (a snowflake, which need not be a
        message's): the nearest older messages, the nearest newer ones, or half older and half at-or-newer."""
        dm = self.dm(call.params["channel"])
        if dm is None:
            guild, found = self.channel(call.params["channel"])
            self.require(guild, found, "read_message_history")
        channel: Channel | DMChannel = dm or found
        query = call.request.query
        limit = _query_int(query.get("limit", "50"), "limit")
        if not 1 <= limit <= 100:
            raise _form_error("limit", "BASE_TYPE_BAD_INT", "int value should be between 1 and 100.")
        anchors = {name: _query_int(query[name], name) for name in ("before", "after", "around") if name in query}
        if len(anchors) > 1:
            raise _form_error("around", "BASE_TYPE_BAD", "Only one of before, after and around may be given.")
        ordered = sorted(channel.messages, key=lambda m: int(m["id"]))
        ids = [int(m["id"]) for m in ordered]
        if "after" in anchors:
            start = bisect.bisect_right(ids, anchors["after"])
            page = ordered[start : start + limit]
        elif "around" in anchors:
            middle = bisect.bisect_left(ids, anchors["around"])
            older = limit // 2
            page = ordered[max(0, middle - older) : middle + (limit - older)]
        else:
            end = bisect.bisect_left(ids, anchors["before"]) if "before" in anchors else len(ordered)
            page = ordered[max(0, end - limit) : end]
        return json_response(page[::-1])

    async def get(self, call: Call) -> web.Response:
        guild, channel = self.channel(call.params["channel"])
        self.require(guild, channel, "read_message_history")
        message = channel.message(call.params["mid"])
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        return json_response(message)

    async def edit(self, call: Call) -> web.Response:
        _, channel = self.channel(call.params["channel"])
        message = channel.message(call.params["mid"])
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        return json_response(self.apply_edit(message, call.body, call.files))

    async def get_channel(self, call: Call) -> web.Response:
        dm = self.dm(call.params["channel"])
        if dm is not None:
            return json_response(dm.payload())
        _, channel = self.channel(call.params["channel"])
        return json_response(channel.payload())


def _query_int(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _form_error(name, "NUMBER_TYPE_COERCE", f'Value "{text}" is not int.') from None


def _form_error(field: str, code: str, message: str) -> DiscordError:
    errors = {field: {"_errors": [{"code": code, "message": message}]}}
    return DiscordError(
        400, 50035, "Invalid Form Body", {"message": "Invalid Form Body", "code": 50035, "errors": errors}
    )


_MENTION = re.compile(r"<@(!?)(\d+)>|<@&(\d+)>|@(everyone|here)")


def pings(content: str, allowed: dict[str, Any] | None) -> dict[str, Any]:
    """Who a message would actually notify, given its content and ``allowed_mentions`` (Discord's rules)."""
    if "@" not in content:
        return {"everyone": False, "users": [], "roles": []}
    users = {m.group(2) for m in _MENTION.finditer(content) if m.group(2)}
    roles = {m.group(3) for m in _MENTION.finditer(content) if m.group(3)}
    everyone = any(m.group(4) for m in _MENTION.finditer(content))
    if allowed is None:  # no allowed_mentions: everything in the content pings
        return {"everyone": everyone, "users": sorted(users), "roles": sorted(roles)}
    parse = set(allowed.get("parse") or [])
    allowed_users = users if "users" in parse else users & {str(u) for u in allowed.get("users") or []}
    allowed_roles = roles if "roles" in parse else roles & {str(r) for r in allowed.get("roles") or []}
    return {
        "everyone": everyone and "everyone" in parse,
        "users": sorted(allowed_users),
        "roles": sorted(allowed_roles),
    }
