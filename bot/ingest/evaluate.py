"""Precision, recall and F1 of the ingester per fact type and per text style, on a labelled set of texts.

python -m bot.ingest.evaluate tests/ingest/evaluation.toml         # score the extractor on a file
python -m bot.ingest.evaluate --check tests/ingest/evaluation.toml  # validate the labels only, no extractor

The format is described in the issue 13 evaluation spec: a ``[[case]]`` per text with ``published``, ``style``
("article", "weekly" or "letter") and ``text``, and labels either for the whole text (``personnel``, ``dates``,
``partners``, ``equipment``) or per mission in ``[case.missions.<slug>]`` tables, where the slug ``new`` stands
for a mission data/ does not know and matches any mission the draft marks as new. With per-mission labels every
fact is compared as (mission, value), so a fact drafted under the wrong mission is both a false positive and a
false negative.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.countries import is_country
from bot.dates import DateError, FuzzyDate
from bot.facts.model import FactSet
from bot.facts.parse import FactsInvalid, load_facts
from bot.ingest.extract import Extractor
from bot.ingest.model import Draft

TYPES = ("personnel", "dates", "partners", "equipment")
STYLES = ("article", "weekly", "letter")
NEW = "new"  # the mission key for a mission data/ does not know yet
WHOLE = ""  # the mission key when a case labels the whole text

Item = tuple[str, str]  # (mission key, value); the mission key is WHOLE for single-mission cases


class LabelError(ValueError):
    """A label in an evaluation file that cannot be right, naming the case and the field."""


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

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, got: set[Item], want: set[Item], number: int) -> None:
        self.true_positive += len(got & want)
        self.false_positive += len(got - want)
        self.false_negative += len(want - got)
        for extra in sorted(got - want):
            self.misses.append(f"case {number}: extra {_show(extra)}")
        for missing in sorted(want - got):
            self.misses.append(f"case {number}: missed {_show(missing)}")


def _show(item: Item) -> str:
    mission, value = item
    return f"{value} ({mission})" if mission else value


def _empty() -> dict[str, set[Item]]:
    return {kind: set() for kind in TYPES}


def facts_of(draft: Draft, per_mission: bool = False, known: Iterable[str] = ()) -> dict[str, set[Item]]:
    """What the draft says, per fact type, as (mission key, value). Without ``per_mission`` the key is WHOLE;
    with it, a mission the draft marks as not existing (and not in ``known``) becomes NEW."""
    existing = set(known) | {m.slug for m in draft.missions if m.existing}

    def key(slug: str) -> str:
        if not per_mission:
            return WHOLE
        return slug if slug in existing else NEW

    got = _empty()
    for c in draft.contributions:
        if c.low is not None:
            got["personnel"].add((key(c.mission), f"{c.low}-{c.high}"))
        for name, _ in c.equipment:
            got["equipment"].add((key(c.mission), name))
    for m in draft.milestones:
        got["dates"].add((key(m.mission), str(m.date)))
        if m.until is not None:
            got["dates"].add((key(m.mission), str(m.until)))
    for p in draft.partners:
        got["partners"].add((key(p.mission), p.country or p.organisation or ""))
    return got


def _labels(table: Mapping[str, Any], mission: str) -> dict[str, set[Item]]:
    personnel = table.get("personnel")
    pairs = personnel if isinstance(personnel, list) else []
    want = _empty()
    want["personnel"] = {(mission, f"{low}-{high}") for low, high in pairs}
    for kind in ("dates", "partners", "equipment"):
        values = table.get(kind)
        want[kind] = {(mission, str(v)) for v in values} if isinstance(values, list) else set()
    return want


def expected_of(case: Mapping[str, Any]) -> dict[str, set[Item]]:
    """The labels of a case as (mission key, value) per fact type."""
    missions = case.get("missions")
    if not isinstance(missions, dict):
        return _labels(case, WHOLE)
    want = _empty()
    for slug, table in missions.items():
        for kind, items in _labels(table, slug).items():
            want[kind] |= items
    return want


def style_of(case: Mapping[str, Any]) -> str:
    return str(case.get("style", "article"))


def score_case(
    case: Mapping[str, Any], draft: Draft, number: int, scores: dict[str, Score], known: Iterable[str] = ()
) -> None:
    """Add one case's comparison to ``scores`` (one Score per fact type)."""
    per_mission = isinstance(case.get("missions"), dict)
    got, want = facts_of(draft, per_mission, known), expected_of(case)
    for kind in TYPES:
        scores[kind].add(got[kind], want[kind], number)


def evaluate(cases: Iterable[Mapping[str, Any]], known: FactSet | None) -> dict[str, dict[str, Score]]:
    """Scores per style, plus "all"; each a Score per fact type."""
    slugs = list(known.missions) if known is not None else []
    by_style: dict[str, dict[str, Score]] = {"all": {kind: Score() for kind in TYPES}}
    for number, case in enumerate(cases, start=1):
        published = date.fromisoformat(str(case["published"]))
        draft = Extractor(known).extract(str(case["text"]), published, f"case-{number}")
        style = by_style.setdefault(style_of(case), {kind: Score() for kind in TYPES})
        score_case(case, draft, number, by_style["all"], slugs)
        score_case(case, draft, number, style, slugs)  # misses are listed once, from "all"
        for score in style.values():
            score.misses.clear()
    return by_style


