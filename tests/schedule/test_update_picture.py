"""An update post about a moved date carries the mission's new timeline picture, where the bot may attach files;
where it may not, the post goes out without it. The real bot, the loopback Discord and the injected clock."""

from __future__ import annotations

import discord
import pytest

from bot.clock import ManualClock, utc
from bot.i18n import Language
from bot.sandbox.session import Sandbox
from bot.sandbox.timestamps import shown


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 1, 8))


async def _announce_until(sandbox: Sandbox, day: int) -> list[tuple[str, list[dict]]]:
    """Set the channel (in English) on 1 October 2021, run the clock to ``day`` October: each post's text and
    attachments."""
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config language", language="en")
    await sandbox.driver.slash("config channel", channel="#announcements")
    await sandbox.advance_to(utc(2021, 10, day, 12))
    posts = sandbox.channel_messages("announcements")
    return [(shown(str(p["embeds"][0]["description"]), Language.EN), p["attachments"]) for p in posts]  # type: ignore[index,misc]


async def test_an_update_about_a_moved_date_carries_the_new_picture_where_files_may_be_attached(
    sandbox: Sandbox,
) -> None:
    """On 15 October 2021 the government fixed MINUSMA's rotation (the second half of November): the update post
    carries the mission's timeline as it now stands. Posts that move no date carry none."""
    role = sandbox.guild.role_named("deploybot")
    role.permissions = role.permissions | discord.Permissions(attach_files=True)
    update_role = sandbox.server.dispatch(
        "GUILD_ROLE_UPDATE", {"guild_id": str(sandbox.guild.id), "role": role.payload()}
    )
    await sandbox.expect("guild_role_update", update_role)
    posts = await _announce_until(sandbox, 29)
    (update,) = [attachments for text, attachments in posts if "**Update** · Rotation: now from" in text]
    (attachment,) = update
    assert attachment["filename"] == "timeline-minusma.png"
    assert attachment["description"].startswith("Timeline of MINUSMA: C-130 rotation (planned)")
    assert "Rotation: the second half of November 2021" in attachment["description"]  # the new date
    assert sandbox.driver.download(attachment).startswith(b"\x89PNG")
    others = [(text, attachments) for text, attachments in posts if "**Update** · Rotation" not in text]
    assert len(others) >= 2 and all(attachments == [] for _, attachments in others), others


async def test_without_attach_files_the_update_goes_out_without_its_picture(sandbox: Sandbox) -> None:
    posts = await _announce_until(sandbox, 16)
    (update,) = [attachments for text, attachments in posts if "**Update** · Rotation: now from" in text]
    assert update == []  # posted all the same: the picture is a bonus, never a reason to pause
    show = (await sandbox.driver.slash("config show")).text
    assert "paused" not in show.lower()
