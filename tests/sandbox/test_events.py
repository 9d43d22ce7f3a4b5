"""The loopback Discord's scheduled events, driven by the real discord.py client: Discord's rules and answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord
import pytest

from bot.ports import EventSpec
from bot.sandbox.session import Sandbox
from tests.contract import violations


def spec(sandbox: Sandbox, **changes: Any) -> dict[str, Any]:
    start = sandbox.clock.now() + timedelta(days=3)
    body = EventSpec("m/k", "Name", "Text\nref: m/k", "Somewhere", start, start + timedelta(hours=1)).payload()
    return {**body, **changes}


async def create(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = await sandbox.bot.http.create_guild_scheduled_event(sandbox.guild.id, **body)
    return answer


async def refused(sandbox: Sandbox, body: dict[str, Any]) -> discord.HTTPException:
    with pytest.raises(discord.HTTPException) as caught:
        await create(sandbox, body)
    return caught.value


async def test_discords_rules_for_an_external_event(sandbox: Sandbox) -> None:
    now = sandbox.clock.now()
    for bad in (
        {"name": "x" * 101},
        {"name": ""},
        {"description": "d" * 1001},
        {"entity_metadata": {"location": "l" * 101}},
        {"entity_metadata": {}},
        {"scheduled_end_time": None},
        {"scheduled_start_time": (now - timedelta(minutes=1)).isoformat()},
        {"scheduled_end_time": (now + timedelta(days=2)).isoformat()},  # before the start
    ):
        error = await refused(sandbox, spec(sandbox, **bad))
        assert (error.status, error.code) == (400, 50035), bad
    assert sandbox.guild.scheduled_events == {}
    made = await create(sandbox, spec(sandbox, name="n" * 100, description="d" * 1000))
    assert made["status"] == 1 and made["creator_id"] == str(sandbox.world.bot.id)


async def test_list_get_edit_and_delete(sandbox: Sandbox) -> None:
    made = await create(sandbox, spec(sandbox))
    http, guild = sandbox.bot.http, sandbox.guild.id
    assert [e["id"] for e in await http.get_scheduled_events(guild, False)] == [made["id"]]
    edited = await http.edit_scheduled_event(guild, int(made["id"]), name="Renamed")
    assert edited["name"] == "Renamed" and (await http.get_scheduled_event(guild, int(made["id"]), False))["name"] == (
        "Renamed"
    )
    await http.delete_scheduled_event(guild, int(made["id"]))
    assert await http.get_scheduled_events(guild, False) == []
    with pytest.raises(discord.NotFound) as caught:
        await http.edit_scheduled_event(guild, int(made["id"]), name="Gone")
    assert caught.value.code == 10070


async def test_at_most_100_active_events_per_server(sandbox: Sandbox) -> None:
    for _ in range(100):
        sandbox.guild.scheduled_events[sandbox.world.ids.next()] = {"status": 1}
    error = await refused(sandbox, spec(sandbox))
    assert (error.status, error.code) == (400, 30038)


async def test_manage_events_is_checked(sandbox: Sandbox) -> None:
    role = sandbox.guild.role_named("deploybot")
    role.permissions = discord.Permissions(role.permissions.value & ~discord.Permissions(manage_events=True).value)
    error = await refused(sandbox, spec(sandbox))
    assert (error.status, error.code) == (403, 50013)


def test_the_contract_check_covers_event_bodies() -> None:
    path = "/guilds/1/scheduled-events"
    assert violations("POST", path, {"name": "n", "entity_type": 3, "privacy_level": 2})  # no start, no metadata
    assert violations("PATCH", f"{path}/2", {"name": "n" * 101})
    good = {
        "name": "n",
        "entity_type": 3,
        "privacy_level": 2,
        "entity_metadata": {"location": "here"},
        "scheduled_start_time": "2030-01-01T10:00:00+00:00",
        "scheduled_end_time": "2030-01-01T11:00:00+00:00",
    }
    assert violations("POST", path, good) == []
    assert violations("PATCH", f"{path}/2", good) == []
