"""The command line's mistakes and failures, each said in one clear line."""

import logging
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from bot.cli import main
from bot.client import DeployBot, run_bot, sync_commands
from bot.facts.parse import FactsInvalid, load_facts
from bot.settings import Secret, load_settings
from tests.paths import SEED_DATA_DIR

TOKEN = "t" * 60


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dir: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "DEPLOYBOT_LOG_LEVEL", "DEPLOYBOT_TIMEZONE", "DEPLOYBOT_OWNER_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEPLOYBOT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DEPLOYBOT_DATABASE", str(tmp_path / "bot.sqlite3"))
    return data_dir


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(FactsInvalid) as info:
        load_facts(data_dir)
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["--bogus"], "deploybot: unrecognized arguments: --bogus (see deploybot --help)"),
        (["load", "--bogus"], "deploybot: unrecognized arguments: --bogus (see deploybot --help)"),
        (
            [],
            "deploybot: choose a command: run, load, audit, sync, sandbox, ingest or migrate-db (see deploybot --help)",
        ),
    ],
)
def test_a_command_line_mistake_is_one_line_naming_it(
    argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert capsys.readouterr().err == line + "\n"


def test_a_file_that_is_not_utf8_is_one_line_naming_it(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = env / "sources" / "nrc-2020-11-20.toml"
    source.write_bytes(source.read_text(encoding="utf-8").encode("latin-1", errors="replace") + b"# caf\xe9\n")
    assert main(["load", "--check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("Nothing was changed: data/sources/nrc-2020-11-20.toml: file: is not UTF-8 text (byte 0xe9")


def test_a_syntax_error_in_missions_toml_does_not_cascade(data_dir: Path) -> None:
    missions = data_dir / "missions.toml"
    missions.write_text(missions.read_text(encoding="utf-8").replace('slug = "erbil"', 'slug = "erbil', 1), "utf-8")
    problems = _problems(data_dir)
    assert len(problems) == 1, "\n".join(problems)
    assert problems[0].startswith("data/missions.toml: file: is not valid TOML")


def test_an_unreadable_organisations_file_does_not_cascade(data_dir: Path) -> None:
    (data_dir / "organisations.toml").write_text("[[organisation]\n", encoding="utf-8")
    problems = _problems(data_dir)
    assert len(problems) == 1 and problems[0].startswith("data/organisations.toml: file: is not valid TOML")


def test_a_bad_published_date_does_not_hide_the_files_other_problems(data_dir: Path) -> None:
    source = data_dir / "sources" / "nrc-2020-11-20.toml"
    text = source.read_text(encoding="utf-8")
    assert 'published = "2020-11-20"' in text and "paragraph = 1" in text
    text = text.replace('published = "2020-11-20"', 'published = "2020-11-31"')
    text += '\n[[milestone]]\nmission = "erbil"\nparagraph = 1\nkind = "meeting"\ndate = "2021-01"\n'
    text += 'certainty = "confirmed"\n'
    source.write_text(text, encoding="utf-8")
    problems = _problems(data_dir)
    file = "data/sources/nrc-2020-11-20.toml"
    assert any(p.startswith(f"{file}: source: 'published': '2020-11-31' is not a real day") for p in problems)
    assert any(p.startswith(f"{file}: milestone #") and "unknown kind 'meeting'" in p for p in problems)
    # Missions that cite the broken source are not called wrong for it.
    assert not any("unknown source id 'nrc-2020-11-20'" in p for p in problems), "\n".join(problems)


def test_the_bot_does_not_warn_about_voice(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)  # as in a fresh process without PyNaCl or davey
    monkeypatch.setattr(discord.VoiceClient, "warn_dave", True)
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    with caplog.at_level(logging.WARNING):
        DeployBot(settings)
    assert not [r for r in caplog.records if "voice" in r.getMessage()]


async def test_run_without_network_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nothing listens on port 1: as an unreachable Discord looks to a machine without network.
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:1/api/v10")
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    settings = replace(settings, token=Secret(TOKEN), database=tmp_path / "run.sqlite3")
    assert await run_bot(settings) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("Cannot reach Discord (Cannot connect to host 127.0.0.1:1")
    assert captured.err.endswith("check the network connection, then try again.\n")


async def test_sync_without_network_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:1/api/v10")
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    settings = replace(settings, token=Secret(TOKEN), database=tmp_path / "sync.sqlite3")
    assert await sync_commands(settings, None) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Cannot reach Discord (Cannot connect to host 127.0.0.1:1")
    assert err.endswith("nothing was registered.\n")
