"""3. Planning: 10,000 servers × 1,000 milestones × 4 lead times.

deploybot's figure is building the plan index and looking up the next due time; the baseline groups servers
by profile too, plans each profile once and scans the plans for the earliest due time. Both are timed without
tracemalloc, in alternating rounds; peak memory is measured in a separate pass.
"""

from __future__ import annotations

import gc
import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bench.common import Table, median
from bot.dates import Certainty, FuzzyDate
from bot.facts.model import FactSet, Milestone, MilestoneKind, Mission, Organisation, Source
from bot.facts.snapshot import Snapshot
from bot.i18n import Localized
from bot.schedule.planning import PlanIndex, Profile, profile_of, profile_templates
from bot.storage.guilds import GuildConfig

SERVERS = 10_000
MISSIONS = 100
MILESTONES_PER_MISSION = 10
ROUNDS = 9  # timed rounds per variant
LOOKUPS = 15
ZONES = ["Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


def generated_facts(seed: int = 7) -> FactSet:
    rng = random.Random(seed)
    source = Source("bench", "Bench", "Generated", FuzzyDate.parse("2026-01-01"), "en")
    organisation = Organisation("un", Localized("VN", "UN"), "UN")
    missions, milestones = {}, []
    text = Localized("x", "x")
    for i in range(MISSIONS):
        slug = f"mission-{i:03d}"
        missions[slug] = Mission(slug, "bench", Localized(slug, slug), "un", "ML", text, text)
        for j in range(MILESTONES_PER_MISSION):
            day = date(2026, 6, 1) + timedelta(days=rng.randrange(0, 1400))
            form = rng.random()
            if form < 0.5:
                when = day.isoformat()
            elif form < 0.8:
                when = f"{day.year}-{day.month:02d}"
            elif form < 0.9:
                when = f"second-half {day.year}-{day.month:02d}"
            else:
                when = f"late {day.year}"
            milestones.append(
                Milestone(
                    "bench", 1, slug, f"m{j}", MilestoneKind.ROTATION_START, FuzzyDate.parse(when), Certainty.EXPECTED
                )
            )
    return FactSet({"bench": source}, {"un": organisation}, missions, (), (), tuple(milestones))


def generated_servers(seed: int = 11) -> list[GuildConfig]:
    rng = random.Random(seed)
    configs = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(SERVERS):
        zone = ZONES[0] if rng.random() < 0.8 else rng.choice(ZONES[1:])
        post = datetime(2000, 1, 1, 9).time() if rng.random() < 0.9 else datetime(2000, 1, 1, 18).time()
        configs.append(GuildConfig(i + 1, channel_id=i + 1, timezone=zone, post_time=post, announce_from=start))
    return configs


def grouped_scan(snapshot: Snapshot, configs: list[GuildConfig], default: ZoneInfo, after: datetime) -> datetime | None:
    """The baseline: group servers by profile, plan each profile once, scan every plan for the earliest due time.

    What a straightforward scheduler that knows servers with the same settings share a plan would do, with no
    index: the same grouping and the same templates as :class:`PlanIndex`, then a linear scan instead of a sorted
    lookup. "Due" means what ``PlanIndex.next_due`` means: strictly after ``after``, and not before it was known.
    """
    groups: dict[Profile, list[GuildConfig]] = {}
    for config in configs:
        groups.setdefault(profile_of(config, default), []).append(config)
    best: datetime | None = None
    for profile in groups:
        for template in profile_templates(snapshot, profile):
            if template.at > after and template.at >= template.known_at and (best is None or template.at < best):
                best = template.at
    return best


def indexed(snapshot: Snapshot, configs: list[GuildConfig], default: ZoneInfo, after: datetime) -> datetime | None:
    """deploybot: build the plan index, then look the next due time up."""
    return PlanIndex(snapshot, configs, default).next_due(after)


def _seconds(call: Callable[[], object]) -> float:
    gc.collect()  # every sample starts with the same heap housekeeping behind it
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _peak_bytes(call: Callable[[], object]) -> int:
    """Peak memory allocated while ``call`` runs, in a pass of its own: tracemalloc slows Python several times."""
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def on_the_index(table: Table, index: PlanIndex) -> None:
    """What the dispatcher does between rebuilds: look up its next wake, and list a day's posts."""
    lookups = []
    for _ in range(LOOKUPS):
        start = time.perf_counter()
        index.next_due(NOW)
        lookups.append(time.perf_counter() - start)
    lookup = median(lookups)
    table.add("3. next due on the built index (each wake)", f"{lookup * 1000:.3f} ms", "—", "—", "≤ 50 ms",
              lookup <= 0.05)  # fmt: skip

    def one_day() -> int:
        return sum(1 for _ in index.due_between(NOW, NOW + timedelta(days=1)))

    day = median([_seconds(one_day) for _ in range(3)])
    table.add(f"3. plan a day on the built index ({one_day()} posts)", f"{day * 1000:.1f} ms", "—", "—", "—", None)


async def planning(table: Table) -> None:
    facts = generated_facts()
    snapshot = Snapshot(facts, NOW.date())
    configs = generated_servers()
    default = ZoneInfo("Europe/Amsterdam")
    variants: dict[str, Callable[[], datetime | None]] = {
        "ours": lambda: indexed(snapshot, configs, default, NOW),
        "baseline": lambda: grouped_scan(snapshot, configs, default, NOW),
    }
    answers = {name: call() for name, call in variants.items()}  # a warm-up that also checks they agree
    assert answers["ours"] is not None and answers["ours"] == answers["baseline"], answers
    later = answers["ours"] + timedelta(days=200)
    assert indexed(snapshot, configs, default, later) == grouped_scan(snapshot, configs, default, later)

    # Rounds in alternating order; the ratio is the median of each round's ratio (this machine is shared).
    rounds: list[dict[str, float]] = []
    for number in range(ROUNDS):
        order = list(variants) if number % 2 == 0 else list(reversed(variants))
        rounds.append({name: _seconds(variants[name]) for name in order})
    ours = median([r["ours"] for r in rounds])
    baseline = median([r["baseline"] for r in rounds])
    ratio = median([r["ours"] / r["baseline"] for r in rounds])
    table.add(
        f"3. plan + next due ({SERVERS // 1000}k servers × {MISSIONS * MILESTONES_PER_MISSION // 1000}k milestones "
        "× 4 leads)",
        f"{ours * 1000:.0f} ms",
        f"{baseline * 1000:.0f} ms (per-profile plan + scan)",
        f"{ratio:.2f}×",
        "—",
        None,
    )

    on_the_index(table, PlanIndex(snapshot, configs, default))

    peaks = {name: _peak_bytes(call) for name, call in variants.items()}
    table.add(
        "3. plan + next due, peak memory (tracemalloc, own pass)",
        f"{peaks['ours'] / 2**20:.1f} MiB",
        f"{peaks['baseline'] / 2**20:.1f} MiB",
        f"{peaks['ours'] / peaks['baseline']:.2f}×",
        "—",
        None,
    )
