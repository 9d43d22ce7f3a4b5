"""The ledger's reads that the dispatcher makes at start and after changes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from bot.announcement import UPDATE, AnnouncementKey, MilestoneVersion
from bot.clock import utc
from bot.dates import Certainty, FuzzyDate
from bot.storage import Database
from bot.storage.guilds import GuildStore
from bot.storage.ledger import Ledger

START = utc(2021, 10, 1, 8)


def version(day: str) -> MilestoneVersion:
    return MilestoneVersion(FuzzyDate.parse(day), None, None, Certainty.EXPECTED)


async def test_told_all_is_the_newest_sent_version_per_subject_as_told_per_server(database: Path | str) -> None:
    db = await Database.open(database)
    try:
        ledger, guilds = Ledger(db), GuildStore(db)
        for guild_id in (1, 2):
            await guilds.update(guild_id, START, channel_id=10 + guild_id)
        posts = [  # (server, subject, version, lead, sent after so many hours; None: claimed, skipped, failed)
            (1, "rotation", "2021-11", 30, 1),
            (1, "rotation", "2021-12", UPDATE, 50),  # the newest told version of this subject
            (1, "rotation", "2021-12", 7, 30),  # sent earlier than the update: not the newest
            (1, "rotation", "2022-01", UPDATE, None),  # failed: never told
            (1, "arrival", "2021-11-20", 0, 5),
            (2, "rotation", "2021-11", 30, 2),
            (2, "rotation", "2022-02", UPDATE, -1),  # claimed and not settled: not told (yet)
        ]
        for guild_id, subject, day, lead, hours in posts:
            key = AnnouncementKey(guild_id, "minusma", subject, version(day), lead)
            claimed = await ledger.claim_all([(key, START, date(2021, 12, 31))], 10 + guild_id, False, START)
            assert claimed
            if hours is None:
                await ledger.mark_failed(key, 50035, "refused", START)
            elif hours >= 0:
                await ledger.mark_sent(key, 1000 + hours, START + timedelta(hours=hours))
        told = await ledger.told_all()
        assert told == {guild_id: await ledger.told(guild_id) for guild_id in (1, 2)}
        assert told == {
            1: {
                ("minusma", "rotation"): (version("2021-12").encode(), START + timedelta(hours=50)),
                ("minusma", "arrival"): (version("2021-11-20").encode(), START + timedelta(hours=5)),
            },
            2: {("minusma", "rotation"): (version("2021-11").encode(), START + timedelta(hours=2))},
        }

        def update(guild_id: int, day: str) -> tuple[int, str, str, str, int]:
            return (guild_id, "minusma", "rotation", version(day).encode(), UPDATE)

        asked = {
            update(1, "2021-12"),
            update(1, "2022-01"),
            update(1, "2022-03"),
            update(2, "2022-02"),
            update(3, "2022-02"),
        }
        assert await ledger.existing_updates(asked) == {
            update(1, "2021-12"),
            update(1, "2022-01"),
            update(2, "2022-02"),
        }
        assert (
            await ledger.existing_updates({update(2, "2021-11")}) == set()
        )  # a lead post of that version is no update
    finally:
        await db.close()


async def test_compaction_keeps_what_each_server_was_last_told_and_everything_recent(database: Path | str) -> None:
    db = await Database.open(database)
    try:
        ledger, guilds = Ledger(db), GuildStore(db)
        await guilds.update(1, START, channel_id=11)
        old, recent = date(2021, 11, 20), date(2022, 6, 1)
        rows = [  # (subject, version, lead, event ends, state, sent after so many hours)
            ("rotation", "2021-11", 30, old, "sent", 1),
            ("rotation", "2021-11-20", UPDATE, old, "sent", 5),  # the newest told: kept
            ("rotation", "2021-11-20", 7, old, "skipped", None),
            ("rotation", "2021-11-20", 1, old, "claimed", None),  # open: never touched
            ("arrival", "2021-11-20", 0, old, "failed", None),
            ("rotation-end", "2022-06-01", 30, recent, "sent", 2),  # recent: kept
            ("rotation-end", "2022-06-01", 7, recent, "skipped", None),
        ]
        for subject, day, lead, ends, state, hours in rows:
            key = AnnouncementKey(1, "minusma", subject, version(day), lead)
            if state == "skipped":
                await ledger.skip(key, START, ends, "superseded", START)
                continue
            assert await ledger.claim_all([(key, START, ends)], 11, False, START)
            if state == "sent":
                await ledger.mark_sent(key, 100, START + timedelta(hours=hours or 0))
            elif state == "failed":
                await ledger.mark_failed(key, 50035, "refused", START)
        removed = await ledger.compact(date(2022, 3, 1), chunk=1)  # one row a transaction: the loop is exercised
        assert removed == 3
        left = {(e.key.subject, e.key.lead, e.state.value) for e in await ledger.entries(1)}
        assert left == {
            ("rotation", UPDATE, "sent"),
            ("rotation", 1, "claimed"),
            ("rotation-end", 30, "sent"),
            ("rotation-end", 7, "skipped"),
        }
        told = await ledger.told_all()
        assert told[1][("minusma", "rotation")][0] == "2021-11-20 |  |  | expected"  # update posts still compare
    finally:
        await db.close()
