"""Every request body the bot sends conforms to Discord's official OpenAPI spec (shared/discord-api).

The sandbox fixture checks each end-to-end test's accepted requests as it tears down; this test drives one
of everything through a single sandbox and also proves the check can fail.
"""

from datetime import timedelta

import pytest

from bot.clock import utc
from bot.sandbox.session import Sandbox
from tests.contract import SPEC_PATH, spec_available, violations

pytestmark = pytest.mark.skipif(
    not spec_available(),
    reason=f"Discord's OpenAPI spec is not at {SPEC_PATH} (it lives in shared/, beside the project)",
)


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
