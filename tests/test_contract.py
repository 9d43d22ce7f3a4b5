"""Every request body the bot sends conforms to Discord's official OpenAPI spec (vendor/discord-api).

The sandbox fixture checks each end-to-end test's accepted requests as it tears down; this test drives one
of everything through a single sandbox and also proves the check can fail.
"""

from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import utc
from bot.sandbox.session import Sandbox
from tests import contract
from tests.contract import SPEC_PATH, violations

REPOSITORY = Path(__file__).resolve().parents[1]


def test_the_spec_is_vendored_in_the_repository() -> None:
    assert SPEC_PATH.is_file()
    assert SPEC_PATH.resolve().is_relative_to(REPOSITORY)
    assert (SPEC_PATH.parent / "LICENSE").is_file() and (SPEC_PATH.parent / "SOURCE.txt").is_file()


def test_a_missing_spec_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(contract, "SPEC_PATH", tmp_path / "absent.json")
    contract._spec.cache_clear()
    contract._routes.cache_clear()
    try:
        with pytest.raises(contract.SpecMissing, match=r"absent\.json"):
            violations("GET", "/users/@me", None)
    finally:
        contract._spec.cache_clear()
        contract._routes.cache_clear()


def test_the_check_can_fail() -> None:
    assert violations("POST", "/channels/1/messages", {"content": 5})
    assert violations("POST", "/interactions/1/tok/callback", {"type": "four"})
    assert violations("PUT", "/applications/1/commands", [{"name": 7}])
    assert not violations("POST", "/channels/1/messages", {"content": "fine", "allowed_mentions": {"parse": []}})


async def test_one_of_everything_conforms(sandbox: Sandbox) -> None:
    driver = sandbox.driver
    driver.act_as(member=sandbox.moderator)
    await driver.slash("mission", name="erbil")
    await driver.autocomplete("partners", "mission", "mal")
    await driver.slash("config channel", channel="#announcements")
    await driver.slash("config test")
    await driver.slash("config show")
    await sandbox.advance_to(sandbox.clock.now() + timedelta(days=40))
    sandbox.clock.set(utc(2021, 12, 1))
    bodies = [r for r in sandbox.server.requests if r.body is not None and r.status < 400]
    kinds = {(r.method, r.path.split("/")[1]) for r in bodies}
    assert {("PUT", "applications"), ("POST", "interactions"), ("POST", "channels")} <= kinds
    problems = [v for r in bodies for v in violations(r.method, r.path, r.body)]
    assert problems == []
