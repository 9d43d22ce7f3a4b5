"""Faults the bot must survive: Discord misbehaving, broken storage, vanished data files, hostile text."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import ManualClock, utc
from bot.facts import bounds
from bot.i18n import Language
from bot.sandbox.session import Sandbox, default_world, running_sandbox
from bot.sandbox.timestamps import shown
from bot.settings import load_settings
from bot.storage import Database
from tests.paths import SEED_DATA_DIR
from tests.sandbox_fixtures import start_sandbox


def _announced(sandbox: Sandbox) -> set[tuple[str, ...]]:
    """Per server, the first lines of what was announced: one distinct tuple when all servers got the same."""
    return {
        tuple(
            shown(m["embeds"][0]["description"], Language.NL).split("\n")[0]  # as a Dutch member reads it
            for m in g.channel_named("announcements").messages
        )
        for g in sandbox.world.guilds.values()
    }


async def test_discord_misbehaving_loses_nothing(database: Path | str) -> None:
    clock = ManualClock(utc(2021, 11, 1, 8))
    world, guild, moderator, member = default_world(clock)
    for i in range(29):
        world.add_guild(f"server-{i:02d}", ("announcements",))
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    async with running_sandbox(settings, clock, database, world=(world, guild, moderator, member)) as sb:
        for server in world.guilds.values():
            channel = server.channel_named("announcements")
            await sb.bot.guild_settings.update(
                server.id, clock.now(), channel_id=channel.id, announce_from=clock.now(), leads=(0,)
            )
        messages = r"/channels/\d+/messages"
        sb.server.inject("POST", messages, 500)  # discord.py retries a 500 itself
        sb.server.inject("POST", messages, 503)  # ...but not a 503: the dispatcher retries later
        sb.server.inject("POST", messages, 429, retry_after=0.01)
        sb.server.inject("POST", messages, 0)  # a connection reset: the request never answered
        sb.server.inject("POST", messages, 502)
        await sb.server.drop_connection()  # gateway closes with 1006 at the same time
        await sb.advance_to(utc(2021, 11, 16, 12))
        await asyncio.wait_for(sb.server.connected.wait(), 30)
        rotation = "**Deze helft van de maand** · Rotatie: van de tweede helft van november 2021 tot en met 15 mei 2022"
        assert _announced(sb) == {(rotation,)}

        # Commands keep being answered through op 7, op 9 and another dropped connection.
        for disturb in (sb.server.request_reconnect, sb.server.invalidate_session, sb.server.drop_connection):
            await disturb()
            await asyncio.wait_for(sb.server.connected.wait(), 30)
            assert (await sb.driver.slash("mission", name="erbil")).embed["title"].endswith("protection")
        await sb.advance_to(utc(2021, 12, 31))
        arrival = "**Net bekend** · Aankomst: op 20 november 2021"  # with the numbers update, in one post
        assert _announced(sb) == {(rotation, arrival)}  # the 30 November news; nothing doubled


@pytest.mark.single_pass
def test_storage_problems_are_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setenv("DEPLOYBOT_DATA_DIR", str(SEED_DATA_DIR))
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"\x00garbage" * 512)
    monkeypatch.setenv("DEPLOYBOT_DATABASE", str(corrupt))
    assert main(["run"]) == 1  # once, not a crash loop
    err = capsys.readouterr().err
    assert err.startswith("Storage error: the database") and "Traceback" not in err
    assert corrupt.read_bytes() == b"\x00garbage" * 512  # nothing overwritten

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DEPLOYBOT_DATABASE", str(blocker / "bot.sqlite3"))
    assert main(["load"]) == 1
    assert capsys.readouterr().err.startswith("Storage error: cannot create the folder for the database")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


async def test_a_data_file_deleted_while_running_changes_nothing(
    tmp_path: Path, data_dir: Path, clock: ManualClock, database: Path | str
) -> None:
    async with start_sandbox(tmp_path, clock, data_dir, database) as sandbox:
        sandbox.driver.act_as(member=sandbox.moderator)  # the sandbox's moderator owns the bot
        (data_dir / "missions.toml").unlink()
        reply = await sandbox.driver.slash("owner reload")
        assert reply.ephemeral and reply.content.startswith("Nothing was changed:")
        assert "missions.toml: file: cannot be read" in reply.content
        assert (await sandbox.driver.slash("mission", name="erbil")).embed["title"].endswith("protection")
        member = sandbox.member
        sandbox.driver.act_as(member=member)
        refused = await sandbox.driver.slash("owner reload")
        assert refused.content == "Only the bot's owners can do this."


HOSTILE = "@everyone @here <@&123456789012345678> <@123456789012345678> **bold** `code` ||spoiler|| "
LONG = (HOSTILE + "A sentence. ") * 45  # about 5,000 characters
FACT_TABLES = ("sources", "missions", "contributions", "partners", "milestones")


def _fill(limit: int, text: str = LONG) -> str:
    """Hostile text as long as the loader lets a field be: the renderers must show it within Discord's limits."""
    return (text * (limit // len(text) + 1))[:limit].strip().replace('"', "'")


def _add_hostile_mission(data_dir: Path) -> None:
    summary, note, task = _fill(bounds.SUMMARY), _fill(bounds.NOTE), _fill(bounds.TASK)
    name, place = _fill(bounds.NAME, HOSTILE), _fill(bounds.PLACE, HOSTILE)
    with (data_dir / "missions.toml").open("a", encoding="utf-8") as missions:
        missions.write(
            f"""
[[mission]]
slug = "hostile"
source = "hostile-source"
name = {{ nl = "{name}", en = "{name}" }}
organisation = "un"
country = "ML"
place = {{ nl = "{place}", en = "{place}" }}
summary = {{ nl = "{summary}", en = "{summary}" }}
aliases = ["{_fill(bounds.ALIAS, HOSTILE)}"]
"""
        )
    (data_dir / "sources" / "hostile.toml").write_text(
        f"""[source]
id = "hostile-source"
publisher = "{_fill(bounds.PUBLISHER, HOSTILE)}"
title = "{_fill(bounds.TITLE, HOSTILE)}"
published = "2020-11-20"
language = "en"
url = "https://example.org/{"x" * (bounds.URL - 20)}"

[[contribution]]
mission = "hostile"
paragraph = 1
personnel_min = 1
personnel_max = 2
equipment = [{{ name = "{_fill(bounds.EQUIPMENT_NAME, HOSTILE)}", count = 3 }}]
task = {{ nl = "{task}", en = "{task}" }}

[[partner]]
mission = "hostile"
paragraph = 1
country = "NO"
role = "alongside"
note = {{ nl = "{note}", en = "{note}" }}

[[milestone]]
mission = "hostile"
paragraph = 1
kind = "deployment-start"
date = "2020-12-10"
certainty = "confirmed"
note = {{ nl = "{note}", en = "{note}" }}

[[milestone]]
mission = "hostile"
paragraph = 1
kind = "end"
scope = "operation"
date = "2021-12-10"
certainty = "expected"
note = {{ nl = "{note}", en = "{note}" }}
""",
        encoding="utf-8",
    )


async def _counts(db: Database) -> list[int]:
    return [(await db.fetchone(f"SELECT COUNT(*) FROM {table}") or (0,))[0] for table in FACT_TABLES]


async def test_hostile_text_never_pings_breaks_a_limit_or_changes_the_database(
    tmp_path: Path, data_dir: Path, clock: ManualClock, database: Path | str
) -> None:
    _add_hostile_mission(data_dir)
    clock.set(utc(2020, 11, 25, 8))
    async with start_sandbox(tmp_path, clock, data_dir, database) as sandbox:
        before = await _counts(sandbox.bot.db)
        replies = [
            await sandbox.driver.slash("mission", name="hostile"),
            await sandbox.driver.slash("timeline", mission="hostile"),
            await sandbox.driver.slash("partners", mission="hostile"),
            await sandbox.driver.slash("missions"),
            await sandbox.driver.slash("about"),
            await sandbox.driver.slash("mission", name="'; DROP TABLE missions; --" + "\x00" * 50),
            await sandbox.driver.slash("partners", mission=HOSTILE),
        ]
        for typed in ("x" * 10_000, "\x1b[2J" * 500, "' OR 1=1 --", HOSTILE * 20):
            choices = await sandbox.driver.autocomplete("mission", "name", typed)
            assert len(choices) <= 25 and all(1 <= len(c["name"]) <= 100 for c in choices)
        sandbox.driver.act_as(member=sandbox.moderator)
        await sandbox.driver.slash("config channel", channel="#announcements")
        await sandbox.advance_to(utc(2020, 12, 11))
        announcements = sandbox.channel_messages("announcements")
        assert any("**bold**" in m["embeds"][0]["description"] for m in announcements)
        for message in [r.message for r in replies] + announcements:
            assert message["pings"] == {"everyone": False, "users": [], "roles": []}
        assert "@everyone" in replies[0].embed["description"]  # shown as text, harmlessly
        assert [r for r in sandbox.server.requests if r.status == 400] == []  # every answer within the limits
        assert await _counts(sandbox.bot.db) == before
