"""`deploybot ingest` as a person runs it: a draft in the data/ format, or JSON; never into data/."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from bot.cli import main
from bot.facts.parse import load_facts
from tests.ingest.test_extract import SEED
from tests.paths import SEED_DATA_DIR

ARTICLE = """Het kabinet heeft vrijdag besloten twee F-35's naar Polen te sturen. Naar schatting zestig tot tachtig
militairen gaan eind januari mee, samen met Amerikaanse eenheden."""


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEPLOYBOT_DATA_DIR", str(SEED_DATA_DIR))
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_the_toml_draft_is_in_the_data_format(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.toml"
    assert main(["ingest", str(article), "--published", "2020-12-11", "--source-id", "test-2020-12-11",
                 "--out", str(out)]) == 0  # fmt: skip
    drafted = out.read_text(encoding="utf-8")
    assert "# chars " in drafted and "confidence" in drafted
    # Polen is no mission the seed data knows: its entries are written commented out, so that the draft loads as
    # it is; once the mission is in missions.toml, uncommenting them is all it takes.
    assert "[[contribution]]" not in tomllib.loads(drafted)
    text = _uncomment_new_missions(drafted)
    draft = tomllib.loads(text)
    assert draft["source"]["published"] == "2020-12-11"
    (contribution,) = draft["contribution"]
    assert (contribution["personnel_min"], contribution["personnel_max"]) == (60, 80)
    assert contribution["personnel_kind"] == "estimate"
    assert contribution["equipment"] == [{"name": "F-35", "count": 2}]
    assert {(m["kind"], m["date"]) for m in draft["milestone"]} == {("decision", "2020-12-11"),
                                                                     ("deployment-start", "late 2021-01")}  # fmt: skip
    assert {p["country"] for p in draft["partner"]} == {"US"}

    # Reviewed as it is, it loads: the draft is in the format data/ takes.
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA_DIR, data)
    mission = draft["contribution"][0]["mission"]
    with (data / "missions.toml").open("a", encoding="utf-8") as missions:
        missions.write(
            f'\n[[mission]]\nslug = "{mission}"\nsource = "test-2020-12-11"\nname = {{ nl = "P", en = "P" }}\n'
            'organisation = "nato"\ncountry = "PL"\nplace = { nl = "Polen", en = "Poland" }\n'
            'summary = { nl = "x", en = "x" }\n'
        )
    (data / "sources" / "test.toml").write_text(text, encoding="utf-8")
    assert "test-2020-12-11" in load_facts(data).sources


def _uncomment_new_missions(text: str) -> str:
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("# For the new mission"):
            inside = True
            continue
        if inside and line.startswith("# "):
            lines.append(line[2:])
            continue
        inside = False
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_json_carries_spans_and_the_words(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(article), "--published", "2020-12-11", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (contribution,) = result["contributions"]
    start, end = contribution["span"]
    assert ARTICLE[start:end] == contribution["text"] == "zestig tot tachtig\nmilitairen"
    assert result["source"]["id"] == "ingest-2020-12-11"


def test_it_never_writes_into_data(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = SEED_DATA_DIR / "sources" / "draft.toml"
    assert main(["ingest", str(article), "--published", "2020-12-11", "--out", str(target)]) == 2
    assert "drafts are reviewed before they go there" in capsys.readouterr().err
    assert not target.exists()


def test_bad_input_is_one_clear_line(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(article), "--published", "yesterday"]) == 2
    assert "--published: 'yesterday' is not a date" in capsys.readouterr().err
    assert main(["ingest", "missing.txt", "--published", "2020-12-11"]) == 2
    assert "missing.txt: cannot be read" in capsys.readouterr().err


def test_the_seed_through_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not SEED.is_file():
        pytest.skip("the seed article lives in shared/, beside the project")
    monkeypatch.setenv("DEPLOYBOT_DATA_DIR", str(SEED_DATA_DIR))
    out = tmp_path / "seed.toml"
    assert main(["ingest", str(SEED), "--published", "2020-11-20", "--out", str(out)]) == 0
    draft = tomllib.loads(out.read_text(encoding="utf-8"))
    assert {c["mission"] for c in draft["contribution"]} == {"erbil", "minusma"}
