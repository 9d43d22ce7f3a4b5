"""10. Drafting facts from an article (``deploybot ingest``, ``/facts ingest``): does the time grow with the text?

The seed article (shared/seeds/, beside the project) and 1 MB articles made of it (``MAX_BYTES``, the most
``/facts ingest`` takes): the seed again and again, paragraphs apart, and the same as one long paragraph. Each
is timed per KB (CPU time) in the same run as the seed; the ratio is 1.0 when drafting scales linearly. The seed
is drafted once first (the patterns compile), then timed as the median of runs before and after each long
text, which is drafted once.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from bench.common import DATA_DIR, ROOT, Table
from bot.facts.parse import load_facts
from bot.ingest.extract import Extractor
from bot.ingest.language import MAX_BYTES

SEED = ROOT.parent / "shared" / "seeds" / "000_921012f89d864f70.txt"
SEED_RUNS = 15


def big_text(seed: str, size: int = MAX_BYTES, paragraphs: bool = True) -> str:
    """The seed repeated up to ``size`` bytes of UTF-8: its paragraphs, or (``paragraphs`` false) all of it as
    one paragraph, as a page copied without its blank lines reads."""
    piece = seed.strip() + "\n\n" if paragraphs else " ".join(seed.split()) + " "
    copies = max(1, size // len(piece.encode("utf-8")))
    return (piece * copies).rstrip() + "\n"


def per_kb(extractor: Extractor, text: str) -> float:
    """Milliseconds of drafting per KB of UTF-8: this process's CPU time (drafting uses one thread), which other
    work on a shared machine disturbs less than the clock on the wall."""
    start = time.process_time()
    extractor.extract(text, date(2026, 1, 1), "bench")
    return (time.process_time() - start) * 1000 / (len(text.encode("utf-8")) / 1024)


async def drafting(table: Table) -> None:
    if not SEED.is_file():
        table.add("10. drafting: the seed article is not at " + str(SEED), "—", "—", "—", "—", None)
        return
    seed = SEED.read_text(encoding="utf-8")
    extractor = Extractor(load_facts(DATA_DIR))
    per_kb(extractor, seed)  # compile the patterns outside the timing
    for paragraphs in (True, False):
        text = big_text(seed, paragraphs=paragraphs)
        # The seed timed before and after the long text, so that a busy spell on a shared machine weighs on both.
        seeds = [per_kb(extractor, seed) for _ in range(SEED_RUNS)]
        large = per_kb(extractor, text)
        seeds += [per_kb(extractor, seed) for _ in range(SEED_RUNS)]
        small = statistics.median(seeds)
        kb = len(text.encode("utf-8")) / 1024
        shape = "in paragraphs" if paragraphs else "as one paragraph"
        table.add(
            f"10. draft {kb:.0f} KB {shape}, per KB, vs the seed ({len(seed.encode('utf-8')) / 1024:.1f} KB)",
            f"{large:.1f} ms/KB ({large * kb / 1000:.1f} s)",
            f"{small:.1f} ms/KB",
            f"{large / small:.2f}×",
            "—",
            None,
        )
