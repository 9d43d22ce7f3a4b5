"""/owner is registered in the bot's home server only: other servers' admins never see it."""

from dataclasses import replace
from pathlib import Path

import pytest

from bot.client import sync_commands
from bot.clock import ManualClock, utc
from bot.sandbox.driver import DriverError
from bot.sandbox.server import LoopbackDiscord
from bot.sandbox.session import Sandbox, default_world
from bot.settings import Secret, Settings, SettingsError, load_settings
from tests.paths import SEED_DATA_DIR


def test_the_home_server_defaults_to_the_development_server() -> None:
    assert load_settings({}, env_file=None).home_guild_id is None
    assert load_settings({"DEPLOYBOT_DEV_GUILD_ID": "7"}, env_file=None).home_guild_id == 7
    both = load_settings({"DEPLOYBOT_DEV_GUILD_ID": "7", "DEPLOYBOT_HOME_GUILD_ID": "9"}, env_file=None)
    assert (both.dev_guild_id, both.home_guild_id) == (7, 9)
    with pytest.raises(SettingsError, match=r"^DEPLOYBOT_HOME_GUILD_ID: 'home' is not a Discord id"):
        load_settings({"DEPLOYBOT_HOME_GUILD_ID": "home"}, env_file=None)


async def test_owner_commands_are_the_home_servers_only(sandbox: Sandbox) -> None:
    assert "owner" not in {c["name"] for c in sandbox.server.commands}  # not global: no other server sees it
    other = sandbox.world.add_guild("Elsewhere")
    admin = sandbox.world.add_member(other, "admin", moderator=True)
    sandbox.driver.act_as(member=sandbox.moderator)  # the home server's owner still has it, and the checks
    assert (await sandbox.driver.slash("owner sync")).content.endswith("commands.")
    home = sandbox.driver.actor.guild
    sandbox.driver.actor.guild, sandbox.driver.actor.channel = other, other.channel_named("general")
    sandbox.driver.act_as(member=admin)
    with pytest.raises(DriverError, match="/owner is not a command of this bot"):
        await sandbox.driver.slash("owner sync")
    sandbox.driver.actor.guild, sandbox.driver.actor.channel = home, home.channel_named("general")


async def _sync(settings: Settings, guild_id: int | None) -> LoopbackDiscord:
    clock = ManualClock(utc(2021, 10, 20))
    world, *_ = default_world(clock)
    server = LoopbackDiscord(clock, world)
    await server.start()
    try:
        with server.install():
            assert await sync_commands(settings, guild_id) == 0
    finally:
        await server.close()
    return server


def _settings(tmp_path: Path, **values: object) -> Settings:
    base = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    return replace(base, token=Secret("x" * 60), database=tmp_path / "sync.sqlite3", **values)  # type: ignore[arg-type]


async def test_a_global_sync_registers_owner_in_the_home_server_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = await _sync(_settings(tmp_path, home_guild_id=1234), None)
    assert "owner" not in {c["name"] for c in server.commands} and "mission" in {c["name"] for c in server.commands}
    assert sorted(c["name"] for c in server.guild_commands[1234]) == ["facts", "owner"]
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Synced 13 commands to all servers (global")
    assert out[1] == "Synced 2 commands to server 1234 (home: /owner, /facts): /owner, /facts"


async def test_without_a_home_server_owner_is_registered_nowhere_and_sync_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = await _sync(_settings(tmp_path), None)
    assert "owner" not in {c["name"] for c in server.commands} and server.guild_commands == {}
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (
        "/owner and /facts are not registered: set DEPLOYBOT_HOME_GUILD_ID (or DEPLOYBOT_DEV_GUILD_ID) to their server."
    )
