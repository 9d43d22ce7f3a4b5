"""Discord Scheduled Events kept in step with the facts, end to end: the real bot on the loopback Discord.

Each test drives /config events as a moderator would and reads the server's events as Discord keeps them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.clock import ManualClock, utc
from bot.facts.parse import load_facts
from bot.i18n import Language, say
from bot.sandbox.faults import DROPPED
from bot.sandbox.session import Sandbox
from bot.storage.events import EventRow, EventState, EventStore
from bot.storage.facts import FactStore
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
place = { nl = "Limassol (Cyprus)", en = "Limassol, Cyprus" }
summary = { nl = "Een testmissie.", en = "A test mission." }
"""
PLAN = """
[source]
id = "plan"
publisher = "Ministry of Defence"
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
key = "decision"
paragraph = 1
kind = "decision"
date = "2021-09-15"
certainty = "confirmed"

[[milestone]]
mission = "harbour"
key = "deploy"
paragraph = 1
kind = "deployment-start"
date = "2021-11-20"
certainty = "confirmed"

[[milestone]]
mission = "harbour"
key = "debate"
paragraph = 2
kind = "debate"
date = "2021-11-05"
certainty = "expected"
note = { nl = "Het debat over de verlenging.", en = "The debate on the extension." }

[[milestone]]
mission = "harbour"
key = "rotation"
paragraph = 2
kind = "rotation-start"
date = "2022-02"
certainty = "expected"
"""
# Known from 10 October: the deployment moves by five days, and the debate is known only to the month.
UPDATE = """
[source]
id = "update"
publisher = "NOS"
title = "An update"
published = "2021-10-10"
language = "nl"
url = "https://example.org/update"

[[milestone]]
mission = "harbour"
key = "deploy"
paragraph = 3
kind = "deployment-start"
date = "2021-11-25"
certainty = "expected"

[[milestone]]
mission = "harbour"
key = "debate"
paragraph = 4
kind = "debate"
date = "2021-12"
certainty = "expected"
"""


def write_data(root: Path) -> Path:
    data = root / "data"
    (data / "sources").mkdir(parents=True)
    (data / "organisations.toml").write_text(ORGANISATIONS, encoding="utf-8")
    (data / "missions.toml").write_text(MISSIONS, encoding="utf-8")
    (data / "sources" / "plan.toml").write_text(PLAN, encoding="utf-8")
    (data / "sources" / "update.toml").write_text(UPDATE, encoding="utf-8")
    return data


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 2, 6))


@pytest.fixture
async def sandbox(tmp_path: Path, clock: ManualClock, database: Path | str) -> AsyncIterator[Sandbox]:
    async with start_sandbox(tmp_path, clock, write_data(tmp_path), database=database) as running:
        yield running


def events(sandbox: Sandbox) -> list[dict[str, Any]]:
    """The server's events as Discord keeps them, by start."""
    return sorted(sandbox.guild.scheduled_events.values(), key=lambda e: (e["scheduled_start_time"], e["id"]))


def event_requests(sandbox: Sandbox) -> list[tuple[str, int]]:
    return [(r.method, r.status) for r in sandbox.server.requests if "/scheduled-events" in r.path]


async def turn_on(sandbox: Sandbox, **settings: str) -> str:
    sandbox.driver.act_as(member=sandbox.moderator, locale="en-US")
    await sandbox.driver.slash("config language", language="en")
    for name, value in settings.items():
        await sandbox.driver.slash(f"config {name}", **{"zone" if name == "timezone" else "at": value})
    reply = await sandbox.driver.slash("config events", state="on")
    await sandbox.bot.settle()
    return str(reply.content)


async def take_manage_events(sandbox: Sandbox) -> None:
    role = sandbox.guild.role_named("deploybot")
    role.permissions = discord.Permissions(role.permissions.value & ~discord.Permissions(manage_events=True).value)
    await sandbox.expect("guild_role_update", sandbox.server.dispatch("GUILD_ROLE_UPDATE", {
        "guild_id": str(sandbox.guild.id), "role": role.payload()}))  # fmt: skip


