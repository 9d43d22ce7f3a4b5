"""The scheduler end to end: the real bot, the loopback Discord and the injected clock."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.clock import ManualClock, utc
from bot.dates import FuzzyDate
from bot.facts.parse import load_facts
from bot.i18n import Language
from bot.sandbox.prompt import Prompt
from bot.sandbox.server import RateLimitPolicy
from bot.sandbox.session import Sandbox, default_world, running_sandbox
from bot.sandbox.timestamps import shown
from bot.sandbox.world import Overwrite
from bot.settings import load_settings
from bot.storage.facts import FactStore
from bot.storage.ledger import Ledger, State
from tests.paths import SEED_DATA_DIR

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 1, 8))


def posts(sandbox: Sandbox, channel: str = "announcements") -> list[dict[str, Any]]:
    return sandbox.channel_messages(channel)


def read(message: dict[str, Any]) -> str:
    """The post's description as a member reads it (Discord timestamps written out in the post's language)."""
    text = str(message["embeds"][0]["description"])
    return shown(text, Language.NL if "Bron:" in str(message["embeds"][0].get("footer")) else Language.EN)


def headings(message: dict[str, Any]) -> list[str]:
    """The post's items: each starts with its bold heading ("**Today** · …")."""
    return [line for line in read(message).splitlines() if line.startswith("**")]


def first_line(message: dict[str, Any]) -> str:
    return read(message).splitlines()[0]


async def configure(sandbox: Sandbox, **options: str) -> None:
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config channel", channel="#announcements")
    for name, value in options.items():
        await sandbox.driver.slash(f"config {name}", **{"days" if name == "leads" else "language": value})


async def test_the_seed_timeline_is_announced_in_order_in_the_sandbox(sandbox: Sandbox) -> None:
    sandbox.clock.set(utc(2020, 11, 21, 8))
    out = io.StringIO()
    prompt = Prompt(sandbox, out)
    for line in (":as moderator", "/config channel channel:#announcements", "/config language language:en"):
        await prompt.handle(line)
    await prompt.handle(":advance 400d")
    erbil, minusma = "🇮🇶 Erbil airport force protection", "🇲🇱 MINUSMA: C-130 rotation"
    lines = [(m["embeds"][0]["title"], headings(m)) for m in posts(sandbox)]
    assert lines == [
        (erbil, ["**Coming up** · Deployment: probably in January 2021"]),
        (erbil, ["**This month** · Deployment: probably in January 2021"]),
        (
            erbil,
            [
                "**Just in** · Arrival: in late January 2021",  # reported once it had happened
                "**Update** · Dutch contribution: now about 120 personnel (actual) — was: 100–150 personnel (planned)",
            ],
        ),
        (erbil, ["**Coming up** · Rotation: around May 2021"]),
        (erbil, ["**This month** · Rotation: around May 2021"]),
        (minusma, ["**Coming up** · Rotation: expected in November 2021 (about 6 months)"]),
        (  # what falls due together for one mission is one post
            minusma,
            [
                "**Today** · Decision: on 15 October 2021",
                "**Update** · Dutch contribution: now about 90 personnel (planned) — was: 70–130 personnel (estimate)",
                "**Update** · Rotation: now from the second half of November 2021 to 15 May 2022 — "
                "was: expected in November 2021 (about 6 months)",
            ],
        ),
        # (no "Coming up" two days after that update: it would repeat the same dates)
        (minusma, ["**Today** · Parliamentary debate: on 28 October 2021"]),
        (minusma, ["**This half of the month** · Rotation: from the second half of November 2021 to 15 May 2022"]),
        (
            minusma,
            [
                "**Just in** · Arrival: on 20 November 2021",
                "**Update** · Dutch contribution: now 88 personnel (actual) — was: about 90 personnel (planned)",
            ],
        ),
    ]
    # Every post went out at 09:00 in Amsterdam, summer time and winter time alike.
    assert {datetime.fromisoformat(m["timestamp"]).astimezone(AMS).time() for m in posts(sandbox)} == {time(9, 0)}
    assert "── #announcements" in out.getvalue()


async def test_a_new_server_gets_no_history(sandbox: Sandbox) -> None:
    sandbox.clock.set(utc(2021, 10, 20, 8))  # the final decision (15 October) and its leads lie behind
    await configure(sandbox)
    await sandbox.advance_to(utc(2021, 10, 27))
    assert posts(sandbox) == []
    await sandbox.advance_to(utc(2021, 11, 17))
    assert [first_line(m) for m in posts(sandbox)] == [
        "**Vandaag** · Kamerdebat: op 28 oktober 2021",  # published on the day: news, not history
        "**Deze helft van de maand** · Rotatie: van de tweede helft van november 2021 tot en met 15 mei 2022",
    ]


