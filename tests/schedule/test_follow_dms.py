"""Reminders by direct message through the same dispatcher, planning and ledger as a server's announcements."""

from __future__ import annotations

import pytest

from bot.clock import ManualClock, utc
from bot.sandbox.session import Sandbox
from bot.sandbox.timestamps import shown
from bot.storage.ledger import MEMBERS, Ledger, State


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 9, 1, 8))


def dm_texts(sandbox: Sandbox) -> list[str]:
    return [shown(str(m["embeds"][0]["description"])) for m in sandbox.world.dm_with(sandbox.member.user).messages]


async def test_a_change_to_a_followed_mission_comes_as_one_update_dm(sandbox: Sandbox) -> None:
    await sandbox.driver.slash("follow mission", mission="minusma")
    await sandbox.advance_to(utc(2021, 10, 16))
    first, second = dm_texts(sandbox)
    assert first.startswith("**Coming up** · Rotation: expected in November 2021 (about 6 months)")
    # The cabinet's decision of 15 October moved the rotation and changed the numbers: one DM says all of it.
    assert "**Update** · Rotation: now from the second half of November 2021" in second
    assert "was: expected in November 2021 (about 6 months)" in second
    assert "**Update** · Dutch contribution: now about 90 personnel (planned) — was: 70–130 personnel" in second
    # The DM's "Mission card" button works in the DM: the card, privately, as on a server's post.
    dm = sandbox.world.dm_with(sandbox.member.user)
    sandbox.driver.act_in(dm)
    card = await sandbox.driver.click(dm.messages[1], "Mission card")
    assert card.ephemeral and card.embed["title"].endswith("MINUSMA: C-130 rotation")
    rows = await Ledger(sandbox.bot.db, MEMBERS).entries(sandbox.member.user.id)
    assert {e.state for e in rows} == {State.SENT}
    assert all(e.channel_id == sandbox.member.user.id for e in rows)  # addressed to the member


async def test_a_server_and_a_member_following_one_mission_each_get_theirs_and_keys_stay_apart(
    sandbox: Sandbox,
) -> None:
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config channel", channel="#announcements")
    await sandbox.driver.slash("config missions", action="add", mission="minusma")
    sandbox.driver.act_as(member=sandbox.member)
    await sandbox.driver.slash("follow mission", mission="minusma")
    await sandbox.advance_to(utc(2021, 10, 3))
    posts = [m for m in sandbox.channel_messages("announcements") if m["author"]["id"] == str(sandbox.world.bot.id)]
    assert len(posts) == 1 and len(dm_texts(sandbox)) == 1
    assert posts[0]["nonce"] != sandbox.world.dm_with(sandbox.member.user).messages[0]["nonce"]
    db = sandbox.bot.db
    servers = [tuple(r) for r in await db.fetchall("SELECT DISTINCT guild_id FROM announcements")]
    members = [tuple(r) for r in await db.fetchall("SELECT DISTINCT user_id FROM member_announcements")]
    states = {r[0]: r[1] for r in await db.fetchall("SELECT key, value FROM dispatcher_state")}
    assert servers == [(sandbox.guild.id,)] and members == [(sandbox.member.user.id,)]
    assert {"handled_until", "members_handled_until"} <= set(states)


async def test_a_member_following_from_a_far_zone_hears_on_their_own_date(sandbox: Sandbox) -> None:
    await sandbox.driver.slash("follow settings", zone="Pacific/Kiritimati", at="08:00")  # UTC+14
    await sandbox.driver.slash("follow mission", mission="minusma", days="30")
    await sandbox.advance_to(utc(2021, 10, 16))
    dms = sandbox.world.dm_with(sandbox.member.user).messages
    # 30 days before 1 November is 2 October; 08:00 in Kiritimati that day is 1 October 18:00 UTC.
    assert dms[0]["timestamp"] == "2021-10-01T18:00:00+00:00"
    assert dm_texts(sandbox)[0].startswith("**Coming up** · Rotation: expected in November 2021")