async def give_manage_events(sandbox: Sandbox) -> None:
    role = sandbox.guild.role_named("deploybot")
    role.permissions = discord.Permissions(role.permissions.value | discord.Permissions(manage_events=True).value)
    await sandbox.expect("guild_role_update", sandbox.server.dispatch("GUILD_ROLE_UPDATE", {
        "guild_id": str(sandbox.guild.id), "role": role.payload()}))  # fmt: skip


async def test_on_makes_the_future_day_precise_dates_events_in_the_servers_zone(sandbox: Sandbox) -> None:
    reply = await turn_on(sandbox, timezone="America/New_York", time="18:30")
    assert reply == (
        "Scheduled events are on: every future date known to the day is an event, kept in step with the sources "
        "(2 now). Dates known only to a month, half-month, season or year never become events: 1 left out."
    )
    debate, deploy = events(sandbox)
    assert deploy["name"] == "Harbour protection: Deployment"
    assert deploy["entity_type"] == 3 and deploy["privacy_level"] == 2 and deploy["channel_id"] is None
    assert deploy["entity_metadata"] == {"location": "Limassol, Cyprus"}
    # 18:30 in New York on 20 November (EST, UTC−5) is 23:30 UTC; an hour long.
    assert datetime.fromisoformat(deploy["scheduled_start_time"]) == utc(2021, 11, 20, 23, 30)
    assert datetime.fromisoformat(deploy["scheduled_end_time"]) == utc(2021, 11, 21, 0, 30)
    assert deploy["description"].splitlines() == [
        "Date: 20 November 2021 (confirmed)",
        "Source: Ministry of Defence, 1 October 2021",
        "ref: harbour/deploy",
    ]
    assert debate["name"] == "Harbour protection: Parliamentary debate"
    assert debate["description"].splitlines() == [
        "The debate on the extension.",
        "Date: 5 November 2021 (expected)",
        "Source: Ministry of Defence, 1 October 2021",
        "ref: harbour/debate",
    ]
    # 18:30 in New York on 5 November is still daylight saving time (EDT, UTC−4).
    assert datetime.fromisoformat(debate["scheduled_start_time"]) == utc(2021, 11, 5, 22, 30)
    before = len(sandbox.server.requests)
    await sandbox.bot.event_sync.run_once(sandbox.clock.now())  # idempotent: in step, nothing to ask Discord
    assert len(sandbox.server.requests) == before
    show = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    assert show["Scheduled events"] == "on"
    help_text = str((await sandbox.driver.slash("help")).embed["description"])
    assert "config events" in help_text and "Discord events for the followed missions' dates" in help_text


async def test_dutch_server_gets_dutch_events_at_its_post_time(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator, locale="nl")
    reply = await sandbox.driver.slash("config events", state="on")
    await sandbox.bot.settle()
    assert reply.content.startswith("Evenementen staan aan: elke toekomstige datum die op de dag bekend is")
    assert "(nu 2)" in reply.content and reply.content.endswith("evenement: 1 weggelaten.")
    _, deploy = events(sandbox)
    assert deploy["name"] == "Havenbeveiliging: " + say("milestone.deployment-start", Language.NL)
    assert deploy["entity_metadata"] == {"location": "Limassol (Cyprus)"}
    assert datetime.fromisoformat(deploy["scheduled_start_time"]) == utc(2021, 11, 20, 8)  # 09:00 in Amsterdam
    assert "Datum: 20 november 2021 (bevestigd)" in deploy["description"]


async def test_a_new_source_edits_the_event_and_an_imprecise_date_removes_its_event(sandbox: Sandbox) -> None:
    await turn_on(sandbox)
    created = {e["description"].splitlines()[-1]: e["id"] for e in events(sandbox)}
    await sandbox.advance_to(utc(2021, 10, 11, 12))  # the update is known from 10 October
    (deploy,) = events(sandbox)  # the debate is known only to the month now: its event is gone
    assert deploy["id"] == created["ref: harbour/deploy"]  # edited in place, not a second event
    assert datetime.fromisoformat(deploy["scheduled_start_time"]) == utc(2021, 11, 25, 8)
    assert deploy["description"].splitlines()[:2] == [
        "Date: 25 November 2021 (expected)",
        "Source: NOS, 10 October 2021",
    ]
    assert ("PATCH", 200) in event_requests(sandbox) and ("DELETE", 204) in event_requests(sandbox)
    assert [m for m, _ in event_requests(sandbox)].count("POST") == 2
    # The answer to /config events counts the imprecise dates now left out.
    reply = await sandbox.driver.slash("config events", state="on")
    assert str(reply.content).endswith("never become events: 2 left out.")


