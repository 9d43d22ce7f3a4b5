"""`deploybot sandbox` driven by lines, in process and through a real pipe."""

import io
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.sandbox.prompt import Prompt
from bot.sandbox.session import Sandbox
from tests.cogs.test_curation import SEED
from tests.cogs.test_missions import _many_missions
from tests.paths import SEED_DATA_DIR
from tests.sandbox_fixtures import start_sandbox


async def _run(sandbox: Sandbox, *lines: str) -> str:
    out = io.StringIO()
    prompt = Prompt(sandbox, out)
    for line in lines:
        await prompt.handle(line)
    return out.getvalue()


async def test_commands_options_and_first_required_option(sandbox: Sandbox) -> None:
    output = await _run(sandbox, "/mission erbil", '/partners mission:"minusma"', "/upcoming days:60")
    assert "┃ 🇮🇶 Erbil airport force protection" in output
    assert "┃ ▸ Rotation partner" in output
    assert "from the second half of November 2021 to 15 May 2022" in output  # a timestamp, shown as a client shows it


async def test_acting_user_locale_completion_and_clicks(sandbox: Sandbox) -> None:
    output = await _run(sandbox, ":locale nl", ":complete /mission name:mali", ":as moderator", "/mission minsuma")
    assert "MINUSMA: C-130-rotatie — Bamako, Mali  →  minusma" in output
    assert "acting as the moderator" in output
    assert "┃ 🇲🇱 MINUSMA: C-130-rotatie" in output
    assert sandbox.driver.actor.member is sandbox.moderator
    configured = await _run(sandbox, "/config channel channel:#announcements")
    assert "Aankondigingen verschijnen in #announcements om 09:00 (Europe/Amsterdam)." in configured


async def test_command_mentions_show_as_the_acting_client_names_them(sandbox: Sandbox) -> None:
    english = await _run(sandbox, "/help", ":as moderator", "/config pause", "/config show")
    assert "┃ /timeline — " in english and "(/config resume)" in english
    dutch = await _run(sandbox, ":locale nl", "/help", "/config show")
    assert "┃ /tijdlijn — " in dutch and "(/config hervat)" in dutch
    assert "</" not in english + dutch


async def test_errors_are_one_line_and_the_sandbox_goes_on(sandbox: Sandbox) -> None:
    output = await _run(
        sandbox,
        "/nothing",
        "/mission",
        "hello",
        ":as admiral",
        ":advance soon",
        ":click Next",
        ":channel #nope",
        "/help",
    )
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: /nothing is not a command of this bot",
        "error: /mission needs the option 'name'",
        "error: start a line with / for a command or : for the sandbox (:help)",
        "error: :as takes moderator or member",
        "error: :advance takes a duration such as 30d, 12h or 15m",
        "error: there is no message to click on yet",
        "error: no channel #nope in Deployment Watch",
    ]
    assert "What deploybot can do" in output


async def test_clock_moves_forward_only(sandbox: Sandbox) -> None:
    output = await _run(sandbox, ":clock 2021-12-01T09:00", "/mission minusma", ":clock 2020-01-01")
    assert "clock: 2021-12-01T09:00+00:00" in output
    assert "┃   Active" in output  # the rotation began in the second half of November
    assert "error: the sandbox clock only moves forward" in output


