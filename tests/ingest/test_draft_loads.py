"""Every draft the ingester writes loads with the real loader: written as a source file beside a copy of data/,
it passes what `deploybot load --check` checks (unique keys, known missions, valid fields)."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from bot.facts.model import FactSet
from bot.facts.parse import FactsInvalid, load_facts
from bot.ingest.draft import to_toml
from bot.ingest.extract import Extractor
from tests.paths import LIVE_DATA_DIR, ROOT

HERE = Path(__file__).resolve().parent


def _texts() -> list[tuple[str, str]]:
    """The tuning set's texts and the held-out set's: loading is a promise about every draft, not a score (the
    held-out texts are drafted here, never compared with their labels)."""
    cases = []
    for name in ("evaluation.toml", "holdout2.toml"):
        with (HERE / name).open("rb") as handle:
            cases += tomllib.load(handle)["case"]
    return [(str(case["published"]), str(case["text"])) for case in cases]


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("loads") / "data"
    shutil.copytree(LIVE_DATA_DIR, target)
    return target


@pytest.fixture(scope="module")
def known(data_copy: Path) -> FactSet:
    return load_facts(data_copy)


def _loads(data: Path, known: FactSet, text: str, published: str, source_id: str) -> FactSet:
    draft = Extractor(known).extract(text, date.fromisoformat(published), source_id)
    path = data / "sources" / f"{source_id}.toml"
    path.write_text(to_toml(draft, text, "article.txt"), encoding="utf-8")
    try:
        return load_facts(data)
    except FactsInvalid as exc:
        raise AssertionError(f"{source_id}: {exc}\n{path.read_text(encoding='utf-8')}") from exc
    finally:
        path.unlink()


def test_every_evaluation_draft_loads(data_copy: Path, known: FactSet) -> None:
    """All drafts at once, each as its own source file: one load, and a problem names the file it is in."""
    written = []
    for number, (published, text) in enumerate(_texts(), start=1):
        draft = Extractor(known).extract(text, date.fromisoformat(published), f"draft-{number}")
        path = data_copy / "sources" / f"draft-{number}.toml"
        path.write_text(to_toml(draft, text, "article.txt"), encoding="utf-8")
        written.append(path)
    try:
        loaded = load_facts(data_copy)
    except FactsInvalid as exc:
        raise AssertionError(str(exc)) from exc
    finally:
        for path in written:
            path.unlink()
    assert {f"draft-{n}" for n in range(1, len(written) + 1)} <= set(loaded.sources)
    drafted = [c for c in loaded.contributions if c.source.startswith("draft-")]
    assert len({(c.source, c.mission, c.key) for c in drafted}) == len(drafted) > 50


def test_the_seed_draft_loads(data_copy: Path, known: FactSet) -> None:
    seed = ROOT.parent / "shared" / "seeds" / "000_921012f89d864f70.txt"
    if not seed.is_file():
        pytest.skip("the seed article lives in shared/, beside the project")
    _loads(data_copy, known, seed.read_text(encoding="utf-8"), "2020-11-20", "draft-seed")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "The Netherlands will send 200 soldiers to Lithuania in March, together with German troops.",
        "Het weer was vandaag zonnig.",
    ],
)
def test_no_mission_is_made_up_from_nothing(data_copy: Path, known: FactSet, text: str) -> None:
    draft = Extractor(known).extract(text, date(2024, 3, 1), "nothing")
    assert not [m for m in draft.missions if not m.existing]
    assert not draft.contributions and not draft.milestones and not draft.partners
    _loads(data_copy, known, text, "2024-03-01", "draft-nothing")