async def test_following_and_off_remove_the_events(sandbox: Sandbox) -> None:
    await turn_on(sandbox)
    assert len(events(sandbox)) == 2
    await sandbox.driver.slash("config missions", action="remove", mission="harbour")
    await sandbox.bot.settle()
    assert events(sandbox) == []
    await sandbox.driver.slash("config missions", action="all")
    await sandbox.bot.settle()
    assert len(events(sandbox)) == 2
    reply = await sandbox.driver.slash("config events", state="off")
    await sandbox.bot.settle()
    assert reply.content == "Scheduled events are off: the events I made here are being removed."
    assert events(sandbox) == []
    assert await EventStore(sandbox.bot.db).rows(sandbox.guild.id) == {}


async def test_missing_manage_events_is_refused_and_a_lost_one_is_reported(sandbox: Sandbox) -> None:
    await take_manage_events(sandbox)
    sandbox.driver.act_as(member=sandbox.moderator, locale="en-US")
    await sandbox.driver.slash("config language", language="en")
    refused = await sandbox.driver.slash("config events", state="on")
    assert refused.content == "I need **Manage Events** to keep events here; give it to my role, then try again."
    assert not (await EventStore(sandbox.bot.db).settings(sandbox.guild.id)).enabled

    await give_manage_events(sandbox)
    await turn_on(sandbox)
    assert len(events(sandbox)) == 2
    await take_manage_events(sandbox)
    await sandbox.advance_to(utc(2021, 10, 11, 12))  # the update would edit and remove: paused instead
    assert len(events(sandbox)) == 2
    show = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    assert "Scheduled events paused since" in show["Health"] and "missing Manage Events" in show["Health"]
    await give_manage_events(sandbox)
    await sandbox.bot.settle()
    (deploy,) = events(sandbox)  # resumed: in step with the update
    assert datetime.fromisoformat(deploy["scheduled_start_time"]) == utc(2021, 11, 25, 8)
    show = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    assert "Scheduled events" not in show["Health"]


async def test_discord_refusing_with_403_pauses_events_with_the_reason(sandbox: Sandbox) -> None:
    sandbox.server.inject("POST", r"/guilds/\d+/scheduled-events", 403, code=50013)
    await turn_on(sandbox)
    assert events(sandbox) == []
    settings = await EventStore(sandbox.bot.db).settings(sandbox.guild.id)
    assert settings.problem is not None and "refused" in settings.problem


async def test_a_create_whose_answer_was_lost_then_a_restart_leaves_exactly_one_event(sandbox: Sandbox) -> None:
    sandbox.server.inject("POST", r"/guilds/\d+/scheduled-events", DROPPED, carried_out=True)
    await turn_on(sandbox)
    assert len(events(sandbox)) == 1  # Discord made it; the bot never heard
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert [r.state for r in rows.values()] == [EventState.CLAIMED]
    await sandbox.restart_bot()  # as after a crash: the claim is settled by listing the server's events
    await sandbox.bot.settle()
    assert len(events(sandbox)) == 2
    assert sorted(e["description"].splitlines()[-1] for e in events(sandbox)) == [
        "ref: harbour/debate",
        "ref: harbour/deploy",
    ]
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert {r.state for r in rows.values()} == {EventState.CREATED}
    assert {r.event_id for r in rows.values()} == {int(e["id"]) for e in events(sandbox)}
    assert [m for m, s in event_requests(sandbox) if s < 400].count("POST") == 2