def test_piped_input_through_the_real_command(tmp_path: Path) -> None:
    record = tmp_path / "requests.jsonl"
    env = {
        **os.environ,
        "DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR),
        "DEPLOYBOT_DATABASE": str(tmp_path / "absent.sqlite3"),
    }
    env.pop("DISCORD_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "sandbox", "--clock", "2021-10-20T08:00", "--record", str(record)],
        input="/mission erbil\n:locale nl\n/mission minusma\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "┃ 🇮🇶 Erbil airport force protection" in result.stdout
    assert "┃ 🇲🇱 MINUSMA: C-130-rotatie" in result.stdout
    assert "Traceback" not in result.stderr
    requests = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    callbacks = [r for r in requests if r["path"].endswith("/callback")]
    assert len(callbacks) == 2 and all(r["status"] == 200 for r in callbacks)
    assert not (tmp_path / "absent.sqlite3").exists()  # the sandbox worked on a temporary copy


async def test_click_matches_the_words_of_a_label(tmp_path: Path, data_dir: Path, clock: ManualClock) -> None:
    _many_missions(data_dir, 30)
    async with start_sandbox(tmp_path, clock, data_dir) as sandbox:
        output = await _run(sandbox, "/missions", ":click Next", ":click NEXT", ":click previous", ":click Onward")
    pages = [line for line in output.splitlines() if "Page " in line]
    assert [page.split("Page ")[1] for page in pages] == ["1 of 3", "2 of 3", "3 of 3", "2 of 3"]
    assert "error: no button 'Onward' on that message (buttons: ◀ Previous, Next ▶)" in output


async def test_values_with_a_colon(sandbox: Sandbox) -> None:
    output = await _run(sandbox, ":as moderator", "/config time 18:30", "/config time at:07:15")
    assert "error" not in output
    assert "18:30" in output and "07:15" in output
    config = await sandbox.bot.guild_settings.get(sandbox.guild.id)
    assert f"{config.post_time:%H:%M}" == "07:15"
    unknown = await _run(sandbox, "/config time when:18:30")
    assert unknown.splitlines()[0].startswith("error: /config time has no option 'when'")


async def test_a_value_outside_the_choices_is_refused_in_one_line(sandbox: Sandbox) -> None:
    output = await _run(sandbox, ":as moderator", "/config language language:klingon", "/missions status:nope")
    assert output.splitlines()[1:] == [
        "error: option 'language': 'klingon' is not one of its choices (nl, en, auto)",
        "error: option 'status': 'nope' is not one of its choices (planned, active, ended)",
    ]
    assert not [i for i in sandbox.server.interactions.values() if i.kind == 2]  # nothing reached the bot
    chosen = await _run(sandbox, "/config language language:dutch")  # a choice by its name, as it is shown
    assert "error" not in chosen


async def test_complete_lists_channels_and_choices(sandbox: Sandbox) -> None:
    output = await _run(
        sandbox, ":as moderator", ":complete /config channel channel:ann", ":complete /missions status:ACT"
    )
    general, announcements = (sandbox.guild.channel_named(n) for n in ("general", "announcements"))
    assert f"  #announcements  →  {announcements.id}" in output
    assert f"#general  →  {general.id}" not in output
    assert "  active  →  active" in output and "ended" not in output
    everything = await _run(sandbox, ":as moderator", ":complete /config channel channel:")
    assert "#general" in everything and "#announcements" in everything
    none = await _run(sandbox, ":complete /upcoming days:3")
    assert none.strip() == "error: option 'days' of /upcoming offers no choices"


async def test_the_clock_shows_the_servers_time_zone(sandbox: Sandbox) -> None:
    output = await _run(sandbox, ":clock 2021-12-01T09:00")
    assert "clock: 2021-12-01T09:00+00:00 · Deployment Watch: 2021-12-01 10:00 CET (Europe/Amsterdam)" in output
    changed = await _run(sandbox, ":as moderator", "/config timezone zone:Asia/Baghdad", ":advance 1h")
    assert "clock: 2021-12-01T10:00+00:00 · Deployment Watch: 2021-12-01 13:00 +03 (Asia/Baghdad)" in changed


async def test_a_dutch_client_types_dutch_command_names(sandbox: Sandbox) -> None:
    output = await _run(sandbox, ":locale nl", "/missie erbil", "/tijdlijn missie:minusma", "/binnenkort dagen:60")
    assert "error" not in output
    assert "┃ 🇮🇶 Beveiliging vliegveld Erbil" in output
    calls = [i for i in sandbox.server.interactions.values() if i.kind == 2]
    assert len(calls) == 3
    english = await _run(sandbox, ":locale en", "/missie erbil")
    assert english.splitlines()[1] == "error: /missie is not a command of this bot"  # Dutch names only in Dutch
    moderator = await _run(sandbox, ":locale nl", ":as moderator", "/config tijd om:20:00")
    assert "20:00" in moderator and "error" not in moderator


def test_sandbox_db_says_it_loads_data_into_the_file(tmp_path: Path, data_dir: Path) -> None:
    database = tmp_path / "mine.sqlite3"
    env = {**os.environ, "DEPLOYBOT_DATA_DIR": str(data_dir), "DEPLOYBOT_DATABASE": str(tmp_path / "other.sqlite3")}
    env.pop("DISCORD_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "sandbox", "--db", str(database), "--clock", "2021-10-20T08:00"],
        input="/about\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == (
        f"--db {database}: loading the facts in {data_dir} into that file first; the sandbox then works on it directly"
    )
    assert database.is_file() and database.stat().st_size > 0


async def test_a_curator_attaches_a_local_file_and_fills_in_a_form(tmp_path: Path, clock: ManualClock) -> None:
    if not SEED.is_file():
        pytest.skip(f"the seed article is missing: {SEED}")
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA_DIR, data)
    async with start_sandbox(tmp_path, clock, data_dir=data) as sandbox:
        output = await _run(
            sandbox,
            ":as moderator",  # the sandbox's moderator owns the bot: a curator
            f"/facts ingest article:{SEED} published:2021-10-20 publisher:NRC",
            ":click Edit",
            ":form Personnel=about 110",
            ":click Publish",
        )
    assert "Draft for nrc-2021-10-20" in output
    assert "── a form: Edit item 1\n  Mission (slug): erbil\n  Personnel: 100-150" in output
    assert "about 120 personnel (actual) → about 110 personnel (planned)" in output
    assert "Published as data/sources/nrc-2021-10-20.toml and loaded:" in output
    assert (data / "sources" / "nrc-2021-10-20.toml").is_file()


async def test_an_attached_file_is_listed_and_saved_where_a_person_can_open_it(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    out = io.StringIO()
    prompt = Prompt(sandbox, out, files=tmp_path / "files")  # the sandbox itself makes a temporary directory
    prompt.files.mkdir()  # type: ignore[union-attr]
    await prompt.handle("/timeline erbil")
    output = out.getvalue()
    assert "📎 timeline-erbil.png (" in output and ": Timeline of Erbil airport force protection" in output
    saved = next(line.split("saved to ", 1)[1] for line in output.splitlines() if "saved to " in line)
    assert Path(saved).read_bytes().startswith(b"\x89PNG")
    assert Path(saved).parent == tmp_path / "files"


async def test_following_a_mission_in_the_bots_dms(sandbox: Sandbox) -> None:
    sandbox.clock.set(sandbox.clock.now().replace(year=2021, month=9, day=1))
    output = await _run(sandbox, ":dm", "/follow mission minusma", ":advance 32d", ":server", "/following")
    assert "in member's DMs with the bot" in output
    assert "── DM with member (only you can see this)" in output
    assert "── DM with member\n" in output and "Coming up" in output  # the reminder, as it arrived
    assert "── #general (only you can see this)" in output


async def test_stopping_right_after_a_command_warns_of_nothing(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """Piped input that ends with a command stops the bot while its after-command check (is this member's
    reminders paused?) may still be reading the database: shutting down is no failure to warn about."""
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            await _run(sandbox, "/mission erbil")
            await sandbox.restart_bot()
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
