"""REST for guild scheduled events on the loopback Discord, with Discord's rules: name 1–100 characters,
description up to 1,000, an external event needs a location (1–100) and an end, the start lies ahead and the
end after it, at most 100 scheduled or active events per server, and Manage Events (or Create Events, for the
events the bot made itself) checked with Discord's 403 50013."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from bot import limits
from bot.clock import Clock
from bot.sandbox import rules
from bot.sandbox.wire import Call, DiscordError, json_response
from bot.sandbox.world import Guild, World

SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
EXTERNAL = 3
MAX_EVENTS_CODE = 30038  # Maximum number of uncompleted guild scheduled events reached
UNKNOWN_EVENT = 10070
# The status changes Discord allows: scheduled → active or cancelled; active → completed.
MOVES = {SCHEDULED: {ACTIVE, CANCELED}, ACTIVE: {COMPLETED}}


def _instant(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


class ScheduledEvents:
    def __init__(self, world: World, clock: Clock) -> None:
        self.world, self.clock = world, clock

    def _guild(self, call: Call) -> Guild:
        guild = self.world.guilds.get(int(call.params["guild"]))
        if guild is None:
            raise DiscordError(404, 10004, "Unknown Guild")
        return guild

    def _event(self, guild: Guild, call: Call) -> dict[str, Any]:
        event = guild.scheduled_events.get(int(call.params["event"]))
        if event is None:
            raise DiscordError(404, UNKNOWN_EVENT, "Unknown Guild Scheduled Event")
        return event

    def _may(self, guild: Guild, event: dict[str, Any] | None = None) -> None:
        """Manage Events, or Create Events for a new event or one the bot created itself."""
        perms = guild.base_permissions(self.world.bot_member(guild))
        own = event is None or event["creator_id"] == str(self.world.bot.id)
        if not (perms.manage_events or (perms.create_events and own)):
            raise DiscordError(403, 50013, "Missing Permissions")

    def _check(self, event: dict[str, Any], start_changed: bool) -> None:
        errors = rules.check_event(event)
        start, end = _instant(event.get("scheduled_start_time")), _instant(event.get("scheduled_end_time"))
        if start is None:
            errors.add(("scheduled_start_time",), "DATE_TIME_TYPE_CONVERT", "Could not parse the start time.")
        elif start_changed and start <= self.clock.now():
            errors.add(("scheduled_start_time",), "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST", "Cannot schedule in the past.")
        if start is not None and end is not None and end <= start:
            errors.add(("scheduled_end_time",), "GUILD_SCHEDULED_EVENT_END_BEFORE_START", "Must end after it starts.")
        if errors:
            raise DiscordError(400, 50035, "Invalid Form Body", errors.body())

    @staticmethod
    def _active(guild: Guild) -> int:
        return sum(1 for e in guild.scheduled_events.values() if e["status"] in (SCHEDULED, ACTIVE))

    async def list_events(self, call: Call) -> web.Response:
        guild = self._guild(call)
        # Like Discord: the events that are not over (completed and cancelled ones drop out of the list).
        return json_response([e for e in guild.scheduled_events.values() if e["status"] in (SCHEDULED, ACTIVE)])

    async def get(self, call: Call) -> web.Response:
        guild = self._guild(call)
        return json_response(self._event(guild, call))

    async def create(self, call: Call) -> web.Response:
        guild = self._guild(call)
        self._may(guild)
        body = call.body if isinstance(call.body, dict) else {}
        event_id = self.world.ids.next()
        event = {
            "id": str(event_id),
            "guild_id": str(guild.id),
            "channel_id": None,
            "creator_id": str(self.world.bot.id),
            "creator": self.world.bot.payload(),
            "name": body.get("name"),
            "description": body.get("description"),
            "scheduled_start_time": body.get("scheduled_start_time"),
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body.get("privacy_level"),
            "status": SCHEDULED,
            "entity_type": body.get("entity_type"),
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "image": None,
            "recurrence_rule": None,
        }
        self._check(event, start_changed=True)
        if self._active(guild) >= limits.ACTIVE_EVENTS_PER_GUILD:
            raise DiscordError(
                400, MAX_EVENTS_CODE, "Maximum number of uncompleted guild scheduled events reached (100)"
            )
        guild.scheduled_events[event_id] = event
        return json_response(event)

    async def modify(self, call: Call) -> web.Response:
        guild = self._guild(call)
        event = self._event(guild, call)
        self._may(guild, event)
        body = call.body if isinstance(call.body, dict) else {}
        if event["status"] not in (SCHEDULED, ACTIVE):
            raise DiscordError(400, 180000, "Cannot modify a finished event")
        changed = {**event, **{k: v for k, v in body.items() if k != "status"}}
        status = body.get("status")
        if status is not None and status != event["status"]:
            if status not in MOVES.get(event["status"], set()):
                raise DiscordError(400, 180001, "Invalid status change")
            changed["status"] = status
        start_changed = body.get("scheduled_start_time", event["scheduled_start_time"]) != event["scheduled_start_time"]
        self._check(changed, start_changed=start_changed)
        guild.scheduled_events[int(event["id"])] = changed
        return json_response(changed)

    async def delete(self, call: Call) -> web.Response:
        guild = self._guild(call)
        event = self._event(guild, call)
        self._may(guild, event)
        del guild.scheduled_events[int(event["id"])]
        return web.Response(status=204)