async def test_a_lost_answer_is_settled_without_a_restart_too(sandbox: Sandbox) -> None:
    sandbox.server.inject("POST", r"/guilds/\d+/scheduled-events", DROPPED, carried_out=True)
    await turn_on(sandbox)
    assert len(events(sandbox)) == 1
    show = {f["name"]: f["value"] for f in (await sandbox.driver.slash("config show")).embed["fields"]}
    assert "Scheduled events: trouble at the last try" in show["Health"]
    await sandbox.advance_to(sandbox.clock.now() + timedelta(minutes=1))  # the server's retry lists, then adopts
    assert len(events(sandbox)) == 2
    assert [m for m, s in event_requests(sandbox) if s < 400].count("POST") == 2


async def test_a_server_error_after_the_create_which_discord_py_repeats_leaves_one_event(sandbox: Sandbox) -> None:
    # discord.py sends the create again after a 502 on its own: Discord has made two. The look after creating
    # finds the second and deletes it; the one the bot stored stays.
    sandbox.server.inject("POST", r"/guilds/\d+/scheduled-events", 502, carried_out=True)
    await turn_on(sandbox)
    assert len(events(sandbox)) == 2
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert {r.event_id for r in rows.values()} == {int(e["id"]) for e in events(sandbox)}
    assert ("DELETE", 204) in event_requests(sandbox)


async def test_an_event_deleted_by_hand_is_not_recreated_until_events_are_turned_on_again(sandbox: Sandbox) -> None:
    await turn_on(sandbox)
    debate, deploy = events(sandbox)
    del sandbox.guild.scheduled_events[int(debate["id"])]  # a moderator deletes it in Discord
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    await sandbox.advance_to(sandbox.clock.now() + timedelta(days=2))
    assert [e["id"] for e in events(sandbox)] == [deploy["id"]]
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert rows["harbour/debate"].state is EventState.DISMISSED
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config events", state="on")
    await sandbox.bot.settle()
    assert len(events(sandbox)) == 2


async def test_at_most_100_events_the_nearest_kept(tmp_path: Path, clock: ManualClock, database: Path | str) -> None:
    data = write_data(tmp_path)
    many = "\n".join(
        f'[[milestone]]\nmission = "harbour"\nkey = "debate-{i}"\nparagraph = 5\nkind = "debate"\n'
        f'date = "{(datetime(2021, 12, 1) + timedelta(days=i)).date().isoformat()}"\ncertainty = "expected"\n'
        for i in range(105)
    )
    (data / "sources" / "plan.toml").write_text(PLAN + many, encoding="utf-8")
    async with start_sandbox(tmp_path, clock, data, database=database) as sandbox:
        sandbox.driver.act_as(member=sandbox.moderator, locale="en-US")
        await sandbox.driver.slash("config language", language="en")
        reply = await sandbox.driver.slash("config events", state="on")
        await sandbox.bot.settle()
        assert "Discord allows 100 events per server: the nearest 100 are kept, and 7 more follow as they end." in str(
            reply.content
        )
        kept = events(sandbox)
        assert len(kept) == 100
        assert kept[0]["description"].endswith("ref: harbour/debate")  # 5 November, the nearest
        assert kept[-1]["description"].endswith("ref: harbour/debate-97")
        assert all(s < 400 or s == 429 for _, s in event_requests(sandbox))  # 429: the global limit, waited out


async def test_when_an_event_starts_the_next_one_waiting_takes_its_slot(
    tmp_path: Path, clock: ManualClock, database: Path | str
) -> None:
    data = write_data(tmp_path)
    many = "\n".join(
        f'[[milestone]]\nmission = "harbour"\nkey = "debate-{i}"\nparagraph = 5\nkind = "debate"\n'
        f'date = "{(datetime(2021, 12, 1) + timedelta(days=i)).date().isoformat()}"\ncertainty = "expected"\n'
        for i in range(99)
    )
    (data / "sources" / "plan.toml").write_text(PLAN + many, encoding="utf-8")
    (data / "sources" / "update.toml").unlink()
    async with start_sandbox(tmp_path, clock, data, database=database) as sandbox:
        await turn_on(sandbox)
        assert len(events(sandbox)) == 100 and not any("debate-98" in e["description"] for e in events(sandbox))
        await sandbox.advance_to(utc(2021, 11, 5, 8, 30))  # the debate's event is under way (09:00 in Amsterdam)
        assert len(events(sandbox)) == 100 and any(
            e["description"].endswith("ref: harbour/debate") for e in events(sandbox)
        )
        await sandbox.advance_to(utc(2021, 11, 5, 9, 1))  # it ended: deleted, and the next date takes its place
        assert len(events(sandbox)) == 100
        refs = [e["description"].splitlines()[-1] for e in events(sandbox)]
        assert "ref: harbour/debate" not in refs and refs[-1] == "ref: harbour/debate-98"