async def test_downtime_late_when_still_ahead_skipped_when_passed(sandbox: Sandbox) -> None:
    await configure(sandbox, language="en")
    await sandbox._stop_bot()
    sandbox.clock.set(utc(2021, 10, 29, 8))  # offline from 1 to 29 October
    await sandbox.restart_bot()
    await sandbox.advance_to(utc(2021, 10, 29, 9))
    (late,) = posts(sandbox)
    assert first_line(late) == "**Coming up** · Rotation: from the second half of November 2021 to 15 May 2022"
    assert "_Posted late: the bot was offline when this was due._" in late["embeds"][0]["description"]
    entries = await Ledger(sandbox.bot.db).entries(sandbox.guild.id)
    skipped = {(e.key.subject, e.key.lead) for e in entries if e.state is State.SKIPPED}
    assert skipped == {("final-decision", 0), ("debate", 0)}  # their day passed while the bot was away
    assert [e.key.subject for e in entries if e.state is State.SENT] == ["rotation-start"]


async def _crash_at(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, target: Any, name: str) -> None:
    """Make the dispatcher die at ``target.name`` (as a killed process would), once."""
    original = getattr(target, name)

    async def crash(*args: Any, **kwargs: Any) -> Any:
        task = sandbox.bot.dispatcher._task
        assert task is not None
        task.cancel()  # the process dies here: nothing after this line of the dispatcher runs
        await asyncio.Event().wait()

    monkeypatch.setattr(target, name, crash)
    sandbox.clock.set(utc(2021, 10, 17, 7))  # 09:00 in Amsterdam: the 30-day lead of the rotation
    sandbox.bot.dispatcher.wake()
    await asyncio.sleep(0)
    task = sandbox.bot.dispatcher._task
    assert task is not None
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)
    monkeypatch.setattr(target, name, original)


