"""Following a mission yourself through the loopback Discord: /follow, /unfollow, /following, /follow settings,
/follow resume and /forget-me; the user install (DMs, group DMs, a server without the bot); /config stays in
servers."""

from __future__ import annotations

import sqlite3

import discord
import pytest

from bot.clock import ManualClock, utc
from bot.member_config import DMS_CLOSED
from bot.sandbox.driver import DriverError
from bot.sandbox.session import Sandbox


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2020, 11, 21, 8))  # the seed timeline: Erbil's deployment "probably in January 2021"


def _dms(sandbox: Sandbox) -> list[dict[str, object]]:
    return sandbox.world.dm_with(sandbox.member.user).messages


def _title(message: dict[str, object]) -> str:
    embeds = message["embeds"]
    assert isinstance(embeds, list)
    return str(embeds[0]["title"])


def _description(message: dict[str, object]) -> str:
    embeds = message["embeds"]
    assert isinstance(embeds, list)
    return str(embeds[0].get("description", ""))


async def test_a_followed_mission_arrives_by_dm_on_time_in_the_members_own_zone(sandbox: Sandbox) -> None:
    slash = sandbox.driver.slash
    settings = await slash("follow settings", zone="America/Curacao", at="07:30")
    assert settings.ephemeral
    assert settings.content == "At 07:30 (America/Curacao), 30,7,1,0 days before each date, in English."
    followed = await slash("follow mission", mission="erbil")
    assert followed.ephemeral and followed.content.startswith("You follow **Erbil airport force protection**.")
    assert "at 07:30 (America/Curacao)" in followed.content

    await sandbox.advance_to(utc(2020, 12, 3))
    (first,) = _dms(sandbox)
    # 30 days before January 2021 (a month-precise date: only leads of at least 28 days, no invented day), at
    # 07:30 in Curaçao (UTC−4): 11:30 UTC.
    assert first["timestamp"] == "2020-12-02T11:30:00+00:00"
    assert _title(first) == "🇮🇶 Erbil airport force protection"
    assert "Deployment: probably in January 2021" in _description(first)
    assert first["guild_id"] is None and first["pings"] == {"everyone": False, "users": [], "roles": []}

    await sandbox.advance_to(utc(2021, 2, 1))
    dms = _dms(sandbox)
    assert [m["timestamp"] for m in dms] == [
        "2020-12-02T11:30:00+00:00",
        "2021-01-01T11:30:00+00:00",  # "this month", on the first day of January
        "2021-01-31T11:30:00+00:00",  # "just in": the arrival, and the update of the numbers it brought
    ]
    assert "This month" in _description(dms[1])
    assert "Just in" in _description(dms[2]) and "was: 100–150 personnel (planned)" in _description(dms[2])
    # One DM channel for the member, opened once, however many DMs.
    opened = [r for r in sandbox.server.requests if r.method == "POST" and r.path == "/users/@me/channels"]
    assert len(opened) == 1 and opened[0].body == {"recipient_id": sandbox.member.user.id}