async def test_a_changed_post_time_or_zone_moves_the_events_in_place(sandbox: Sandbox) -> None:
    await turn_on(sandbox)
    ids = [e["id"] for e in events(sandbox)]
    await sandbox.driver.slash("config time", at="18:30")
    await sandbox.bot.settle()
    assert [e["id"] for e in events(sandbox)] == ids
    assert datetime.fromisoformat(events(sandbox)[1]["scheduled_start_time"]) == utc(2021, 11, 20, 17, 30)
    await sandbox.driver.slash("config timezone", zone="Asia/Tokyo")
    await sandbox.bot.settle()
    assert [e["id"] for e in events(sandbox)] == ids
    assert datetime.fromisoformat(events(sandbox)[1]["scheduled_start_time"]) == utc(2021, 11, 20, 9, 30)


async def test_a_date_withdrawn_from_the_facts_loses_its_event_at_once(sandbox: Sandbox, tmp_path: Path) -> None:
    await turn_on(sandbox)
    facts = load_facts(write_data(tmp_path / "again"))
    kept = tuple(m for m in facts.milestones if m.key != "debate")
    await FactStore(sandbox.bot.db).apply(replace(facts, milestones=kept), sandbox.clock.now())
    announcements = sandbox.bot.get_cog("Announcements")
    assert announcements is not None
    await announcements.watch_facts()  # type: ignore[attr-defined]  # what a `deploybot load` elsewhere wakes
    await sandbox.bot.settle()
    assert [e["description"].splitlines()[-1] for e in events(sandbox)] == ["ref: harbour/deploy"]


async def test_a_crash_between_discord_creating_the_event_and_storing_its_id(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = EventStore.put

    async def crash(self: EventStore, row: EventRow) -> None:
        if row.state is EventState.CREATED:  # as SIGKILL would: the event exists, its id is never stored
            task = sandbox.bot.event_sync._task
            assert task is not None
            task.cancel()
            await asyncio.Event().wait()
        await original(self, row)

    monkeypatch.setattr(EventStore, "put", crash)
    sandbox.driver.act_as(member=sandbox.moderator, locale="en-US")
    await sandbox.driver.slash("config events", state="on")
    task = sandbox.bot.event_sync._task
    assert task is not None
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)
    monkeypatch.setattr(EventStore, "put", original)
    assert len(events(sandbox)) == 1
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    assert len(events(sandbox)) == 2
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert {r.event_id for r in rows.values()} == {int(e["id"]) for e in events(sandbox)}


async def test_an_event_someone_else_made_is_never_taken_for_ours(sandbox: Sandbox) -> None:
    event_id = sandbox.world.ids.next()
    sandbox.guild.scheduled_events[event_id] = {
        "id": str(event_id), "guild_id": str(sandbox.guild.id), "channel_id": None,
        "creator_id": str(sandbox.moderator.user.id), "name": "Copy", "description": "Our own\nref: harbour/deploy",
        "scheduled_start_time": utc(2021, 11, 20, 8).isoformat(),
        "scheduled_end_time": utc(2021, 11, 20, 9).isoformat(),
        "privacy_level": 2, "status": 1, "entity_type": 3, "entity_id": None,
        "entity_metadata": {"location": "here"}, "image": None, "recurrence_rule": None,
    }  # fmt: skip
    await turn_on(sandbox)
    assert len(events(sandbox)) == 3 and sandbox.guild.scheduled_events[event_id]["name"] == "Copy"


