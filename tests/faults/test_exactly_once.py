"""Attacks on "each announcement at most once and, while its event lies ahead, at least once".

Each test is one way the promise broke before (issue 11), tried with the real discord.py client against the
loopback Discord: late restarts past Discord's 5-minute nonce window, history the bot cannot read, storage that
fails at the due moment, Discord refusing a message for good, a server with a broken time zone, settings
changes that make posts fall due, and servers far east or west of the bot's own zone.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import discord
import pytest

from bot.clock import ManualClock, utc
from bot.sandbox.faults import DROPPED
from bot.sandbox.session import Sandbox
from bot.sandbox.timestamps import shown
from bot.sandbox.world import Overwrite
from bot.schedule.dispatcher import Dispatcher
from bot.sender import DiscordSender
from bot.storage.ledger import Ledger, State
from tests.sandbox_fixtures import start_sandbox

ORGANISATIONS = """
[[organisation]]
id = "un"
short = "UN"
name = { nl = "Verenigde Naties", en = "United Nations" }
"""
MISSIONS = """
[[mission]]
slug = "harbour"
source = "plan"
name = { nl = "Havenbeveiliging", en = "Harbour protection" }
organisation = "un"
country = "CY"
place = { nl = "Limassol, Cyprus", en = "Limassol, Cyprus" }
summary = { nl = "Een testmissie.", en = "A test mission." }
"""
PLAN = """
[source]
id = "plan"
publisher = "{publisher}"
title = "A plan"
published = "2021-10-01"
language = "en"
url = "https://example.org/plan"

[[contribution]]
mission = "harbour"
paragraph = 1
personnel_min = 40
personnel_max = 40
personnel_kind = "planned"

[[milestone]]
mission = "harbour"
paragraph = 1
kind = "deployment-start"
date = "2021-11-20"
certainty = "confirmed"
"""
EVENT = datetime(2021, 11, 20)  # the day-precise deployment start


def write_data(root: Path, publisher: str = "Ministry of Defence") -> Path:
    data = root / "data"
    (data / "sources").mkdir(parents=True)
    (data / "organisations.toml").write_text(ORGANISATIONS, encoding="utf-8")
    (data / "missions.toml").write_text(MISSIONS, encoding="utf-8")
    (data / "sources" / "plan.toml").write_text(PLAN.replace("{publisher}", publisher), encoding="utf-8")
    return data


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 2, 6))


@pytest.fixture
async def sandbox(tmp_path: Path, clock: ManualClock, database: Path | str) -> AsyncIterator[Sandbox]:
    async with start_sandbox(tmp_path, clock, write_data(tmp_path), database) as running:
        yield running


def bot_posts(sandbox: Sandbox, channel: str = "announcements") -> list[dict[str, Any]]:
    bot_id = str(sandbox.world.bot.id)
    return [m for m in sandbox.channel_messages(channel) if m["author"]["id"] == bot_id]


def heading(message: dict[str, Any]) -> str:
    """The post's first line as a member reads it (Discord timestamps written out)."""
    return shown(str(message["embeds"][0]["description"])).splitlines()[0]


async def configure(sandbox: Sandbox, **options: str) -> None:
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config channel", channel="#announcements")
    await sandbox.driver.slash("config language", language="en")
    if "leads" in options:
        await sandbox.driver.slash("config leads", days=options["leads"])


async def health(sandbox: Sandbox) -> str:
    sandbox.driver.act_as(member=sandbox.moderator)
    fields = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    return str(fields["Health"])


async def crash_during(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, target: Any, name: str, at: datetime) -> None:
    """Kill the dispatcher at ``target.name`` at ``at`` (as SIGKILL would: nothing after that line runs)."""
    original = getattr(target, name)

    async def crash(*args: Any, **kwargs: Any) -> Any:
        task = sandbox.bot.dispatcher._task
        assert task is not None
        task.cancel()
        await asyncio.Event().wait()

    await sandbox.advance_to(at - timedelta(seconds=1))
    monkeypatch.setattr(target, name, crash)
    sandbox.clock.set(at)
    sandbox.bot.dispatcher.wake()
    task = sandbox.bot.dispatcher._task
    assert task is not None
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)
    monkeypatch.setattr(target, name, original)


