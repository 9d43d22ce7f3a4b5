"""The loopback Discord's world: servers, channels, roles, members and messages, as Discord would send them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from discord import Permissions

from bot.clock import Clock

DISCORD_EPOCH_MS = 1420070400000

# What the bot's own role may do unless a test takes it away.
BOT_PERMISSIONS = Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    read_message_history=True,
    mention_everyone=False,
    use_application_commands=True,
    manage_events=True,  # for /config events (Discord Scheduled Events)
)
EVERYONE_PERMISSIONS = Permissions(
    view_channel=True, send_messages=True, read_message_history=True, use_application_commands=True
)
MODERATOR_PERMISSIONS = Permissions(manage_guild=True, manage_messages=True) | EVERYONE_PERMISSIONS


class Snowflakes:
    """Discord ids whose timestamp comes from the harness clock, so ``created_at`` follows it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._counter = itertools.count()
        self._last = 0

    def at(self, when: datetime) -> int:
        ms = int(when.timestamp() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (1 << 17) | (next(self._counter) % 4096)

    def next(self) -> int:
        """A new id for now: greater than every id :meth:`next` gave before, as Discord's ids are (history is
        ordered by them), even when the 12-bit counter wraps within one millisecond."""
        self._last = max(self.at(self.clock.now()), self._last + 1)
        return self._last

    def on_shard(self, shard_id: int, shard_count: int) -> int:
        """A new id (as :meth:`next`) whose server falls on ``shard_id`` by Discord's formula: ids made within
        one millisecond would otherwise all land on the same shard."""
        base = self.next()
        ms = (base >> 22) + (shard_id - (base >> 22)) % shard_count
        self._last = max(self._last, (ms << 22) | (base & ((1 << 22) - 1)))
        return self._last


def created_at(snowflake: int) -> float:
    """Seconds since the Unix epoch at which ``snowflake`` was made."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000


@dataclass
class User:
    id: int
    name: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class Role:
    id: int
    name: str
    permissions: Permissions
    position: int = 0
    mentionable: bool = False
    managed: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions.value),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }


@dataclass
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: Permissions = field(default_factory=Permissions.none)
    deny: Permissions = field(default_factory=Permissions.none)

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow.value),
            "deny": str(self.deny.value),
        }


@dataclass
class Channel:
    id: int
    guild_id: int
    name: str
    position: int = 0
    overwrites: list[Overwrite] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.payload() for o in self.overwrites],
            "parent_id": None,
            "topic": None,
            "nsfw": False,
            "last_message_id": self.messages[-1]["id"] if self.messages else None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def message(self, message_id: int | str) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["id"] == str(message_id)), None)


@dataclass
class DMChannel:
    """A direct-message channel between the bot and one user (type 1), or a group DM the bot is not in (type 3,
    where only interactions from a user install reach it)."""

    id: int
    recipient: User
    kind: int = 1
    messages: list[dict[str, Any]] = field(default_factory=list)
    guild_id: int | None = None  # never a server's: keeps the interface of Channel where both are read

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "type": self.kind,
            "last_message_id": self.messages[-1]["id"] if self.messages else None,
            "recipients": [self.recipient.payload()],
            "flags": 0,
        }
        if self.kind == 3:
            payload.update(name=None, icon=None, owner_id=str(self.recipient.id))
        return payload

    def message(self, message_id: int | str) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["id"] == str(message_id)), None)


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    joined_at: str = "2020-01-01T00:00:00+00:00"

    def payload(self) -> dict[str, Any]:
        return {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.roles],
            "joined_at": self.joined_at,
            "nick": None,
            "avatar": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    preferred_locale: str = "nl"
    system_channel_id: int | None = None  # where Discord posts join messages (and a bot may say hello)
    scheduled_events: dict[int, dict[str, Any]] = field(default_factory=dict)  # by id, as Discord answers them

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    def channel_named(self, name: str) -> Channel:
        wanted = name.lstrip("#")
        for channel in self.channels.values():
            if channel.name == wanted:
                return channel
        raise KeyError(f"no channel #{wanted} in {self.name}")

    def role_named(self, name: str) -> Role:
        for role in self.roles.values():
            if role.name in (name, name.lstrip("@")):
                return role
        raise KeyError(f"no role @{name} in {self.name}")

    def base_permissions(self, member: Member) -> Permissions:
        if member.user.id == self.owner_id:
            return Permissions.all()
        value = self.everyone.permissions.value
        for role_id in member.roles:
            value |= self.roles[role_id].permissions.value
        perms = Permissions(value)
        return Permissions.all() if perms.administrator else perms

    def permissions_in(self, member: Member, channel: Channel) -> Permissions:
        """Discord's documented computation: base, then @everyone, role and member overwrites."""
        base = self.base_permissions(member)
        if base.administrator:
            return base
        value = base.value
        overwrites = {(o.type, o.id): o for o in channel.overwrites}
        if everyone := overwrites.get((0, self.id)):
            value = (value & ~everyone.deny.value) | everyone.allow.value
        allow = deny = 0
        for role_id in member.roles:
            if role_overwrite := overwrites.get((0, role_id)):
                allow |= role_overwrite.allow.value
                deny |= role_overwrite.deny.value
        value = (value & ~deny) | allow
        if own := overwrites.get((1, member.user.id)):
            value = (value & ~own.deny.value) | own.allow.value
        return Permissions(value)

    def payload(self, bot_member: Member) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": str(self.system_channel_id) if self.system_channel_id else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.preferred_locale,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "joined_at": bot_member.joined_at,
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "members": [bot_member.payload()],
            "channels": [c.payload() for c in self.channels.values()],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


class World:
    """Everything the loopback Discord knows. Tests build it; the server serves it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.ids = Snowflakes(clock)
        self.application_id = self.ids.next()
        self.bot = User(self.application_id, "deploybot", bot=True)
        self.users: dict[int, User] = {self.bot.id: self.bot}
        self.guilds: dict[int, Guild] = {}
        self.dms: dict[int, DMChannel] = {}  # DM channels and group DMs, by channel id
        self.closed_dms: set[int] = set()  # users who do not accept DMs from the bot: Discord answers 50007

    def add_user(self, name: str) -> User:
        user = User(self.ids.next(), name)
        self.users[user.id] = user
        return user

    def add_guild(
        self, name: str, channels: tuple[str, ...] = ("general", "announcements"), shard: tuple[int, int] | None = None
    ) -> Guild:
        """A server with the bot in it, an owner, a @Moderator role and the given text channels; with ``shard``
        (shard id, shard count) its id puts it on that shard."""
        owner = self.add_user(f"{name}-owner")
        guild = Guild(self.ids.on_shard(*shard) if shard else self.ids.next(), name, owner.id)
        guild.roles[guild.id] = Role(guild.id, "@everyone", EVERYONE_PERMISSIONS)
        bot_role = Role(self.ids.next(), "deploybot", BOT_PERMISSIONS, position=2, managed=True)
        mod_role = Role(self.ids.next(), "Moderator", MODERATOR_PERMISSIONS, position=1, mentionable=True)
        guild.roles[bot_role.id] = bot_role
        guild.roles[mod_role.id] = mod_role
        guild.members[self.bot.id] = Member(self.bot, [bot_role.id])
        guild.members[owner.id] = Member(owner)
        for position, channel_name in enumerate(channels):
            self.add_channel(guild, channel_name, position)
        self.guilds[guild.id] = guild
        return guild

    def add_channel(self, guild: Guild, name: str, position: int = 0) -> Channel:
        channel = Channel(self.ids.next(), guild.id, name, position)
        guild.channels[channel.id] = channel
        return channel

    def add_role(self, guild: Guild, name: str, mentionable: bool = True) -> Role:
        role = Role(self.ids.next(), name, Permissions.none(), position=1, mentionable=mentionable)
        guild.roles[role.id] = role
        return role

    def add_member(self, guild: Guild, name: str, moderator: bool = False) -> Member:
        user = self.add_user(name)
        roles = [guild.role_named("Moderator").id] if moderator else []
        member = Member(user, roles)
        guild.members[user.id] = member
        return member

    def bot_member(self, guild: Guild) -> Member:
        return guild.members[self.bot.id]

    def find_channel(self, channel_id: int) -> tuple[Guild, Channel] | None:
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild, guild.channels[channel_id]
        return None

    def dm_with(self, user: User) -> DMChannel:
        """The bot's DM channel with ``user``: the same one every time, as Discord keeps it."""
        for channel in self.dms.values():
            if channel.kind == 1 and channel.recipient.id == user.id:
                return channel
        channel = DMChannel(self.ids.next(), user)
        self.dms[channel.id] = channel
        return channel

    def group_dm(self, owner: User) -> DMChannel:
        """A group DM the bot is not in: a user-installed app is used there through interactions only."""
        channel = DMChannel(self.ids.next(), owner, kind=3)
        self.dms[channel.id] = channel
        return channel

    def messages_of(self, channel_id: int) -> list[dict[str, Any]] | None:
        """The stored messages of a server's channel or a DM channel; ``None`` for a place the bot cannot see."""
        found = self.find_channel(channel_id)
        if found is not None:
            return found[1].messages
        dm = self.dms.get(channel_id)
        return dm.messages if dm is not None and dm.kind == 1 else None
