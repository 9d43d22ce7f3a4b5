"""Paging buttons on a public answer turn pages for the member who asked, and for nobody else."""

from pathlib import Path

from bot.clock import ManualClock
from tests.cogs.test_missions import _many_missions
from tests.sandbox_fixtures import start_sandbox


async def test_only_the_member_who_asked_can_page(tmp_path: Path, data_dir: Path, clock: ManualClock) -> None:
    _many_missions(data_dir, 30)
    async with start_sandbox(tmp_path, clock, data_dir) as sandbox:
        first = await sandbox.driver.slash("missions")  # the member asks, in public
        assert not first.ephemeral and first.embed["footer"]["text"].endswith("Page 1 of 3")

        sandbox.driver.act_as(member=sandbox.moderator, locale="nl")  # someone else presses Next
        refused = await sandbox.driver.click(first, "next")
        assert refused.ephemeral
        assert (
            refused.content == "Alleen wie het vroeg kan hier bladeren; geef het commando zelf voor je eigen antwoord."
        )
        (message,) = [m for m in sandbox.channel_messages("general") if m["id"] == first.message["id"]]
        assert message["embeds"][0]["footer"]["text"].endswith("Page 1 of 3")  # the page did not change

        sandbox.driver.act_as(member=sandbox.member, locale="en-US")
        second = await sandbox.driver.click(first, "next")
        assert second.message["id"] == first.message["id"]
        assert second.embed["footer"]["text"].endswith("Page 2 of 3")