def chatter(sandbox: Sandbox, count: int, channel: str = "announcements") -> None:
    """Members talk in the channel while the bot is down."""
    room = sandbox.guild.channel_named(channel)
    for i in range(count):
        sandbox.server.post(room, f"message {i}", author=sandbox.member.user)


async def deny(sandbox: Sandbox, channel: str, *, tell: bool = True, **permissions: bool) -> None:
    """Take permissions from the bot in ``channel``; ``tell``: the bot hears of it through the gateway."""
    room = sandbox.guild.channel_named(channel)
    overwrite = Overwrite(sandbox.guild.role_named("deploybot").id, 0, deny=discord.Permissions(**permissions))
    room.overwrites.append(overwrite)
    if tell:
        await sandbox.expect("guild_channel_update", sandbox.server.update_channel(room))


# -- 1. duplicates after a late restart -------------------------------------------------------------------
async def test_config_channel_requires_read_message_history(sandbox: Sandbox) -> None:
    await deny(sandbox, "announcements", read_message_history=True)
    sandbox.driver.act_as(member=sandbox.moderator, locale="en-US")
    reply = await sandbox.driver.slash("config channel", channel="#announcements")
    assert "Read Message History" in str(reply.content)
    assert (await sandbox.bot.guild_settings.get(sandbox.guild.id)).channel_id is None