async def test_crash_between_claim_and_send(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    await configure(sandbox)
    from bot.sender import DiscordSender

    await _crash_at(sandbox, monkeypatch, DiscordSender, "send")
    assert posts(sandbox) == []
    (claimed,) = await Ledger(sandbox.bot.db).open_claims()
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(posts(sandbox)) == 1
    assert not await Ledger(sandbox.bot.db).open_claims()
    assert claimed.nonce in str(posts(sandbox)[0]["components"])  # the card button's id carries the reference


async def test_crash_between_send_and_record(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    await configure(sandbox)
    await _crash_at(sandbox, monkeypatch, Ledger, "mark_sent")
    assert len(posts(sandbox)) == 1  # it reached Discord, but the ledger does not know
    sandbox.clock.set(utc(2021, 10, 17, 8))  # an hour later: past Discord's nonce window
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(posts(sandbox)) == 1  # found in the channel's history, not sent again
    entries = await Ledger(sandbox.bot.db).entries(sandbox.guild.id)
    sent = [(e.key.subject, e.message_id) for e in entries if e.state is State.SENT]
    assert sent == [("rotation-start", int(posts(sandbox)[0]["id"]))]
    assert not await Ledger(sandbox.bot.db).open_claims()


async def test_a_reload_from_another_process_gives_one_update_post(sandbox: Sandbox) -> None:
    await configure(sandbox, language="en")
    await sandbox.advance_to(utc(2021, 10, 2, 12))
    assert [first_line(m) for m in posts(sandbox)] == [
        "**Coming up** · Rotation: expected in November 2021 (about 6 months)"
    ]
    facts = load_facts(SEED_DATA_DIR)
    moved = tuple(
        replace(m, date=FuzzyDate.parse("2021-12")) if (m.source, m.key) == ("nrc-2020-11-20", "rotation-start") else m
        for m in facts.milestones
    )
    announcements = sandbox.bot.get_cog("Announcements")
    assert announcements is not None
    for _ in range(2):  # the second load changes nothing and must post nothing
        await FactStore(sandbox.bot.db).apply(replace(facts, milestones=moved), sandbox.clock.now())
        await announcements.watch_facts()  # type: ignore[attr-defined]
        await sandbox.advance_to(utc(2021, 10, 10, 12))
    assert [first_line(m) for m in posts(sandbox)][1:] == [
        "**Update** · Rotation: now expected in December 2021 (about 6 months) — "
        "was: expected in November 2021 (about 6 months)"
    ]
    await sandbox.advance_to(utc(2021, 10, 16, 12))  # the final decision becomes known on 15 October
    assert [headings(m) for m in posts(sandbox)][2:] == [
        [
            "**Today** · Decision: on 15 October 2021",
            "**Update** · Dutch contribution: now about 90 personnel (planned) — was: 70–130 personnel (estimate)",
            "**Update** · Rotation: now from the second half of November 2021 to 15 May 2022 — "
            "was: expected in December 2021 (about 6 months)",
        ]
    ]


async def test_lost_permission_and_deleted_channel_pause_the_server(sandbox: Sandbox) -> None:
    await configure(sandbox, language="en")
    channel = sandbox.guild.channel_named("announcements")
    bot_role = sandbox.guild.role_named("deploybot")
    channel.overwrites.append(Overwrite(bot_role.id, 0, deny=discord.Permissions(send_messages=True)))
    await sandbox.expect("guild_channel_update", sandbox.server.update_channel(channel))
    await sandbox.advance_to(utc(2021, 10, 18))
    assert posts(sandbox) == []
    show = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    assert show["Health"] == (
        "Paused by the bot since 2 October 2021 09:00: missing Send Messages, Embed Links in #announcements. "
        f"Fix it, then </config resume:{sandbox.server.command('config')['id']}>."
    )
    requests_before = len(sandbox.server.requests)
    await sandbox.advance_to(utc(2021, 11, 20))
    assert len(sandbox.server.requests) == requests_before  # no retry storm while paused

    channel.overwrites.clear()
    await sandbox.expect("guild_channel_update", sandbox.server.update_channel(channel))
    assert (await sandbox.driver.slash("config resume")).content == "Announcements are on again."
    await sandbox.bot.settle()
    # Three weeks of reminders were held back; only the latest one for the rotation is posted. The bot was never
    # offline, so the post does not say it was.
    (late,) = posts(sandbox)
    assert first_line(late).startswith("**This half of the month** · Rotation")
    assert "Posted late" not in late["embeds"][0]["description"]

    await sandbox.expect("announcements_paused", sandbox.server.delete_channel(sandbox.guild, channel))
    show = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    assert show["Health"].startswith(
        "Paused by the bot since 20 November 2021 01:00: the announcement channel was deleted"
    )


async def test_a_refusal_the_bot_could_not_foresee_pauses_too(sandbox: Sandbox) -> None:
    await configure(sandbox, language="en")
    channel = sandbox.guild.channel_named("announcements")
    bot_role = sandbox.guild.role_named("deploybot")
    # Changed on Discord's side without the bot hearing of it: its cache still says it may post.
    channel.overwrites.append(Overwrite(bot_role.id, 0, deny=discord.Permissions(send_messages=True)))
    await sandbox.advance_to(utc(2021, 10, 3))
    assert posts(sandbox) == []
    refused = [r for r in sandbox.server.requests if r.path.endswith("/messages") and r.method == "POST"]
    assert [r.status for r in refused] == [403]
    show = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    assert "Discord refused to post in #announcements" in show["Health"]
    assert not await Ledger(sandbox.bot.db).open_claims()  # the claim was given back: nothing is lost


async def test_two_hundred_servers_each_get_one_announcement(database: Path | str) -> None:
    clock = ManualClock(utc(2021, 11, 1, 8))
    world, guild, moderator, member = default_world(clock)
    others = [world.add_guild(f"server-{i:03d}", ("announcements",)) for i in range(199)]
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    policy = RateLimitPolicy(global_per_second=50, messages_per_channel=(5, 5.0))
    async with running_sandbox(settings, clock, database, policy, world=(world, guild, moderator, member)) as sandbox:
        store = sandbox.bot.guild_settings
        for server in [guild, *others]:
            channel = server.channel_named("announcements")
            await store.update(server.id, clock.now(), channel_id=channel.id, announce_from=clock.now(), leads=(0,))
        sandbox.bot.dispatcher.wake()
        await sandbox.advance_to(utc(2021, 11, 16, 12))
        counts = [len(s.channel_named("announcements").messages) for s in [guild, *others]]
        assert counts == [1] * 200
        statuses = [r.status for r in sandbox.server.requests if r.path.endswith("/messages")]
        assert statuses.count(200) == 200  # none doubled; any 429 was retried by discord.py


async def test_discord_server_errors_are_retried_and_nothing_is_lost(sandbox: Sandbox) -> None:
    await configure(sandbox, language="en")
    sandbox.server.inject("POST", r"/channels/\d+/messages", 503, times=2)  # discord.py gives up on a 503 at once
    await sandbox.advance_to(utc(2021, 10, 2, 7, 0))  # 09:00 in Amsterdam: the first try fails...
    assert posts(sandbox) == []
    # A 5xx may have created the message all the same: the claim stays open until the channel's history says.
    assert len(await Ledger(sandbox.bot.db).open_claims()) == 1
    await sandbox.advance_to(utc(2021, 10, 2, 7, 30))  # checked, found absent, sent again
    (posted,) = posts(sandbox)
    assert first_line(posted) == "**Coming up** · Rotation: expected in November 2021 (about 6 months)"
    assert "Posted late" not in posted["embeds"][0]["description"]
    messages = [r for r in sandbox.server.requests if r.path.endswith("/messages")]
    assert [(r.method, r.status) for r in messages] == [
        ("POST", 503),
        ("GET", 200),  # the history since the claim: not there
        ("POST", 503),
        ("GET", 200),
        ("POST", 200),
    ]
    assert not await Ledger(sandbox.bot.db).open_claims()
