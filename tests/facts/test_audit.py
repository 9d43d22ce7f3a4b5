"""`deploybot audit`: structural problems exit 1, staleness is a warning naming the newest source."""

from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.facts.audit import Level, audit
from bot.facts.model import FactSet
from bot.facts.parse import load_facts


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def _run(
    data_dir: Path, as_of: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setenv("DEPLOYBOT_DATA_DIR", str(data_dir))
    code = main(["audit", "--as-of", as_of])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_seed_facts_have_no_problems_and_stale_missions_are_warnings(facts: FactSet) -> None:
    findings = audit(facts, date(2023, 2, 1))
    assert [f for f in findings if f.level is Level.PROBLEM] == []
    stale = [f for f in findings if f.subject == "mission erbil"]
    assert any(
        "active, but its newest source (nrc-2021-02-15, published 2021-02-15) is more than 18 months old" in f.message
        and "'last reported: February 2021'" in f.message
        for f in stale
    ), stale
    assert all(f.subject != "mission minusma" or "newest source" not in f.message for f in findings)  # ended


def test_each_structural_problem_is_found(data_dir: Path) -> None:
    # a source without a url, and without saying why
    rd = data_dir / "sources" / "rd-2020-09.toml"
    rd.write_text("\n".join(line for line in rd.read_text().splitlines() if not line.startswith("url")))
    # two sources known on the same day that disagree about one fact
    (data_dir / "sources" / "other-2020-11-20.toml").write_text(
        '[source]\nid = "other-2020-11-20"\npublisher = "Other"\ntitle = "T"\npublished = "2020-11-20"\n'
        'language = "nl"\nurl = "https://example.org/other"\n\n'
        '[[contribution]]\nmission = "erbil"\nparagraph = 2\npersonnel_min = 200\npersonnel_max = 200\n\n'
        '[[contribution]]\nmission = "erbil"\nparagraph = 2\nkey = "empty"\n\n'
        '[[milestone]]\nmission = "peshmerga-training"\nparagraph = 3\nkind = "deployment-start"\n'
        'date = "2020-10"\ncertainty = "confirmed"\n\n'
        '[[milestone]]\nmission = "peshmerga-training"\nparagraph = 3\nkind = "withdrawal"\n'
        'date = "2020-06"\ncertainty = "confirmed"\n',
        encoding="utf-8",
    )
    findings = audit(load_facts(data_dir), date(2021, 1, 1))
    problems = {(f.subject, f.message) for f in findings if f.level is Level.PROBLEM}
    assert ("source rd-2020-09", "has no url and no 'no_url' reason; 1 fact(s) cite it") in problems
    assert (
        "mission erbil",
        "contribution 'main': nrc-2020-11-20, other-2020-11-20 are all known from 2020-11-20 but disagree "
        "(which one is current?)",
    ) in problems
    assert (
        "mission erbil",
        "contribution 'empty' in other-2020-11-20 gives neither personnel nor equipment",
    ) in problems
    assert any(
        subject == "mission peshmerga-training"
        and "contribution main: 'withdrawal' (2020-06, other-2020-11-20) "
        "ends it before 'deployment-start' (2020-10, other-2020-11-20) starts it"
        in message
        for subject, message in problems
    ), problems
    # the same day and the same values is agreement, not a contradiction
    assert not any("decision" in message for _, message in problems)


def test_the_command_exits_1_on_problems_and_0_on_warnings_only(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(data_dir, "2023-02-01", monkeypatch, capsys)
    assert code == 0
    assert out.startswith(f"Audit of {data_dir} as of 2023-02-01: 0 problem(s), ")
    assert "mission erbil:\n  warning: active, but its newest source (nrc-2021-02-15" in out
    assert "source telegraaf-2020-11:\n  warning: has no url (a De Telegraaf article" in out

    _append(
        data_dir / "sources" / "nrc-2021-10-28.toml",
        '[[contribution]]\nmission = "minusma"\nparagraph = 1\nkey = "x"\n',
    )
    code, out = _run(data_dir, "2023-02-01", monkeypatch, capsys)
    assert code == 1
    assert (
        "mission minusma:\n  problem: contribution 'x' in nrc-2021-10-28 gives neither personnel nor equipment" in out
    )


def test_passed_milestones_still_expected_are_warnings_naming_the_source(facts: FactSet) -> None:
    findings = audit(facts, date(2021, 3, 1))
    assert any(
        f.level is Level.WARNING
        and f.subject == "mission erbil"
        and f.message.startswith("milestone 'deployment-start' (2021-01) has passed but is still marked probable "
                                 "(nrc-2020-11-20)")
        for f in findings
    ), findings  # fmt: skip
    # on the day before it passed, it is a plan like any other
    assert not any("deployment-start" in f.message for f in audit(facts, date(2021, 1, 31)))


def test_invalid_files_and_a_bad_day_are_one_clear_answer(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(data_dir, "tomorrow", monkeypatch, capsys)
    assert code == 2 and "--as-of: 'tomorrow' is not a day" in out
    _append(data_dir / "missions.toml", '[[mission]]\nslug = "erbil"\n')
    code, out = _run(data_dir, "2023-02-01", monkeypatch, capsys)
    assert code == 1 and "The data files have" in out and "duplicate slug 'erbil'" in out