def report(scores: Mapping[str, Score], title: str = "") -> str:
    lines = [f"{title}:"] if title else []
    lines += [
        "| fact type | precision | recall | F1 | found right | wrong | missed |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, s in scores.items():
        lines.append(
            f"| {kind} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {s.true_positive} | "
            f"{s.false_positive} | {s.false_negative} |"
        )
    return "\n".join(lines)


# -- checking labels ------------------------------------------------------------------------------------------


def _check_table(table: Mapping[str, Any], where: str, organisations: set[str]) -> None:
    personnel = table.get("personnel", [])
    if not isinstance(personnel, list):
        raise LabelError(f"{where}: 'personnel' must be a list of [low, high] pairs")
    for pair in personnel:
        ok = isinstance(pair, list) and len(pair) == 2 and all(type(n) is int for n in pair)
        if not ok or not 0 < pair[0] <= pair[1]:
            raise LabelError(f"{where}: 'personnel' entry {pair!r} is not a [low, high] pair with 0 < low <= high")
    for kind in ("dates", "partners", "equipment"):
        values = table.get(kind, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise LabelError(f"{where}: '{kind}' must be a list of non-empty strings")
    for value in table.get("dates", []):
        try:
            parsed = FuzzyDate.parse(value)
        except DateError as exc:
            raise LabelError(f"{where}: 'dates': {exc}") from None
        if str(parsed) != value:
            raise LabelError(f"{where}: 'dates' {value!r} is not in the data notation; write {str(parsed)!r}")
    for value in table.get("partners", []):
        if not is_country(value) and value not in organisations:
            known = ", ".join(sorted(organisations))
            raise LabelError(
                f"{where}: 'partners' {value!r} is neither an ISO 3166 alpha-2 country code nor an organisation "
                f"in data/organisations.toml ({known})"
            )
    unknown = set(table) - {"personnel", "dates", "partners", "equipment"}
    if unknown:
        raise LabelError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")


def check_case(case: Mapping[str, Any], number: int, missions: set[str], organisations: set[str]) -> None:
    """Raise LabelError for the first thing wrong with a case's labels."""
    where = f"case {number}"
    try:
        date.fromisoformat(str(case.get("published")))
    except ValueError:
        raise LabelError(f"{where}: 'published' {case.get('published')!r} is not an ISO date") from None
    if case.get("style", "article") not in STYLES:
        raise LabelError(f"{where}: 'style' {case.get('style')!r} is not one of {', '.join(STYLES)}")
    text = case.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LabelError(f"{where}: 'text' is missing or empty")
    per_mission = case.get("missions")
    whole = {"personnel", "dates", "partners", "equipment"} & set(case)
    if per_mission is None:
        _check_table({k: case[k] for k in whole}, where, organisations)
    elif not isinstance(per_mission, dict) or not per_mission:
        raise LabelError(f"{where}: 'missions' must hold one or more [case.missions.<slug>] tables")
    else:
        if whole:
            raise LabelError(f"{where}: labels {', '.join(sorted(whole))} both for the whole text and per mission")
        for slug, table in per_mission.items():
            if slug != NEW and slug not in missions:
                raise LabelError(f"{where}: mission '{slug}' is not in data/missions.toml (nor '{NEW}')")
            if not isinstance(table, dict):
                raise LabelError(f"{where}: missions.{slug} must be a table")
            _check_table(table, f"{where}, mission {slug}", organisations)
    unknown = set(case) - {"published", "style", "text", "missions", "personnel", "dates", "partners", "equipment"}
    if unknown:
        raise LabelError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")


def check(cases: Sequence[Mapping[str, Any]], known: FactSet) -> list[str]:
    """Every label problem in ``cases``, one message per case at most."""
    problems = []
    missions, organisations = set(known.missions), set(known.organisations)
    for number, case in enumerate(cases, start=1):
        try:
            check_case(case, number, missions, organisations)
        except LabelError as exc:
            problems.append(str(exc))
    return problems


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        cases = tomllib.load(handle).get("case")
    if not isinstance(cases, list) or not cases:
        raise LabelError(f"{path}: no [[case]] tables")
    return cases


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ingest.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="tests/ingest/evaluation.toml", type=Path)
    parser.add_argument("--check", action="store_true", help="validate the labels only; do not run the extractor")
    parser.add_argument("--data", default=Path("data"), type=Path, help="the data directory (default: data)")
    args = parser.parse_args(argv)
    try:
        cases = _read(args.file)
    except (OSError, tomllib.TOMLDecodeError, LabelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        known: FactSet | None = load_facts(args.data)
    except FactsInvalid:
        known = None
    if args.check:
        if known is None:
            print(f"error: {args.data} does not load, so mission slugs cannot be checked", file=sys.stderr)
            return 1
        problems = check(cases, known)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if problems:
            return 1
        styles = {s: sum(1 for c in cases if style_of(c) == s) for s in STYLES}
        print(f"{len(cases)} texts in {args.file}, labels valid ({', '.join(f'{n} {s}' for s, n in styles.items())})")
        return 0
    by_style = evaluate(cases, known)
    print(f"{len(cases)} texts from {args.file}")
    print(report(by_style["all"], "all texts"))
    for style in STYLES:
        if style in by_style:
            count = sum(1 for c in cases if style_of(c) == style)
            print()
            print(report(by_style[style], f"{style} ({count} texts)"))
    for kind, score in by_style["all"].items():
        for line in score.misses:
            print(f"  {kind}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
