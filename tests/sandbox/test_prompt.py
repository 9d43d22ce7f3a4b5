"""`deploybot sandbox` driven by lines, in process and through a real pipe."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.sandbox.prompt import Prompt
from bot.sandbox.session import Sandbox
from tests.paths import SEED_DATA_DIR


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
    assert "from the second half of November 2021 to <t:1652612400:D>" in output  # 15 May 2022, 11:00 UTC


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