LATER = """
[source]
id = "later"
publisher = "Ministry of Defence"
title = "Another plan"
published = "2021-10-01"
language = "en"
url = "https://example.org/later"

[[milestone]]
mission = "harbour"
key = "handover"
paragraph = 1
kind = "handover"
date = "2021-11-10"
certainty = "confirmed"
"""


def moderators_event(sandbox: Sandbox, n: int) -> int:
    event_id = sandbox.world.ids.next()
    start = utc(2021, 12, 1, 18) + timedelta(days=n)
    sandbox.guild.scheduled_events[event_id] = {
        "id": str(event_id), "guild_id": str(sandbox.guild.id), "channel_id": None,
        "creator_id": str(sandbox.moderator.user.id), "name": f"Game night {n}", "description": "Bring snacks",
        "scheduled_start_time": start.isoformat(), "scheduled_end_time": (start + timedelta(hours=2)).isoformat(),
        "privacy_level": 2, "status": 1, "entity_type": 3, "entity_id": None,
        "entity_metadata": {"location": "voice"}, "image": None, "recurrence_rule": None,
    }  # fmt: skip
    return event_id


async def test_a_date_refused_because_moderators_filled_the_100_waits_its_turn_and_follows(sandbox: Sandbox) -> None:
    """Attack: after the bot counted the server's events, moderators fill Discord's 100 with their own; a new
    date's create is refused (30038). It must not be marked failed for good: it waits, and once moderators'
    events make room it is created (at the latest on the next day's pass)."""
    await turn_on(sandbox)
    assert len(events(sandbox)) == 2
    theirs = [moderators_event(sandbox, n) for n in range(98)]
    data = sandbox.bot.settings.data_dir
    (data / "sources" / "later.toml").write_text(LATER, encoding="utf-8")
    await sandbox.bot.reload_facts()
    await sandbox.bot.settle()
    assert len(events(sandbox)) == 100  # Discord is full: the handover waits its turn
    await sandbox.advance_to(utc(2021, 10, 2, 6, 5))  # listed again on the retry: the nearest two are the bot's
    refs = sorted(e["description"].splitlines()[-1] for e in events(sandbox) if "ref: " in e["description"])
    assert refs == ["ref: harbour/debate", "ref: harbour/handover"] and len(events(sandbox)) == 100
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert all(r.state is EventState.CREATED for r in rows.values())  # nothing failed for good
    for event_id in theirs[:10]:
        del sandbox.guild.scheduled_events[event_id]  # moderators' game nights cancelled: room again
    await sandbox.advance_to(utc(2021, 10, 3, 12))  # the next day's pass
    refs = [e["description"].splitlines()[-1] for e in events(sandbox) if "ref: " in e["description"]]
    assert sorted(refs) == ["ref: harbour/debate", "ref: harbour/deploy", "ref: harbour/handover"]


