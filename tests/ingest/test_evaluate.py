"""The evaluation's scoring on tiny hand-made drafts, and `--check` on labels that cannot be right."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.dates import Certainty, FuzzyDate
from bot.facts.parse import load_facts
from bot.ingest.evaluate import TYPES, Score, check, main, score_case
from bot.ingest.model import Draft, DraftContribution, DraftMilestone, DraftMission, DraftPartner
from tests.paths import LIVE_DATA_DIR


def _draft() -> Draft:
    """Lithuania with 250 personnel and German partners; a new mission with a date; a frigate for Aspides."""
    draft = Draft(FuzzyDate.parse("2024-03-14"), "case-1")
    draft.missions = [
        DraftMission("efp-lithuania", "eFP", "LT", True, (0, 5), 0.9),
        DraftMission("aspides", "Aspides", "YE", True, (10, 15), 0.9),
        DraftMission("somalia-2024", "Somalië", "SO", False, (20, 25), 0.6),
    ]
    draft.contributions = [
        DraftContribution("efp-lithuania", 1, 250, 250, "total", False, (0, 5), 0.9),
        DraftContribution("aspides", 2, None, None, "total", False, (10, 15), 0.9, [("frigate", 1)]),
    ]
    draft.partners = [
        DraftPartner("efp-lithuania", 1, "lead", (0, 5), 0.8, country="DE"),
        DraftPartner("aspides", 2, "partner", (10, 15), 0.8, organisation="eu"),
    ]
    draft.milestones = [
        DraftMilestone("somalia-2024", 3, "deploy", FuzzyDate.parse("2024-06"), Certainty.EXPECTED, (20, 25), 0.7),
        DraftMilestone(
            "efp-lithuania",
            1,
            "rotation",
            FuzzyDate.parse("2024-05-01"),
            Certainty.EXPECTED,
            (0, 5),
            0.7,
            until=FuzzyDate.parse("late 2024-10"),
        ),
    ]
    return draft


def _scores(case: dict[str, object]) -> dict[str, Score]:
    scores = {kind: Score() for kind in TYPES}
    score_case(case, _draft(), 1, scores)
    return scores


def _counts(score: Score) -> tuple[int, int, int]:
    return score.true_positive, score.false_positive, score.false_negative


def test_whole_text_labels_ignore_the_mission() -> None:
    scores = _scores(
        {
            "personnel": [[250, 250], [100, 150]],
            "dates": ["2024-05-01", "late 2024-10", "2024-06"],
            "partners": ["DE"],
            "equipment": ["frigate"],
        }
    )
    assert _counts(scores["personnel"]) == (1, 0, 1)
    assert _counts(scores["dates"]) == (3, 0, 0)  # the "until" end counts as a date of its own
    assert _counts(scores["partners"]) == (1, 1, 0)  # "eu" was drafted but not labelled
    assert _counts(scores["equipment"]) == (1, 0, 0)


def test_a_fact_under_the_wrong_mission_is_a_false_positive_and_a_false_negative() -> None:
    scores = _scores(
        {
            "missions": {
                "efp-lithuania": {"personnel": [[250, 250]], "partners": ["DE"], "equipment": ["frigate"]},
                "aspides": {"partners": ["eu"]},
            }
        }
    )
    assert _counts(scores["personnel"]) == (1, 0, 0)
    assert _counts(scores["partners"]) == (2, 0, 0)
    # The frigate was drafted for Aspides but belongs to Lithuania: one wrong, one missed.
    assert _counts(scores["equipment"]) == (0, 1, 1)
    assert "case 1: extra frigate (aspides)" in scores["equipment"].misses
    assert "case 1: missed frigate (efp-lithuania)" in scores["equipment"].misses


def test_new_matches_any_mission_the_draft_does_not_know() -> None:
    scores = _scores({"missions": {"new": {"dates": ["2024-06"]}, "efp-lithuania": {"dates": ["2024-05-01"]}}})
    # 2024-06 under the unknown "somalia-2024" matches "new"; the until-date of Lithuania was not labelled.
    assert _counts(scores["dates"]) == (2, 1, 0)
    known = {kind: Score() for kind in TYPES}
    score_case({"missions": {"new": {"dates": ["2024-06"]}}}, _draft(), 1, known, known=["somalia-2024"])
    assert known["dates"].true_positive == 0  # a slug data/ knows is not "new"


def test_precision_recall_and_f1() -> None:
    score = Score(true_positive=6, false_positive=2, false_negative=4)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.6)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().f1 == 1.0  # nothing wanted, nothing found: perfect
    assert Score(false_positive=3).f1 == 0.0


GOOD = {"published": "2024-03-14", "style": "weekly", "text": "Een tekst.", "missions": {"aspides": {}}}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"missions": {"no-such-mission": {}}}, "case 1: mission 'no-such-mission' is not in data/missions.toml"),
        ({"missions": {"aspides": {"dates": ["2024-13"]}}}, "case 1, mission aspides: 'dates': '2024-13'"),
        ({"missions": {"aspides": {"dates": ["end 2024-03"]}}}, "'end' is not a qualifier"),
        ({"missions": {"aspides": {"dates": ["2024-3"]}}}, "'dates': '2024-3'"),
        ({"missions": {"aspides": {"partners": ["XX"]}}}, "'partners' 'XX' is neither an ISO 3166"),
        ({"missions": {"aspides": {"partners": ["nl"]}}}, "'partners' 'nl' is neither"),
        ({"missions": {"aspides": {"partners": ["navo"]}}}, "'partners' 'navo' is neither"),
        ({"missions": {"aspides": {"personnel": [[300, 200]]}}}, "'personnel' entry [300, 200]"),
        ({"missions": {"aspides": {"personel": []}}}, "unknown field(s) personel"),
        ({"style": "memo"}, "case 1: 'style' 'memo' is not one of article, weekly, letter"),
        ({"published": "14-03-2024"}, "case 1: 'published' '14-03-2024' is not an ISO date"),
        ({"text": "  "}, "case 1: 'text' is missing or empty"),
        ({"dates": ["2024-03"]}, "both for the whole text and per mission"),
    ],
)
def test_check_names_the_case_and_the_field(change: dict[str, object], message: str) -> None:
    facts = load_facts(LIVE_DATA_DIR)
    problems = check([GOOD, {**GOOD, **change}], facts)
    assert len(problems) == 1 and problems[0].startswith("case 2"), problems
    assert message.replace("case 1", "case 2") in problems[0]


def test_check_accepts_good_labels() -> None:
    facts = load_facts(LIVE_DATA_DIR)
    good = {
        "published": "2024-03-14",
        "text": "Tekst.",
        "personnel": [[100, 150]],
        "dates": ["late 2024-03", "second-half 2021-08", "spring 2025", "2024-03-12", "2024"],
        "partners": ["DE", "nato", "un"],
        "equipment": ["F-16"],
    }
    multi = {**GOOD, "missions": {"new": {"partners": ["eu"]}, "efp-lithuania": {"personnel": [[250, 250]]}}}
    assert check([good, multi], facts) == []


def test_check_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[case]]\npublished = "2024-01-02"\nstyle = "letter"\ntext = "Hierbij."\n'
        '[case.missions.aspides]\ndates = ["2024-02-30"]\n',
        encoding="utf-8",
    )
    assert main(["--check", "--data", str(LIVE_DATA_DIR), str(bad)]) == 1
    assert "case 1, mission aspides: 'dates': '2024-02-30' is not a real day" in capsys.readouterr().err
    good = tmp_path / "good.toml"
    good.write_text('[[case]]\npublished = "2024-01-02"\nstyle = "letter"\ntext = "Hierbij."\n', encoding="utf-8")
    assert main(["--check", "--data", str(LIVE_DATA_DIR), str(good)]) == 0
    assert "1 texts" in capsys.readouterr().out


def test_the_existing_sets_still_check() -> None:
    facts = load_facts(LIVE_DATA_DIR)
    here = Path(__file__).parent
    sets = sorted(here.glob("*.toml"))  # the tuning set and any held-out set: labels only, never scored here
    assert here / "evaluation.toml" in sets
    for path in sets:
        with path.open("rb") as handle:
            assert check(tomllib.load(handle)["case"], facts) == [], path.name
