"""Shard lists and counts from the command line and the environment; per-shard progress in the ledger; the
loopback Discord's sharded gateway (READY per shard, a bad shard refused, one shard resumed alone)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.cli import main
from bot.clock import ManualClock, utc
from bot.sandbox.server import LoopbackDiscord
from bot.sandbox.world import World
from bot.settings import SettingsError, load_settings
from bot.shards import Shards, ShardSpecError, format_ids, make_shards, parse_ids, shard_of
from bot.storage import Database
from bot.storage.ledger import Ledger
from tests.shards.harness import copy_seed_data, fleet, prepare, spread_world


def test_shard_lists() -> None:
    assert parse_ids("0-3") == (0, 1, 2, 3)
    assert parse_ids("5, 0-1,1") == (0, 1, 5)
    assert format_ids((0, 1, 2, 5, 7, 8)) == "0-2,5,7-8"
    assert make_shards(None, None) == Shards()  # the plain unsharded bot
    assert make_shards(None, "4") == Shards((0, 1, 2, 3), 4)  # one process connecting every shard
    assert make_shards("2-3", "8").share(48) == 12.0  # two shards of eight: a quarter of the pace
    for ids, count, part, words in [
        ("0-3", None, "count", "need a shard count"),
        ("0-8", "8", "shards", "shard 8 does not exist"),
        ("3-1", "8", "shards", "from low to high"),
        ("a", "8", "shards", "not a shard number"),
        ("0", "0", "count", "at least 1"),
        ("0", "x", "count", "not a number"),
    ]:
        with pytest.raises(ShardSpecError, match=words) as caught:
            make_shards(ids, count)
        assert caught.value.part == part


def test_ownership_follows_discords_formula() -> None:
    shards = Shards((1, 3), 4)
    assert shard_of(175928847299117063, 4) == (175928847299117063 >> 22) % 4
    owned = [g for g in range(0, 64 << 22, 1 << 22) if shards.owns(g)]
    assert {shard_of(g, 4) for g in owned} == {1, 3} and len(owned) == 32
    assert Shards().owns(12345)


def test_settings_from_the_environment() -> None:
    settings = load_settings({"DEPLOYBOT_SHARDS": "0-3", "DEPLOYBOT_SHARD_COUNT": "8"}, env_file=None)
    assert settings.shards == Shards((0, 1, 2, 3), 8)
    assert load_settings({}, env_file=None).shards == Shards()
    with pytest.raises(SettingsError, match="DEPLOYBOT_SHARD_COUNT: shards need a shard count"):
        load_settings({"DEPLOYBOT_SHARDS": "0-3"}, env_file=None)
    with pytest.raises(SettingsError, match="DEPLOYBOT_SHARDS: shard 9 does not exist"):
        load_settings({"DEPLOYBOT_SHARDS": "9", "DEPLOYBOT_SHARD_COUNT": "8"}, env_file=None)


def test_run_refuses_bad_shards_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEPLOYBOT_SHARD_COUNT", "4")
    assert main(["run", "--shards", "4-5"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Configuration error: --shards: shard 5 does not exist with a shard count of 4 (shards are 0-3)"
    )
    monkeypatch.delenv("DEPLOYBOT_SHARD_COUNT")
    assert main(["run", "--shards", "0-1"]) == 2
    assert "--shard-count: shards need a shard count" in capsys.readouterr().err


async def test_handled_until_is_kept_per_shard(db: Database) -> None:
    ledger = Ledger(db)
    day = utc(2021, 11, 1)
    await ledger.set_handled_until(day)  # the unsharded bot, before sharding
    low, high = Shards((0, 1), 4), Shards((2, 3), 4)
    assert await ledger.handled_until(low) == day  # a first sharded start goes on from there
    await ledger.set_handled_until(day + timedelta(hours=2), low)
    await ledger.set_handled_until(day + timedelta(hours=1), high)
    assert await ledger.handled_until(low) == day + timedelta(hours=2)
    assert await ledger.handled_until(high) == day + timedelta(hours=1)
    assert await ledger.handled_until(Shards((1, 2), 4)) == day + timedelta(hours=1)  # the shards' earliest
    assert await ledger.handled_until(Shards((0,), 2)) == day  # a new count: the earliest mark of any layout
    assert await ledger.handled_until() == day  # the unsharded bot's own mark is its own


async def test_the_gateway_refuses_a_shard_outside_its_count() -> None:
    server = LoopbackDiscord(ManualClock(utc(2021, 11, 1)), shard_count=2)
    await server.start()
    try:
        async with aiohttp.ClientSession() as http, http.ws_connect(server.gateway_url) as ws:
            await ws.receive_json()  # hello
            await ws.send_json({"op": 2, "d": {"token": "x", "shard": [2, 2]}})
            closing = await ws.receive()
            assert closing.type is aiohttp.WSMsgType.CLOSE and closing.data == 4010
        bot_gateway = server.api_base + "/gateway/bot"
        async with aiohttp.ClientSession() as http, http.get(bot_gateway, headers={"Authorization": "Bot x"}) as answer:
            assert (await answer.json())["shards"] == 2
    finally:
        await server.close()


async def test_one_shard_resumes_alone_and_answers_again(tmp_path: Path, database: Path | str) -> None:
    clock = ManualClock(utc(2021, 11, 1, 8))
    data_dir = copy_seed_data(tmp_path / "data")
    world, guilds = spread_world(clock, 4, 2)
    await prepare(database, data_dir, world, guilds, clock.now())
    async with fleet(clock, world, guilds, database, data_dir, [(0, 1)], 2) as running:
        (bot,) = running.bots
        assert len(bot.guilds) == 4 and bot.shard_count == 2
        before = {s.shard: s.id for s in running.server.sessions.values()}
        await running.server.drop_connection(shard=1)
        for _ in range(500):
            if all(s.ws is not None and s.resumes == 1 for s in running.server.sessions.values() if s.shard[0] == 1):
                break
            await asyncio.sleep(0.01)
        sessions = {s.shard: s for s in running.server.sessions.values()}
        assert {shard: s.id for shard, s in sessions.items()} == before  # resumed, not identified again
        assert sessions[(1, 2)].resumes == 1 and sessions[(0, 2)].resumes == 0
        assert running.server.identifies == 2
        from bot.sandbox.driver import Actor, Driver

        guild = next(g for g in guilds if shard_of(g.id, 2) == 1)
        member = next(m for m in guild.members.values() if m.user.name == "member")
        reply = await Driver(running.server, Actor(guild, guild.channel_named("general"), member)).slash("about")
        assert reply.embed["title"] == "About deploybot"


def test_world_ids_on_a_shard() -> None:
    world = World(ManualClock(utc(2021, 11, 1)))
    ids = [world.ids.on_shard(i % 3, 3) for i in range(9)]
    assert [shard_of(i, 3) for i in ids] == [0, 1, 2] * 3 and ids == sorted(set(ids))


async def test_deploybot_run_with_shards_connects_just_those(
    database: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`deploybot run --shards 1-2 --shard-count 4` with a token: run_bot connects shards 1 and 2, nothing else."""
    from dataclasses import replace

    from bot.client import ShardedDeployBot, run_bot
    from bot.sandbox.session import SANDBOX_TOKEN
    from bot.settings import Secret
    from tests.paths import SEED_DATA_DIR

    monkeypatch.setattr(ShardedDeployBot, "identify_interval", 0)  # the loopback Discord does not limit IDENTIFYs
    clock = ManualClock(utc(2021, 10, 20))
    world, _ = spread_world(clock, 8, 4)
    server = LoopbackDiscord(clock, world, shard_count=4)
    await server.start()
    environ = {"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR), "DEPLOYBOT_SHARDS": "1-2", "DEPLOYBOT_SHARD_COUNT": "4"}
    settings = replace(load_settings(environ, env_file=None), database=database)
    try:
        with server.install():
            running = asyncio.create_task(run_bot(replace(settings, token=Secret(SANDBOX_TOKEN))))
            for _ in range(1000):
                if server.gateway.shards() == {(1, 4), (2, 4)}:
                    break
                await asyncio.sleep(0.01)
            assert server.gateway.shards() == {(1, 4), (2, 4)} and server.identifies == 2
            running.cancel()
            with pytest.raises(asyncio.CancelledError):
                await running
    finally:
        await server.close()
