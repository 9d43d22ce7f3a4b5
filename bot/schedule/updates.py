"""Update posts: what each server was told, and which update posts that calls for, worked out again only for
what changed (a server told something new, its settings, or the facts of a mission it heard about).

After a change every server was told about, that is every server: the work goes a few servers at a time,
yielding to the event loop between batches, with one ledger query per 500 servers.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Hashable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.announcement import AnnouncementKey, Told
from bot.guild_config import GuildConfig
from bot.schedule.planning import Due, PlanIndex, plan_updates, update_inputs
from bot.storage.ledger import Ledger

UPDATE_BATCH = 4  # servers whose update posts are worked out in one go (well under a millisecond) …
UPDATE_PAUSE = 0.002  # … before the event loop has this long for commands: the work takes its turn after theirs
UPDATE_QUERY = 500  # servers whose update rows are looked up together


class UpdatePosts:
    def __init__(self, ledger: Ledger, default_zone: ZoneInfo) -> None:
        self.ledger, self.default_zone = ledger, default_zone
        self.told: dict[int, dict[str, Told]] = {}  # per server and mission: the newest version told
        self.heard: dict[str, set[int]] = {}  # per mission: the servers told anything about it
        self._pending: dict[int, dict[str, list[Due]]] = {}  # per server and mission: update posts without a row
        self._stale: dict[int, set[str] | None] = {}  # servers (and which missions; None: all) to work out again
        self._times: list[tuple[datetime, int]] = []  # a heap of (due time, server) of pending updates
        self._queued: set[tuple[datetime, int]] = set()  # what the heap holds
        self._index: PlanIndex | None = None  # the plan index the pending updates were worked out on
        self._inputs: dict[str, Hashable] = {}  # per mission, what the update posts were worked out from

    async def load(self) -> None:
        """What every server was told, from the ledger (once, at start)."""
        self.told, self.heard = await asyncio.to_thread(_by_mission, await self.ledger.told_all())

    def forget(self, guild_id: int) -> None:
        for mission in self.told.pop(guild_id, {}):
            self.heard.get(mission, set()).discard(guild_id)
        self._pending.pop(guild_id, None)
        self._stale.pop(guild_id, None)

    def told_now(self, key: AnnouncementKey, when: datetime) -> None:
        """A server was just told ``key``'s version: its update posts about that mission change."""
        told = self.told.setdefault(key.guild_id, {}).setdefault(key.mission, {})
        told[(key.mission, key.subject)] = (key.version.encode(), when)
        self.heard.setdefault(key.mission, set()).add(key.guild_id)
        self.stale(key.guild_id, key.mission)

    def stale(self, guild_id: int, mission: str | None = None) -> None:
        """Work this server's update posts out again (for one mission, or all) on the next wake."""
        if guild_id in self._stale and self._stale[guild_id] is None:
            return
        if mission is None:
            self._stale[guild_id] = None
        else:
            missions = self._stale.setdefault(guild_id, set())
            assert missions is not None
            missions.add(mission)

    async def plan(self, index: PlanIndex) -> None:
        """Work out the update posts that may have changed: of servers whose settings or what they were told
        changed, and, after new facts, of the missions whose facts moved for the servers told about them.

        A few dozen servers at a time, yielding to the event loop in between, and one ledger query per 500: after
        a change that every server was told about, that is every server.
        """
        told = self.told
        if index is not self._index:
            inputs = update_inputs(index.snapshot)
            if self._index is None:
                self._stale = dict.fromkeys(told, None)
            else:
                before = self._inputs
                for mission in before.keys() | inputs.keys():
                    if before.get(mission) != inputs.get(mission):
                        for guild_id in self.heard.get(mission, ()):
                            self.stale(guild_id, mission)
            self._index, self._inputs = index, inputs
        stale, self._stale = list(self._stale.items()), {}
        try:
            await self._plan_stale(index, stale)
        except BaseException:  # a storage error: the servers not yet worked out stay to be worked out next time
            for guild_id, missions in stale:
                if missions is None:
                    self.stale(guild_id)
                for mission in missions or ():
                    self.stale(guild_id, mission)
            raise

    async def _plan_stale(self, index: PlanIndex, stale: list[tuple[int, set[str] | None]]) -> None:
        told = self.told
        for start in range(0, len(stale), UPDATE_QUERY):
            planned: dict[int, tuple[set[str] | None, list[Due]]] = {}
            for number, (guild_id, missions) in enumerate(stale[start : start + UPDATE_QUERY]):
                if number and number % UPDATE_BATCH == 0:
                    await asyncio.sleep(UPDATE_PAUSE)
                config, heard = index.config(guild_id), told.get(guild_id)
                if config is None or not heard:
                    self._pending.pop(guild_id, None)
                    continue
                # Only what it was told about these missions: all that their update posts depend on.
                about = {k: v for m in (heard if missions is None else missions) for k, v in heard.get(m, {}).items()}
                dues = list(plan_updates(index.snapshot, config, self.default_zone, about, missions))
                planned[guild_id] = (missions, dues)
            asked = [due.row for _, dues in planned.values() for due in dues]
            have = await self.ledger.existing_updates(asked) if asked else set()
            for guild_id, (missions, dues) in planned.items():
                pending = self._pending.setdefault(guild_id, {})
                for mission in list(pending) if missions is None else missions:
                    pending.pop(mission, None)
                for due in dues:
                    if due.row not in have:
                        pending.setdefault(due.mission, []).append(due)
                        if (due.at, guild_id) not in self._queued:
                            self._queued.add((due.at, guild_id))
                            heapq.heappush(self._times, (due.at, guild_id))
                if not pending:
                    del self._pending[guild_id]

    def due(self, index: PlanIndex, now: datetime) -> list[tuple[GuildConfig, Due]]:
        """The pending update posts due by ``now``; their servers are looked at again on the next wake (by then
        each has a row, or is to be tried again)."""
        guild_ids = set()
        while self._times and self._times[0][0] <= now:
            entry = heapq.heappop(self._times)
            self._queued.discard(entry)
            guild_ids.add(entry[1])
        result = []
        for guild_id in guild_ids:
            config = index.config(guild_id)
            if config is None:
                continue
            for mission, dues in self._pending.get(guild_id, {}).items():
                for due in dues:
                    if due.at <= now:
                        result.append((config, due))
                        self.stale(guild_id, mission)
        return result

    def next_at(self) -> datetime | None:
        """When the next pending update post falls due (entries of posts since worked out afresh are dropped)."""
        while self._times:
            at, guild_id = self._times[0]
            if any(due.at == at for dues in self._pending.get(guild_id, {}).values() for due in dues):
                return at
            self._queued.discard(heapq.heappop(self._times))
        return None


def _by_mission(told: dict[int, Told]) -> tuple[dict[int, dict[str, Told]], dict[str, set[int]]]:
    """What each server was told, split by mission; and per mission, the servers told anything about it."""
    split: dict[int, dict[str, Told]] = {}
    heard: dict[str, set[int]] = {}
    for guild_id, subjects in told.items():
        missions = split[guild_id] = {}
        for (mission, subject), value in subjects.items():
            missions.setdefault(mission, {})[(mission, subject)] = value
            heard.setdefault(mission, set()).add(guild_id)
    return split, heard
