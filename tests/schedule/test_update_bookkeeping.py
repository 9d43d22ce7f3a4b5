"""Update posts are worked out again only for what changed: the server whose settings or news moved, and after
new facts only the missions whose facts moved, for the servers told about them. End to end on the loopback Discord.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock, utc
from bot.dates import FuzzyDate
from bot.facts.parse import load_facts
from bot.sandbox.session import Sandbox, default_world, running_sandbox
from bot.sandbox.world import Guild
from bot.schedule import updates as updates_module
from bot.schedule.planning import Due
from bot.settings import load_settings
from bot.storage.facts import FactStore
from tests.paths import SEED_DATA_DIR

SERVERS = 12


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 1, 8))


@pytest.fixture
async def crowd(database: Path | str, clock: ManualClock) -> AsyncIterator[tuple[Sandbox, list[Guild]]]:
    """The sandbox with a dozen servers announcing, each told about MINUSMA's rotation on 2 October."""
    world, guild, moderator, member = default_world(clock)
    others = [world.add_guild(f"server-{i:02d}", ("announcements",)) for i in range(SERVERS - 1)]
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    async with running_sandbox(settings, clock, database, world=(world, guild, moderator, member)) as sb:
        servers = [guild, *others]
        for server in servers:
            channel = server.channel_named("announcements")
            await sb.bot.guild_settings.update(server.id, clock.now(), channel_id=channel.id, announce_from=clock.now())
        sb.bot.dispatcher.wake()
        await sb.advance_to(utc(2021, 10, 2, 12))
        assert [len(s.channel_named("announcements").messages) for s in servers] == [1] * SERVERS
        sb.bot.dispatcher.wake()  # what the posts changed is worked out on the next wake: let it happen now
        await sb.bot.settle()
        yield sb, servers


class Calls:
    """Every call the dispatcher makes to plan_updates: for which server, and which missions."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made: list[tuple[int, frozenset[str] | None]] = []
        real = updates_module.plan_updates

        def counting(*args: Any, **kwargs: Any) -> Iterator[Due]:
            config, missions = args[1], kwargs.get("missions", args[4] if len(args) > 4 else None)
            self.made.append((config.guild_id, None if missions is None else frozenset(missions)))
            return real(*args, **kwargs)

        monkeypatch.setattr(updates_module, "plan_updates", counting)

    def servers(self) -> set[int]:
        return {guild_id for guild_id, _ in self.made}

    def missions(self) -> set[frozenset[str] | None]:
        return {missions for _, missions in self.made}


def moved(milestone_key: str, mission: str, to: str) -> Any:
    facts = load_facts(SEED_DATA_DIR)
    milestones = tuple(
        replace(m, date=FuzzyDate.parse(to)) if (m.mission, m.key) == (mission, milestone_key) else m
        for m in facts.milestones
    )
    return replace(facts, milestones=milestones)


async def reload(sb: Sandbox, facts: Any) -> None:
    await FactStore(sb.bot.db).apply(facts, sb.clock.now())
    announcements = sb.bot.get_cog("Announcements")
    assert announcements is not None
    await announcements.watch_facts()  # type: ignore[attr-defined]


def update_posts(servers: Collection[Guild]) -> list[int]:
    return [
        sum(1 for m in s.channel_named("announcements").messages if "Update" in m["embeds"][0]["description"])
        for s in servers
    ]


async def test_one_servers_settings_change_replans_only_that_servers_updates(
    crowd: tuple[Sandbox, list[Guild]], monkeypatch: pytest.MonkeyPatch
) -> None:
    sb, servers = crowd
    calls = Calls(monkeypatch)
    sb.driver.act_as(member=sb.moderator)
    await sb.driver.slash("config leads", days="30,7,2,1,0")
    await sb.advance_to(utc(2021, 10, 2, 13))
    assert calls.servers() == {sb.guild.id}
    assert [len(s.channel_named("announcements").messages) for s in servers] == [1] * SERVERS


async def test_new_facts_replan_only_the_changed_mission_for_the_servers_told_about_it(
    crowd: tuple[Sandbox, list[Guild]], monkeypatch: pytest.MonkeyPatch
) -> None:
    sb, servers = crowd
    calls = Calls(monkeypatch)
    await reload(sb, moved("marines-relief", "erbil", "2021-06"))  # nobody was told about Erbil
    await sb.advance_to(utc(2021, 10, 2, 14))
    assert calls.made == []

    await reload(sb, moved("rotation-start", "minusma", "2021-12"))  # everybody was told about this one
    await sb.advance_to(utc(2021, 10, 3, 12))
    assert calls.servers() == {s.id for s in servers}
    assert calls.missions() == {frozenset({"minusma"})}
    assert update_posts(servers) == [1] * SERVERS  # each server's update, once

    sb.bot.dispatcher.wake()  # the update posts themselves changed what each server was told: worked out once
    await sb.bot.settle()
    calls.made.clear()
    await sb.advance_to(utc(2021, 10, 5, 12))  # the next days' wakes: nothing changed, nothing is worked out
    assert calls.made == []
    assert update_posts(servers) == [1] * SERVERS
