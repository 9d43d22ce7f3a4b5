"""/owner reload through the loopback Discord."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.facts.model import FactSet
from bot.sandbox.session import Sandbox


async def test_reload_parses_the_data_files_off_the_event_loop(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    module = sys.modules["bot.client"]  # /owner reload and a curator's publish share DeployBot.reload_facts
    real = module.load_facts

    def recording(path: Path, *args: Any, **kwargs: Any) -> FactSet:
        threads.append(threading.get_ident())
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, "load_facts", recording)
    sandbox.driver.act_as(member=sandbox.moderator)  # the sandbox's moderator owns the bot
    reply = await sandbox.driver.slash("owner reload")
    assert reply.ephemeral and not reply.content.startswith("Nothing was changed")
    assert len(threads) == 1 and threads[0] != threading.get_ident()  # parsed, and not on the loop's thread
    assert (await sandbox.driver.slash("mission", name="erbil")).embed["title"].endswith("protection")
