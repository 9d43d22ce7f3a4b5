"""Precision and recall of the ingester per fact type, on a labelled set of texts.

python -m bot.ingest.evaluate tests/ingest/evaluation.toml
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.facts.model import FactSet
from bot.facts.parse import FactsInvalid, load_facts
from bot.ingest.extract import Extractor
from bot.ingest.model import Draft

TYPES = ("personnel", "dates", "partners", "equipment")


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


def facts_of(draft: Draft) -> dict[str, set[str]]:
    """What the draft says, per fact type, as comparable strings."""
    return {
        "personnel": {f"{c.low}-{c.high}" for c in draft.contributions if c.low is not None},
        "dates": {str(m.date) for m in draft.milestones} | {str(m.until) for m in draft.milestones if m.until},
        "partners": {p.country or p.organisation or "" for p in draft.partners},
        "equipment": {name for c in draft.contributions for name, _ in c.equipment},
    }


def _strings(value: object) -> set[str]:
    return {str(item) for item in value} if isinstance(value, list) else set()


def expected_of(case: dict[str, object]) -> dict[str, set[str]]:
    personnel = case.get("personnel")
    pairs = personnel if isinstance(personnel, list) else []
    return {
        "personnel": {f"{low}-{high}" for low, high in pairs},
        "dates": _strings(case.get("dates")),
        "partners": _strings(case.get("partners")),
        "equipment": _strings(case.get("equipment")),
    }


def evaluate(cases: Iterable[dict[str, object]], known: FactSet | None) -> dict[str, Score]:
    scores = {kind: Score() for kind in TYPES}
    for number, case in enumerate(cases, start=1):
        published = date.fromisoformat(str(case["published"]))
        draft = Extractor(known).extract(str(case["text"]), published, f"case-{number}")
        got, want = facts_of(draft), expected_of(case)
        for kind in TYPES:
            score = scores[kind]
            score.true_positive += len(got[kind] & want[kind])
            score.false_positive += len(got[kind] - want[kind])
            score.false_negative += len(want[kind] - got[kind])
            for extra in sorted(got[kind] - want[kind]):
                score.misses.append(f"case {number}: extra {extra}")
            for missing in sorted(want[kind] - got[kind]):
                score.misses.append(f"case {number}: missed {missing}")
    return scores


def report(scores: dict[str, Score]) -> str:
    lines = ["| fact type | precision | recall | found right | wrong | missed |", "|---|---|---|---|---|---|"]
    for kind, s in scores.items():
        lines.append(
            f"| {kind} | {s.precision:.2f} | {s.recall:.2f} | {s.true_positive} | {s.false_positive} | "
            f"{s.false_negative} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "tests/ingest/evaluation.toml")
    with path.open("rb") as handle:
        cases = tomllib.load(handle)["case"]
    try:
        known = load_facts(Path("data"))
    except FactsInvalid:
        known = None
    scores = evaluate(cases, known)
    print(f"{len(cases)} texts from {path}")
    print(report(scores))
    for kind, score in scores.items():
        for line in score.misses:
            print(f"  {kind}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
