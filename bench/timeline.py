"""7. The timeline picture: Pillow alone (what the bot draws with) against matplotlib (the field's standard).

Each library runs in a fresh process: the time its import takes, the resident memory the import adds, then the
median of drawing the same 20 missions (rows, bars, markers, labels, today's line, a legend) to PNG bytes. The
matplotlib variant draws the same rows with ``broken_barh``, ``scatter`` and ``axvline`` on the Agg backend:
what a bot drawing with matplotlib would write. ``make bench`` installs matplotlib (the ``bench`` extra); the
bot itself never imports it.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from bench.common import DATA_DIR, Table, median
from bench.memory import resident_kib

MISSIONS = 20
RENDERS = 30


def _views(count: int = MISSIONS) -> tuple[list[Any], date]:
    """``count`` current missions from data/: the real ones, and copies of them under other names to fill up."""
    from bot.facts.parse import load_facts
    from bot.facts.snapshot import Snapshot
    from bot.i18n import Localized
    from bot.render.timeline_picture import current_views

    facts = load_facts(DATA_DIR)
    as_of = max(s.known_from for s in facts.sources.values())
    real = current_views(Snapshot(facts, as_of).views())
    missions, milestones = dict(facts.missions), list(facts.milestones)
    copies = 0
    while len(real) + copies < count:
        model = real[copies % len(real)].mission
        slug = f"{model.slug}-copy-{copies}"
        name = Localized(f"{model.name.nl} ({copies + 2})", f"{model.name.en} ({copies + 2})")
        missions[slug] = replace(model, slug=slug, name=name)
        milestones += [replace(m, mission=slug) for m in facts.milestones if m.mission == model.slug]
        copies += 1
    grown = replace(facts, missions=missions, milestones=tuple(milestones))
    return current_views(Snapshot(grown, as_of).views())[:count], as_of


def _pillow(views: list[Any], as_of: date) -> bytes:
    from bot.i18n import Language
    from bot.render.timeline_picture import render_timeline

    return render_timeline(views, as_of, Language.EN).png


def _matplotlib(views: list[Any], as_of: date) -> bytes:
    """The same rows drawn with matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from bot.dates import Certainty
    from bot.i18n import Language
    from bot.render.timeline_picture import mission_rows

    rows = [row for view in views for row in mission_rows(view, Language.EN)]
    figure, axes = plt.subplots(figsize=(11, 0.5 * len(rows) + 1.5), dpi=100)
    first, last = as_of - timedelta(days=730), as_of + timedelta(days=730)
    for index, row in enumerate(rows):
        y = len(rows) - index
        for span, height, alpha in ((row.planned, 0.15, 0.2), (row.actual, 0.35, 0.9)):
            if span is None:
                continue
            end = span.end.last if span.end is not None else (span.end_day or last)
            start = mdates.date2num(span.start.first)
            axes.broken_barh([(start, mdates.date2num(end) - start)], (y - height / 2, height), alpha=alpha)
        for m in row.milestones:
            filled = m.certainty is Certainty.CONFIRMED
            if m.date.first == m.date.last:
                axes.scatter([m.date.first], [y - 0.3], s=40, c="black" if filled else "white", edgecolors="black")
            else:
                start = mdates.date2num(m.date.first)
                width = mdates.date2num(m.date.last) - start + 1
                axes.broken_barh([(start, width)], (y - 0.4, 0.2), alpha=0.5 if filled else 0.2, color="black")
    axes.axvline(as_of, color="red")
    axes.set_yticks([len(rows) - i for i in range(len(rows))], [r.title or r.label for r in rows], fontsize=8)
    axes.set_xlim(first, last)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    axes.set_title("Current missions: timeline")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def child(library: str) -> None:
    """In a fresh process: the import's time and memory, then the render median; one JSON line."""
    views, as_of = _views()
    before = resident_kib()
    started = time.perf_counter()
    if library == "pillow":
        from PIL import Image, ImageDraw, ImageFont  # noqa: F401

        draw = _pillow
    else:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot

        draw = _matplotlib
    imported = time.perf_counter() - started
    added = resident_kib() - before
    times, size = [], 0
    for _ in range(RENDERS):
        started = time.perf_counter()
        size = len(draw(views, as_of))
        times.append(time.perf_counter() - started)
    result = {"import_s": imported, "import_kib": added, "render_s": median(times), "bytes": size,
              "rss_after_kib": resident_kib(), "missions": len(views)}  # fmt: skip
    print(json.dumps(result))


def _measure(library: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.timeline", library], capture_output=True, text=True, check=True, timeout=600
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def timeline(table: Table) -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        table.add("7. timeline picture: matplotlib not installed (make bench installs it)", "—", "—", "—", "—", None)
        return
    pillow, mpl = _measure("pillow"), _measure("matplotlib")
    n = int(pillow["missions"])
    ours, theirs = pillow["render_s"] * 1000, mpl["render_s"] * 1000
    table.add(f"7. timeline picture, {n} missions: render p50 (Pillow vs matplotlib)", f"{ours:.1f} ms",
              f"{theirs:.1f} ms", f"{ours / theirs:.2f}×", "—", None)  # fmt: skip
    a, b = pillow["import_s"] * 1000, mpl["import_s"] * 1000
    table.add("7. import time (Pillow vs matplotlib.pyplot)", f"{a:.0f} ms", f"{b:.0f} ms", f"{a / b:.2f}×", "—", None)
    a, b = pillow["import_kib"] / 1024, mpl["import_kib"] / 1024
    table.add("7. RSS added by the import", f"{a:.1f} MiB", f"{b:.1f} MiB", f"{a / b:.2f}×", "—", None)
    a, b = pillow["rss_after_kib"] / 1024, mpl["rss_after_kib"] / 1024
    table.add(f"7. RSS after {RENDERS} renders (whole process)", f"{a:.1f} MiB", f"{b:.1f} MiB", f"{a / b:.2f}×", "—",
              None)  # fmt: skip


if __name__ == "__main__":
    child(sys.argv[1])
