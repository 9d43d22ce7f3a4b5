"""`deploybot load` as a person runs it: in a subprocess-free way, through main()."""

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from tests.paths import SEED_DATA_DIR


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dir: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "DEPLOYBOT_LOG_LEVEL", "DEPLOYBOT_TIMEZONE", "DEPLOYBOT_OWNER_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEPLOYBOT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DEPLOYBOT_DATABASE", str(tmp_path / "bot.sqlite3"))
    return tmp_path / "bot.sqlite3"


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_load_then_again(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load"]) == 0
    out = capsys.readouterr().out
    assert "missions: 3 added (erbil, minusma, peshmerga-training)" in out
    assert main(["load"]) == 0
    assert "Nothing changed (facts version 1)." in capsys.readouterr().out


def test_check_only_validates(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", "--check"]) == 0
    assert "The data files are valid: 14 sources, 3 missions" in capsys.readouterr().out
    assert not env.exists()


def test_invalid_data_changes_nothing(env: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load"]) == 0
    before = _count(env, "milestones")
    seed = data_dir / "sources" / "nrc-2020-11-20.toml"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace('date = "2021-01"', 'date = "2021-01-32"'), encoding="utf-8"
    )
    (data_dir / "sources" / "rd-2020-09.toml").unlink()
    assert main(["load"]) == 1
    err = capsys.readouterr().err
    assert "nothing was changed" in err
    assert "'2021-01-32' is not a real day" in err
    assert "unknown source id 'rd-2020-09'" in err
    assert _count(env, "milestones") == before


def test_bad_setting_is_one_line_and_nonzero(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEPLOYBOT_TIMEZONE", "Nowhere/Land")
    assert main(["load"]) == 2
    err = capsys.readouterr().err
    assert err == "Configuration error: DEPLOYBOT_TIMEZONE: 'Nowhere/Land' is not an IANA time zone\n"


def test_corrupt_database_is_one_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env.write_bytes(b"garbage" * 1000)
    assert main(["load"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Storage error: the database") and "Traceback" not in err
    assert env.read_bytes() == b"garbage" * 1000


async def test_sync_registers_the_commands_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`deploybot sync --guild` against the loopback Discord: the commands land in that server only."""
    from dataclasses import replace

    from bot.client import sync_commands
    from bot.clock import ManualClock, utc
    from bot.sandbox.server import LoopbackDiscord
    from bot.sandbox.session import default_world
    from bot.settings import Secret, load_settings

    clock = ManualClock(utc(2021, 10, 20))
    world, guild, _, _ = default_world(clock)
    server = LoopbackDiscord(clock, world)
    await server.start()
    settings = replace(
        load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None),
        token=Secret("x" * 60),
        database=tmp_path / "sync.sqlite3",
        home_guild_id=guild.id,
    )
    try:
        with server.install():
            assert await sync_commands(settings, guild.id) == 0
    finally:
        await server.close()
    assert server.commands == []  # nothing global
    names = {c["name"] for c in server.guild_commands[guild.id]}
    assert {"mission", "config", "owner"} <= names
    assert capsys.readouterr().out.startswith(f"Synced {len(names)} commands to server {guild.id}")


async def test_the_real_bot_entry_point_runs_and_refuses_a_bad_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`deploybot run` with a token: run_bot against the loopback Discord, as against Discord itself."""
    import asyncio
    from dataclasses import replace

    from bot.client import run_bot
    from bot.clock import ManualClock, utc
    from bot.sandbox.server import LoopbackDiscord
    from bot.sandbox.session import default_world
    from bot.settings import Secret, load_settings

    clock = ManualClock(utc(2021, 10, 20))
    world, *_ = default_world(clock)
    server = LoopbackDiscord(clock, world)
    server.token = "good" + "x" * 56
    await server.start()
    settings = replace(
        load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None), database=tmp_path / "run.sqlite3"
    )
    try:
        with server.install():
            refused = replace(settings, token=Secret("bad" + "x" * 57))
            assert await run_bot(refused) == 2
            captured = capsys.readouterr()
            assert "Discord refused the token" in captured.out
            assert "bad" + "x" * 57 not in captured.out + captured.err  # the token is never printed

            running = asyncio.create_task(run_bot(replace(settings, token=Secret(server.token))))
            await asyncio.wait_for(server.connected.wait(), 30)
            assert server.identifies == 1  # connected and identified with the right token
            running.cancel()
            with pytest.raises(asyncio.CancelledError):
                await running
    finally:
        await server.close()