async def test_crash_after_posting_then_a_late_restart_past_many_messages_posts_once(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await configure(sandbox, leads="1,0")
    await crash_during(sandbox, monkeypatch, Ledger, "mark_sent", utc(2021, 11, 19, 8))  # 09:00 in Amsterdam
    assert len(bot_posts(sandbox)) == 1  # it reached Discord; the ledger does not know
    chatter(sandbox, 180)  # far more than one page of history, and more than the old 50-message look-back
    sandbox.clock.set(utc(2021, 11, 19, 8, 20))  # 20 minutes later: Discord's nonce no longer protects
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(bot_posts(sandbox)) == 1
    (entry,) = [e for e in await Ledger(sandbox.bot.db).entries(sandbox.guild.id) if e.key.lead == 1]
    assert entry.state is State.SENT and entry.message_id == int(bot_posts(sandbox)[0]["id"])


async def test_history_the_bot_cannot_read_leaves_the_post_unverified_never_doubled(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await configure(sandbox, leads="1,0")
    await crash_during(sandbox, monkeypatch, Ledger, "mark_sent", utc(2021, 11, 19, 8))
    await deny(sandbox, "announcements", tell=False, read_message_history=True)  # changed while the bot was down
    sandbox.clock.set(utc(2021, 11, 19, 9))
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(bot_posts(sandbox)) == 1  # not sent blindly a second time
    (entry,) = [e for e in await Ledger(sandbox.bot.db).entries(sandbox.guild.id) if e.key.lead == 1]
    assert entry.state is State.UNVERIFIED
    text = await health(sandbox)
    assert "could not be checked after a restart" in text and "Read Message History" in text


async def test_the_reference_is_never_cut_and_never_in_members_way(
    tmp_path: Path, clock: ManualClock, database: Path | str
) -> None:
    async with start_sandbox(tmp_path, clock, write_data(tmp_path, publisher="P" * 99), database) as sandbox:
        await configure(sandbox, leads="1")
        await sandbox.advance_to(utc(2021, 11, 19, 9))
        (post,) = bot_posts(sandbox)
        (entry,) = await Ledger(sandbox.bot.db).entries(sandbox.guild.id)
        (button,) = [c for row in post["components"] for c in row["components"]]
        assert button["custom_id"] == f"deploybot:card:harbour:{entry.nonce}"  # out of sight, whatever the text
        assert "ref" not in post["embeds"][0]["footer"]["text"] and entry.nonce not in str(post["embeds"])
        sandbox.driver.act_as(member=sandbox.member, locale="nl")
        card = await sandbox.driver.click(post, "Mission card")  # the button shows the card, privately
        assert card.ephemeral and card.embed["title"].endswith("Harbour protection")  # the server chose English


# -- 3, 4. storage errors and exceptions never lose a post -----------------------------------------------
async def test_a_locked_database_at_the_due_moment_is_retried_within_minutes(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await configure(sandbox, leads="0")
    original, failures = Ledger.claim_all, [3]

    async def locked(self: Ledger, *args: Any, **kwargs: Any) -> Any:
        if failures[0]:
            failures[0] -= 1
            raise sqlite3.OperationalError("database is locked")
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(Ledger, "claim_all", locked)
    await sandbox.advance_to(utc(2021, 11, 20, 8) + timedelta(seconds=30))  # just after 09:00 in Amsterdam
    assert bot_posts(sandbox) == []
    assert "database is locked" in await health(sandbox)
    await sandbox.advance_to(utc(2021, 11, 20, 8, 5))  # a few minutes of backoff later
    (post,) = bot_posts(sandbox)
    assert heading(post) == "**Today** · Deployment: on 20 November 2021"
    assert "Posted late" not in post["embeds"][0]["description"]
    assert datetime.fromisoformat(post["timestamp"]) < utc(2021, 11, 20, 8, 5)
    entries = await Ledger(sandbox.bot.db).entries(sandbox.guild.id)
    assert [e.state for e in entries if e.key.subject == "deployment-start"] == [State.SENT]
    assert "database is locked" not in await health(sandbox)


async def test_a_renderer_that_fails_gives_its_claim_back(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    await configure(sandbox, leads="0")
    original, failures = Dispatcher.render, [1]

    def broken(self: Dispatcher, *args: Any, **kwargs: Any) -> Any:
        if failures[0]:
            failures[0] -= 1
            raise AssertionError("a renderer bug")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Dispatcher, "render", broken)
    await sandbox.advance_to(utc(2021, 11, 20, 8) + timedelta(seconds=1))
    assert bot_posts(sandbox) == []
    assert not await Ledger(sandbox.bot.db).open_claims()
    await sandbox.advance_to(utc(2021, 11, 20, 8, 2))
    assert [heading(p) for p in bot_posts(sandbox)] == ["**Today** · Deployment: on 20 November 2021"]


async def test_a_connection_reset_while_settling_a_claim_is_tried_again(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await configure(sandbox, leads="1,0")
    await crash_during(sandbox, monkeypatch, Ledger, "mark_sent", utc(2021, 11, 19, 8))
    original, failures = DiscordSender.find_sent, [1]

    async def reset(self: DiscordSender, *args: Any, **kwargs: Any) -> Any:
        if failures[0]:
            failures[0] -= 1
            raise aiohttp.ClientOSError(104, "Connection reset by peer")
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(DiscordSender, "find_sent", reset)
    sandbox.clock.set(utc(2021, 11, 19, 8, 30))
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(await Ledger(sandbox.bot.db).open_claims()) == 1  # not forgotten: waiting for the next try
    await sandbox.advance_to(utc(2021, 11, 19, 8, 35))
    assert not await Ledger(sandbox.bot.db).open_claims()
    assert len(bot_posts(sandbox)) == 1


# -- 5. a message Discord refuses for good -----------------------------------------------------------------
async def test_a_permanent_400_is_final_for_that_post_and_the_others_go_on(sandbox: Sandbox) -> None:
    await configure(sandbox, leads="1,0")
    sandbox.server.inject("POST", r"/channels/\d+/messages", 400, code=50035, times=1)
    await sandbox.advance_to(utc(2021, 11, 19, 12))
    assert bot_posts(sandbox) == []
    entries = await Ledger(sandbox.bot.db).entries(sandbox.guild.id)
    (failed,) = [e for e in entries if e.state is State.FAILED]
    assert failed.code == 50035
    assert "Discord refused a post about Harbour protection (error 50035" in await health(sandbox)
    await sandbox.advance_to(utc(2021, 11, 21))
    assert [heading(p) for p in bot_posts(sandbox)] == ["**Today** · Deployment: on 20 November 2021"]
    posts_tried = [r for r in sandbox.server.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert [r.status for r in posts_tried] == [400, 200]  # no retry storm


# -- 6. one server's broken time zone ----------------------------------------------------------------------
async def test_one_servers_unloadable_time_zone_stops_only_that_server(sandbox: Sandbox) -> None:
    other = sandbox.world.add_guild("other", ("announcements",))
    await configure(sandbox, leads="0")
    store, now = sandbox.bot.guild_settings, sandbox.clock.now()
    channel = other.channel_named("announcements").id
    await store.update(other.id, now, channel_id=channel, announce_from=now, leads=(0,), timezone="posixrules")
    sandbox.bot.dispatcher.wake()
    await sandbox.advance_to(utc(2021, 11, 20, 9))
    assert [heading(p) for p in bot_posts(sandbox)] == ["**Today** · Deployment: on 20 November 2021"]
    broken = await store.get(other.id)
    assert broken.problem is not None and "posixrules" in broken.problem
    assert other.channel_named("announcements").messages == []


# -- 7, 8. posts that fall due late say what is true -------------------------------------------------------
async def test_a_claim_left_by_a_crash_is_planned_afresh_on_a_late_restart(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await configure(sandbox, leads="1,0")
    await crash_during(sandbox, monkeypatch, DiscordSender, "send", utc(2021, 11, 19, 8))
    assert bot_posts(sandbox) == []
    sandbox.clock.set(utc(2021, 11, 20, 15))  # back the next day, hours after the day's post time
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    (post,) = bot_posts(sandbox)
    assert heading(post) == "**Today** · Deployment: on 20 November 2021"  # not "Tomorrow"
    assert "_Posted late: the bot was offline when this was due._" in post["embeds"][0]["description"]


async def test_a_claim_left_by_a_crash_is_not_posted_after_its_event(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await configure(sandbox, leads="0")
    await crash_during(sandbox, monkeypatch, DiscordSender, "send", utc(2021, 11, 20, 8))
    sandbox.clock.set(utc(2021, 11, 23, 8))  # three days later
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert bot_posts(sandbox) == []  # never "Today · … on 20 November" on 23 November
    (entry,) = [
        e for e in await Ledger(sandbox.bot.db).entries(sandbox.guild.id) if e.key.subject == "deployment-start"
    ]
    assert entry.state is State.SKIPPED and entry.detail == "the event passed while the bot was offline"


async def test_a_post_due_because_the_leads_changed_is_not_late_and_counts_the_days_left(sandbox: Sandbox) -> None:
    await configure(sandbox, leads="1")
    await sandbox.advance_to(utc(2021, 11, 17, 10))
    assert bot_posts(sandbox) == []
    await sandbox.driver.slash("config leads", days="30,7,1,0")  # the 7-day reminder was due on 13 November
    await sandbox.bot.settle()
    (post,) = bot_posts(sandbox)
    assert heading(post) == "**In 3 days** · Deployment: on 20 November 2021"
    assert "Posted late" not in post["embeds"][0]["description"]


async def test_resuming_after_a_moderators_pause_is_not_late(sandbox: Sandbox) -> None:
    await configure(sandbox, leads="7,1,0")
    await sandbox.advance_to(utc(2021, 11, 10))
    await sandbox.driver.slash("config pause")
    await sandbox.advance_to(utc(2021, 11, 19, 12))
    assert bot_posts(sandbox) == []
    await sandbox.driver.slash("config resume")
    await sandbox.bot.settle()
    (post,) = bot_posts(sandbox)
    assert heading(post) == "**Tomorrow** · Deployment: on 20 November 2021"
    assert "Posted late" not in post["embeds"][0]["description"]


# -- 9. every zone from UTC-12 to UTC+14 ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("zone", "at"),
    [
        ("Pacific/Kiritimati", time(0, 0)),  # UTC+14
        ("Australia/Lord_Howe", time(2, 15)),  # +10:30 / +11, a half-hour daylight saving shift
        ("Pacific/Chatham", time(23, 45)),  # +12:45 / +13:45
        ("Etc/GMT+12", time(9, 0)),  # UTC-12
        ("America/St_Johns", time(0, 30)),  # -3:30 / -2:30
    ],
)
async def test_posts_go_out_at_the_servers_local_time_in_every_zone(sandbox: Sandbox, zone: str, at: time) -> None:
    await configure(sandbox, leads="30,7,1,0")
    await sandbox.driver.slash("config timezone", zone=zone.lower())  # typed in any case
    await sandbox.driver.slash("config time", at=f"{at:%H:%M}")
    await sandbox.advance_to(utc(2021, 12, 5))
    local = ZoneInfo(zone)
    times = [datetime.fromisoformat(p["timestamp"]).astimezone(local) for p in bot_posts(sandbox)]
    assert len(times) >= 4
    assert {t.time() for t in times} == {at}, times


# -- 10. concurrent /config commands ---------------------------------------------------------------------
async def test_concurrent_config_commands_all_keep_their_change(sandbox: Sandbox) -> None:
    await configure(sandbox)
    moderator = sandbox.moderator
    role = sandbox.guild.role_named("deploybot")
    for round_ in range(5):
        sandbox.driver.act_as(member=moderator)
        leads, minute = f"{10 + round_},2", f"{round_:02d}"
        results = await asyncio.gather(
            sandbox.driver.slash("config leads", days=leads),
            sandbox.driver.slash("config time", at=f"07:{minute}"),
            sandbox.driver.slash("config timezone", zone="Europe/Lisbon" if round_ % 2 else "Asia/Tokyo"),
            sandbox.driver.slash("config missions", action="add", mission="harbour"),
            sandbox.driver.slash("config language", language="nl" if round_ % 2 else "en"),
        )
        assert all(r.content for r in results)
        config = await sandbox.bot.guild_settings.get(sandbox.guild.id)
        stored = (await sandbox.bot.guild_settings._read(sandbox.bot.db, "WHERE guild_id = ?",
                                                         (sandbox.guild.id,)))[0]  # fmt: skip
        for seen in (config, stored):
            assert seen.leads == (10 + round_, 2)
            assert f"{seen.post_time:%H:%M}" == f"07:{minute}"
            assert seen.timezone == ("Europe/Lisbon" if round_ % 2 else "Asia/Tokyo")
            assert seen.missions == frozenset({"harbour"}) and not seen.follow_all
            assert seen.language is not None and seen.language.value == ("nl" if round_ % 2 else "en")
    assert role is not None


async def test_a_post_saying_two_things_is_recovered_whole_after_a_late_restart(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, database: Path | str
) -> None:
    data = write_data(tmp_path)
    with (data / "sources" / "plan.toml").open("a", encoding="utf-8") as plan:
        plan.write('\n[[milestone]]\nmission = "harbour"\nparagraph = 3\nkind = "debate"\ndate = "2021-11-20"\n'
                   'certainty = "expected"\n')  # fmt: skip
    async with start_sandbox(tmp_path, clock, data, database) as sandbox:
        await configure(sandbox, leads="0")
        await crash_during(sandbox, monkeypatch, Ledger, "mark_sent", utc(2021, 11, 20, 8))
        (post,) = bot_posts(sandbox)
        assert len(post["embeds"][0]["description"].splitlines()) == 2  # both, in one post
        sandbox.clock.set(utc(2021, 11, 20, 8, 30))
        await sandbox.restart_bot()
        await sandbox.bot.settle()
        assert len(bot_posts(sandbox)) == 1
        entries = await Ledger(sandbox.bot.db).entries(sandbox.guild.id)
        assert {(e.key.subject, e.state, e.message_id) for e in entries} == {
            ("deployment-start", State.SENT, int(post["id"])),
            ("debate", State.SENT, int(post["id"])),
        }


# -- 2. the unknown outcome: created, then the answer lost -------------------------------------------------
async def test_a_post_created_whose_answer_was_lost_is_found_not_repeated(sandbox: Sandbox) -> None:
    await configure(sandbox, leads="0")
    sandbox.server.inject("POST", r"/channels/\d+/messages", DROPPED, carried_out=True)
    await sandbox.advance_to(utc(2021, 11, 20, 8) + timedelta(seconds=1))
    assert len(bot_posts(sandbox)) == 1  # Discord has it; the bot saw the connection drop
    await sandbox.advance_to(utc(2021, 11, 20, 8, 10))  # past Discord's nonce window: only history can tell
    assert len(bot_posts(sandbox)) == 1
    (entry,) = await Ledger(sandbox.bot.db).entries(sandbox.guild.id)
    assert entry.state is State.SENT and entry.message_id == int(bot_posts(sandbox)[0]["id"])
    tries = [r for r in sandbox.server.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert len(tries) == 1