async def test_the_default_language_is_the_clients_and_settings_change_it(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(locale="nl")
    followed = await sandbox.driver.slash("volgen missie", missie="erbil")
    assert followed.content.startswith("Je volgt **")
    await sandbox.advance_to(utc(2020, 12, 3))
    (dm,) = _dms(sandbox)
    assert "Uitzending: waarschijnlijk in januari 2021" in _description(dm)
    reply = await sandbox.driver.slash("volgen instellingen", language="en")
    assert reply.content == "At 09:00 (Europe/Amsterdam), 30,7,1,0 days before each date, in English."


async def test_unfollow_and_following(sandbox: Sandbox) -> None:
    slash = sandbox.driver.slash
    nothing = await slash("following")
    assert nothing.ephemeral and nothing.content.startswith("You follow no mission. Start with </follow mission:")
    await slash("follow mission", mission="erbil", days="30,7")
    await slash("follow mission", mission="minusma")
    shown = await slash("following")
    fields = {f["name"]: f["value"] for f in shown.embed["fields"]}
    assert fields["Missions"] == "Erbil airport force protection\nMINUSMA: C-130 rotation"
    assert fields["When"] == "At 09:00 (Europe/Amsterdam), 30,7 days before each date, in English."
    assert fields["Next reminders"].startswith(f"<t:{int(utc(2020, 12, 2, 8).timestamp())}:f> — 🇮🇶 Erbil")
    assert (await slash("unfollow", mission="minusma")).content == "You no longer follow **MINUSMA: C-130 rotation**."
    assert (await slash("unfollow", mission="minusma")).content == "You do not follow **MINUSMA: C-130 rotation**."
    shown = await slash("following")
    assert {f["name"]: f["value"] for f in shown.embed["fields"]}["Missions"] == "Erbil airport force protection"
    refused = await slash("follow mission", mission="atlantis")
    assert refused.ephemeral and "atlantis" in refused.content


async def test_closed_dms_pause_the_member_who_is_told_once_on_their_next_command(sandbox: Sandbox) -> None:
    user_id = sandbox.member.user.id
    sandbox.world.closed_dms.add(user_id)
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.advance_to(utc(2021, 1, 15))  # two reminders fell due meanwhile
    assert _dms(sandbox) == []
    tries = [r for r in sandbox.server.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert len(tries) == 1 and tries[0].status == 403  # the first refusal paused: no retry storm
    config = await sandbox.bot.members.member(user_id)
    assert config is not None and config.paused_reason == DMS_CLOSED and config.paused_since == utc(2020, 12, 2, 8)

    told = sandbox.expect("member_told_paused", sandbox.driver.slash("mission", name="erbil"))
    await told
    reply = sandbox.driver.last
    assert reply is not None and reply.embed["title"].endswith("Erbil airport force protection")
    (notice,) = reply.interaction.followups
    assert notice["flags"] & 64  # ephemeral
    assert str(notice["content"]).startswith("Your reminders are paused since <t:")
    assert "Discord does not let the bot send you direct messages" in str(notice["content"])
    assert "</follow resume:" in str(notice["content"])
    again = await sandbox.driver.slash("upcoming")
    assert again.interaction.followups == []  # told once, not on every command

    sandbox.world.closed_dms.discard(user_id)
    assert (await sandbox.driver.slash("follow resume")).content == "Your reminders are on again."
    await sandbox.advance_to(utc(2021, 1, 15, 12))
    (late,) = _dms(sandbox)  # the latest missed reminder whose month is still running, once
    assert "This month" in _description(late)
    assert (await sandbox.driver.slash("follow resume")).content == "Your reminders are not paused."


async def test_forget_me_deletes_every_row_about_the_member(sandbox: Sandbox) -> None:
    user_id = sandbox.member.user.id
    await sandbox.driver.slash("follow settings", zone="Europe/London")
    await sandbox.driver.slash("follow mission", mission="erbil")
    await sandbox.advance_to(utc(2021, 1, 2))
    dm_channel = sandbox.world.dm_with(sandbox.member.user).id
    assert len(_dms(sandbox)) == 2

    asked = await sandbox.driver.slash("forget-me")
    assert asked.ephemeral and asked.content.startswith("This deletes everything the bot stores about you")
    cancelled = await sandbox.driver.click(asked, "Cancel")
    assert cancelled.content == "Nothing was deleted."
    assert await sandbox.bot.members.member(user_id) is not None

    asked = await sandbox.driver.slash("forget-me")
    done = await sandbox.driver.click(asked, "Delete everything")
    assert done.content == "Done: the bot stores nothing about you any more."
    assert await sandbox.bot.members.member(user_id) is None

    connection = sqlite3.connect(sandbox.bot.settings.database)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):  # the names come from sqlite_master
                for value in row:
                    assert value not in (user_id, str(user_id), dm_channel, str(dm_channel)), (table, row)
    finally:
        connection.close()
    assert (await sandbox.driver.slash("forget-me")).content == "The bot stores nothing about you."
    await sandbox.advance_to(utc(2021, 2, 1))
    assert len(_dms(sandbox)) == 2  # nothing more is sent


async def test_the_user_install_works_in_dms_group_dms_and_servers_without_the_bot(sandbox: Sandbox) -> None:
    for name in ("mission", "partners", "missions", "upcoming", "timeline", "calendar", "follow", "following",
                 "unfollow", "forget-me"):  # fmt: skip
        command = sandbox.server.command(name)
        assert (command["integration_types"], command["contexts"]) == ([0, 1], [0, 1, 2]), name
    config = sandbox.server.command("config")
    assert (config["integration_types"], config["contexts"]) == ([0], [0])

    user = sandbox.member.user
    sandbox.driver.act_in(sandbox.world.dm_with(user))
    card = await sandbox.driver.slash("mission", name="erbil")
    assert card.embed["title"].endswith("Erbil airport force protection")
    assert card.interaction.guild_id is None
    assert (await sandbox.driver.slash("follow mission", mission="minusma")).ephemeral
    (ics,) = (await sandbox.driver.slash("calendar", mission="minusma")).attachments  # a file, also in DMs
    assert sandbox.driver.download(ics).startswith(b"BEGIN:VCALENDAR")
    with pytest.raises(DriverError, match="/config is not available here"):
        await sandbox.driver.slash("config show")

    sandbox.driver.act_in(sandbox.world.group_dm(user))
    assert "Coming up" in (await sandbox.driver.slash("upcoming", days="400")).embed["title"]

    elsewhere = sandbox.world.add_guild("Family chat")
    relative = sandbox.world.add_member(elsewhere, "relative")
    sandbox.world.guilds.pop(elsewhere.id)  # the bot is not in it: only the member's own install reaches it
    del elsewhere.members[sandbox.world.bot.id]
    sandbox.driver.act_as(guild=elsewhere, channel=elsewhere.channel_named("general"), member=relative)
    timeline = await sandbox.driver.slash("timeline", mission="erbil")
    assert "Erbil" in timeline.embed["title"]
    assert timeline.ephemeral  # the server does not let members use external apps: Discord keeps it private
    elsewhere.everyone.permissions = elsewhere.everyone.permissions | discord.Permissions(use_external_apps=True)
    card = await sandbox.driver.slash("mission", name="erbil")
    assert not card.ephemeral and card.embed["title"].endswith("Erbil airport force protection")
    followed = await sandbox.driver.slash("follow mission", mission="erbil")
    assert followed.ephemeral and followed.content.startswith("You follow **Erbil")
    with pytest.raises(DriverError, match="/config is not available here"):
        await sandbox.driver.slash("config show")
    assert {c.user_id for c in await _members(sandbox)} == {user.id, relative.user.id}


async def _members(sandbox: Sandbox) -> list[object]:
    return [c for c in [await sandbox.bot.members.member(u) for u in sandbox.world.users] if c is not None]
