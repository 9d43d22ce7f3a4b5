"""Which servers this process serves: Discord's shards, and the share of the global rate limit that goes with them.

A bot in several processes gives each process some of the shards (``deploybot run --shards 0-3 --shard-count
8``). A server belongs to shard ``(guild_id >> 22) % shard_count`` (Discord's formula): its gateway events and
commands arrive on that shard's connection, and only the process holding that shard posts its announcements.
"""

from __future__ import annotations

from dataclasses import dataclass


class ShardSpecError(ValueError):
    """A shard list or count that cannot be used; the message says why in a few words, ``part`` which was
    wrong: ``"shards"`` or ``"count"``."""

    def __init__(self, message: str, part: str = "shards") -> None:
        super().__init__(message)
        self.part = part


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's formula: the shard whose connection carries ``guild_id``'s events."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class Shards:
    """The shards this process connects. ``ids`` is ``None`` for the plain unsharded bot (one process, all)."""

    ids: tuple[int, ...] | None = None
    count: int = 1

    @property
    def sharded(self) -> bool:
        return self.ids is not None

    @property
    def own(self) -> tuple[int, ...]:
        return self.ids if self.ids is not None else tuple(range(self.count))

    def owns(self, guild_id: int) -> bool:
        """Whether this process serves (and announces to) ``guild_id``."""
        return self.ids is None or shard_of(guild_id, self.count) in self.ids

    def share(self, per_second: float) -> float:
        """This process's part of a per-bot rate shared by all processes: in proportion to its shards.

        Servers spread evenly over shards (ids are timestamps, taken modulo the count), so every process gets
        about its share of the posts too, and all processes together stay under the bot's limit.
        """
        return per_second * len(self.own) / self.count

    def describe(self) -> str:
        if self.ids is None:
            return "unsharded"
        return f"shards {format_ids(self.ids)} of {self.count}"


def parse_ids(text: str) -> tuple[int, ...]:
    """``"0-3"``, ``"0,2,5"`` or ``"0-1,4"`` → sorted shard ids."""
    ids: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise ShardSpecError(f"{part!r} is not a shard number or range such as 0-3") from None
        if first < 0 or last < first:
            raise ShardSpecError(f"{part!r} is not a range of shard numbers from low to high")
        ids.update(range(first, last + 1))
    if not ids:
        raise ShardSpecError("names no shard; write them as 0-3 or 0,2,5")
    return tuple(sorted(ids))


def format_ids(ids: tuple[int, ...]) -> str:
    """The inverse of :func:`parse_ids`, with runs as ranges: (0, 1, 2, 5) → ``"0-2,5"``."""
    runs: list[list[int]] = []
    for shard in ids:
        if runs and shard == runs[-1][1] + 1:
            runs[-1][1] = shard
        else:
            runs.append([shard, shard])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def make_shards(ids_text: str | None, count_text: str | None) -> Shards:
    """Shards from the two settings; raises :class:`ShardSpecError` saying which is wrong.

    Neither: the plain unsharded bot. A count alone: this one process connects every shard. Shards without a
    count would leave the formula undefined, so they are refused.
    """
    if ids_text is None and count_text is None:
        return Shards()
    if count_text is None:
        raise ShardSpecError("shards need a shard count (--shard-count, DEPLOYBOT_SHARD_COUNT)", "count")
    try:
        count = int(count_text)
    except ValueError:
        raise ShardSpecError(f"{count_text!r} is not a number of shards", "count") from None
    if count < 1:
        raise ShardSpecError("the shard count is at least 1", "count")
    ids = parse_ids(ids_text) if ids_text is not None else tuple(range(count))
    if ids[-1] >= count:
        raise ShardSpecError(f"shard {ids[-1]} does not exist with a shard count of {count} (shards are 0-{count - 1})")
    return Shards(ids, count)