async def test_unfollowed_and_toggled_while_a_create_is_in_flight(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: while Discord is making the first event, the moderator unfollows the mission; then events go
    off and on again at once while facts reload and the post time changes. Never a stray or doubled event."""
    from bot.sender import DiscordEvents

    original = DiscordEvents.create_event
    calls = 0

    async def slow(self: DiscordEvents, guild_id: int, spec: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:  # the moderator acts while this create is under way
            await sandbox.driver.slash("config missions", action="remove", mission="harbour")
        return await original(self, guild_id, spec)

    monkeypatch.setattr(DiscordEvents, "create_event", slow)
    await turn_on(sandbox)
    assert events(sandbox) == [] and await EventStore(sandbox.bot.db).rows(sandbox.guild.id) == {}
    monkeypatch.setattr(DiscordEvents, "create_event", original)

    await sandbox.driver.slash("config missions", action="all")
    await sandbox.bot.settle()
    assert len(events(sandbox)) == 2
    await sandbox.driver.slash("config events", state="off")
    await sandbox.driver.slash("config events", state="on")
    await asyncio.gather(sandbox.bot.reload_facts(), sandbox.driver.slash("config time", at="18:00"))
    await sandbox.driver.slash("config events", state="off")
    await sandbox.driver.slash("config events", state="on")
    await sandbox.bot.settle()
    await sandbox.advance_to(sandbox.clock.now() + timedelta(minutes=10))
    refs = sorted(e["description"].splitlines()[-1] for e in events(sandbox))
    assert refs == ["ref: harbour/debate", "ref: harbour/deploy"]
    assert {datetime.fromisoformat(e["scheduled_start_time"]).astimezone(sandbox.bot.settings.timezone).hour
            for e in events(sandbox)} == {18}  # fmt: skip
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert {r.event_id for r in rows.values()} == {int(e["id"]) for e in events(sandbox)}


async def test_a_storm_of_429s_and_5xx_on_every_kind_of_request_ends_in_step_with_one_event_each(
    sandbox: Sandbox,
) -> None:
    """Attack: Discord's rate limiter and server errors on creates, edits, deletes and lists, many times over,
    some of them after Discord carried the request out. The sync ends in step: one event per date."""
    path = r"/guilds/\d+/scheduled-events"
    sandbox.server.inject("POST", path, 429, times=6, retry_after=0.01)
    sandbox.server.inject("GET", path, 503, times=3)
    await turn_on(sandbox)
    for _ in range(20):
        await sandbox.advance_to(sandbox.clock.now() + timedelta(minutes=5))
    assert sorted(e["description"].splitlines()[-1] for e in events(sandbox)) == [
        "ref: harbour/debate",
        "ref: harbour/deploy",
    ]
    sandbox.server.inject("PATCH", path + r"/\d+", 429, times=4, retry_after=0.01)
    sandbox.server.inject("DELETE", path + r"/\d+", 502, times=3, carried_out=True)
    await sandbox.advance_to(utc(2021, 10, 11, 12))  # the update: the deploy moves, the debate goes
    for _ in range(20):
        await sandbox.advance_to(sandbox.clock.now() + timedelta(minutes=5))
    (deploy,) = events(sandbox)
    assert datetime.fromisoformat(deploy["scheduled_start_time"]) == utc(2021, 11, 25, 8)
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert [(r.state, r.event_id) for r in rows.values()] == [(EventState.CREATED, int(deploy["id"]))]


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_every_field_at_its_bound_still_fits_discord_and_keeps_the_reference(
    tmp_path: Path, clock: ManualClock, lang: str
) -> None:
    """Attack: the longest mission name, place, publisher and note data/ takes, in both languages (Dutch words
    run longer). Discord's limits hold (the loopback refuses anything over them) and the reference stays last."""
    from bot import limits
    from bot.facts import bounds

    data = write_data(tmp_path)
    name = "Ø" * (bounds.NAME - 1) + "x"
    place = "Plaats " + "é" * (bounds.PLACE - 7)
    missions = MISSIONS.replace('"Havenbeveiliging"', f'"{name}"').replace('"Harbour protection"', f'"{name}"')
    missions = missions.replace('"Limassol (Cyprus)"', f'"{place}"').replace('"Limassol, Cyprus"', f'"{place}"')
    (data / "missions.toml").write_text(missions, encoding="utf-8")
    plan = PLAN.replace('"Ministry of Defence"', f'"{"Ministerie " + "w" * (bounds.PUBLISHER - 11)}"')
    note = "n" * bounds.NOTE
    plan = plan.replace('"Het debat over de verlenging."', f'"{note}"').replace(
        '"The debate on the extension."', f'"{note}"'
    )
    (data / "sources" / "plan.toml").write_text(plan, encoding="utf-8")
    load_facts(data)
    async with start_sandbox(tmp_path, clock, data) as sandbox:
        sandbox.driver.act_as(member=sandbox.moderator, locale="nl" if lang == "nl" else "en-US")
        await sandbox.driver.slash("config language", language=lang)
        await sandbox.driver.slash("config events", state="on")
        await sandbox.bot.settle()
        made = events(sandbox)
        assert len(made) == 2 and all(s < 400 for _, s in event_requests(sandbox))
        for event in made:
            assert len(event["name"]) <= limits.EVENT_NAME and len(event["description"]) <= limits.EVENT_DESCRIPTION
            assert event["description"].splitlines()[-1].startswith("ref: harbour/")
            assert len(event["entity_metadata"]["location"]) <= limits.EVENT_LOCATION
        assert any(note in e["description"] for e in made)  # the longest note, whole


@pytest.mark.parametrize("after", ["PATCH", "DELETE"])
async def test_a_crash_after_an_edit_or_delete_before_it_is_stored(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, after: str
) -> None:
    """Attack: the process dies right after Discord carried out an edit (the moved deployment) or a delete (the
    debate, imprecise now) and before the database heard. After the restart: one event per date, in step."""
    await turn_on(sandbox)
    created = {e["description"].splitlines()[-1]: e["id"] for e in events(sandbox)}
    original_put, original_drop = EventStore.put, EventStore.drop

    def die() -> None:
        task = sandbox.bot.event_sync._task
        assert task is not None
        task.cancel()

    async def put(self: EventStore, row: EventRow) -> None:
        if after == "PATCH" and row.ref == "harbour/deploy" and row.starts_at == utc(2021, 11, 25, 8):
            die()
            await asyncio.Event().wait()
        await original_put(self, row)

    async def drop(self: EventStore, guild_id: int, ref: str) -> None:
        if after == "DELETE" and ref == "harbour/debate":
            die()
            await asyncio.Event().wait()
        await original_drop(self, guild_id, ref)

    monkeypatch.setattr(EventStore, "put", put)
    monkeypatch.setattr(EventStore, "drop", drop)
    sandbox.clock.set(utc(2021, 10, 11, 12))  # the update is known: the deployment moves, the debate goes
    sandbox.bot.event_sync.wake()
    task = sandbox.bot.event_sync._task
    assert task is not None
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)
    monkeypatch.setattr(EventStore, "put", original_put)
    monkeypatch.setattr(EventStore, "drop", original_drop)
    await sandbox.restart_bot()
    await sandbox.bot.settle()
    (deploy,) = events(sandbox)
    assert deploy["id"] == created["ref: harbour/deploy"]
    assert datetime.fromisoformat(deploy["scheduled_start_time"]) == utc(2021, 11, 25, 8)
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert [(r.ref, r.state, r.event_id) for r in rows.values()] == [
        ("harbour/deploy", EventState.CREATED, int(deploy["id"]))
    ]
    before = len(sandbox.server.requests)
    await sandbox.bot.event_sync.run_once(sandbox.clock.now())
    assert len(sandbox.server.requests) == before  # in step: nothing more to ask


