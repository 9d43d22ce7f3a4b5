"""5. Loading 10,000 missions' worth of generated facts into SQLite, and a reload with nothing changed.

The baseline is the least any loader must do: parse the same TOML files and insert the same rows.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Table
from bot.facts.model import FactSet
from bot.facts.parse import load_facts
from bot.storage import Database
from bot.storage.facts import TABLES, FactStore, facts_to_rows
from bot.storage.migrations import MIGRATIONS

MISSIONS = 10_000
PER_SOURCE = 100


def write_data(root: Path) -> None:
    (root / "sources").mkdir(parents=True)
    (root / "organisations.toml").write_text(
        '[[organisation]]\nid = "un"\nshort = "UN"\nname = { nl = "VN", en = "UN" }\n', encoding="utf-8"
    )
    missions = []
    for i in range(MISSIONS):
        missions.append(
            f'[[mission]]\nslug = "m{i:05d}"\nsource = "s{i // PER_SOURCE:03d}"\n'
            f'name = {{ nl = "Missie {i}", en = "Mission {i}" }}\norganisation = "un"\ncountry = "ML"\n'
            f'place = {{ nl = "Plaats {i}", en = "Place {i}" }}\n'
            f'summary = {{ nl = "Samenvatting.", en = "Summary." }}\n'
            f'aliases = ["alias {i}"]\n'
        )
    (root / "missions.toml").write_text("\n".join(missions), encoding="utf-8")
    for s in range(MISSIONS // PER_SOURCE):
        parts = [
            f'[source]\nid = "s{s:03d}"\npublisher = "Bench"\ntitle = "T"\npublished = "2020-01-01"\nlanguage = "en"\n'
        ]
        for i in range(s * PER_SOURCE, (s + 1) * PER_SOURCE):
            slug = f"m{i:05d}"
            parts.append(
                f'[[contribution]]\nmission = "{slug}"\nparagraph = 1\npersonnel_min = 10\npersonnel_max = 20\n'
                f'equipment = [{{ name = "C-130", count = 1 }}]\n'
                f'[[partner]]\nmission = "{slug}"\nparagraph = 1\ncountry = "NO"\nrole = "rotation-partner"\n'
                f'[[milestone]]\nmission = "{slug}"\nparagraph = 1\nkind = "decision"\ndate = "2020-01-01"\n'
                f'certainty = "confirmed"\n'
                f'[[milestone]]\nmission = "{slug}"\nparagraph = 1\nkind = "rotation-start"\ndate = "2021-11"\n'
                f'certainty = "expected"\nduration = "about 6 months"\n'
            )
        (root / "sources" / f"s{s:03d}.toml").write_text("\n".join(parts), encoding="utf-8")


def baseline(root: Path, database: Path, facts: FactSet) -> float:
    """Parse every file, then insert the very same rows with plain sqlite3: the floor for any loader."""
    start = time.perf_counter()
    for path in [root / "organisations.toml", root / "missions.toml", *sorted((root / "sources").glob("*.toml"))]:
        with path.open("rb") as handle:
            tomllib.load(handle)
    rows = facts_to_rows(facts)
    conn = sqlite3.connect(database)
    for script in MIGRATIONS:
        conn.executescript(script)
    with conn:
        for table in TABLES:
            marks = ", ".join("?" for _ in table.columns)
            conn.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows[table.name].values())
    conn.close()
    return time.perf_counter() - start


async def loading(table: Table) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "data"
        write_data(root)
        start = time.perf_counter()
        facts = load_facts(root)
        parsed = time.perf_counter() - start
        db = await Database.open(Path(scratch) / "ours.sqlite3")
        store = FactStore(db)
        start = time.perf_counter()
        first = await store.apply(facts, datetime.now(UTC))
        applied = time.perf_counter() - start
        start = time.perf_counter()
        again = await store.apply(load_facts(root), datetime.now(UTC))
        reload = time.perf_counter() - start
        await db.close()
        floor = baseline(root, Path(scratch) / "floor.sqlite3", facts)
    assert first.changed and not again.changed
    ours = parsed + applied
    rows = sum(len(c.added) for c in first.changes.values())
    table.add(f"5. load {MISSIONS} missions ({rows} rows)", f"{ours:.2f} s", f"{floor:.2f} s (parse + insert)",
              f"{ours / floor:.2f}×", "—", None)  # fmt: skip
    table.add("5. reload, nothing changed", f"{reload:.2f} s", f"{floor:.2f} s", f"{reload / floor:.2f}×", "—", None)