async def test_manage_events_lost_between_two_creates(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """Attack: the permission goes while the sync is half way (the first event made, the second refused with
    403). Paused with the reason, nothing claimed left behind, and in step once the permission is back."""
    from bot.sender import DiscordEvents

    original = DiscordEvents.create_event
    calls = 0

    async def taken(self: DiscordEvents, guild_id: int, spec: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            role = sandbox.guild.role_named("deploybot")  # Discord knows at once; the gateway tells later
            role.permissions = discord.Permissions(
                role.permissions.value & ~discord.Permissions(manage_events=True).value
            )
        return await original(self, guild_id, spec)

    monkeypatch.setattr(DiscordEvents, "create_event", taken)
    await turn_on(sandbox)
    assert len(events(sandbox)) == 1
    rows = await EventStore(sandbox.bot.db).rows(sandbox.guild.id)
    assert [r.state for r in rows.values()] == [EventState.CREATED]
    settings = await EventStore(sandbox.bot.db).settings(sandbox.guild.id)
    assert settings.problem is not None
    await take_manage_events(sandbox)  # the gateway's word on it arrives after the 403
    await sandbox.bot.settle()
    assert len(events(sandbox)) == 1
    await give_manage_events(sandbox)
    await sandbox.bot.settle()
    assert sorted(e["description"].splitlines()[-1] for e in events(sandbox)) == [
        "ref: harbour/debate",
        "ref: harbour/deploy",
    ]
    assert (await EventStore(sandbox.bot.db).settings(sandbox.guild.id)).problem is None
