"""The loader reproduces the seed facts, and every kind of mistake in data/ is reported with its place."""

from pathlib import Path

import pytest

from bot.dates import Certainty, Duration, FuzzyDate
from bot.facts.model import FactSet, MilestoneKind, PartnerRole, PersonnelKind
from bot.facts.parse import FactsInvalid, load_facts


def test_seed_article_facts(facts: FactSet) -> None:
    seed = "nrc-2020-11-20"
    assert str(facts.sources[seed].published) == "2020-11-20"

    erbil = [c for c in facts.contributions if c.source == seed and c.mission == "erbil"]
    assert [(c.personnel_min, c.personnel_max, c.personnel_kind) for c in erbil] == [(100, 150, PersonnelKind.PLANNED)]
    start = next(m for m in facts.milestones if m.source == seed and m.key == "deployment-start")
    assert (start.date, start.certainty) == (FuzzyDate.parse("2021-01"), Certainty.PROBABLE)
    decision = next(m for m in facts.milestones if m.source == seed and m.mission == "erbil" and m.key == "decision")
    assert str(decision.date) == "2020-11-20"
    erbil_partners = {
        (p.country or p.organisation, p.role) for p in facts.partners if p.source == seed and p.mission == "erbil"
    }
    assert erbil_partners == {
        ("US", PartnerRole.ALONGSIDE),
        ("IQ", PartnerRole.SUPPORTED),
        ("coalition", PartnerRole.REQUESTER),
    }

    (minusma,) = [c for c in facts.contributions if c.source == seed and c.mission == "minusma"]
    assert (minusma.personnel_min, minusma.personnel_max, minusma.personnel_kind) == (
        70,
        130,
        PersonnelKind.ESTIMATE,
    )
    assert [(e.name, e.count) for e in minusma.equipment] == [("C-130", 1)]
    rotation = {p.country for p in facts.partners if p.source == seed and p.role is PartnerRole.ROTATION_PARTNER}
    assert rotation == {"NO", "DK", "PT"}
    turn = next(
        m
        for m in facts.milestones
        if m.source == seed and m.mission == "minusma" and m.kind is MilestoneKind.ROTATION_START
    )
    assert (str(turn.date), turn.certainty, turn.duration) == (
        "2021-11",
        Certainty.EXPECTED,
        Duration.parse("about 6 months"),
    )

    peshmerga = {
        m.kind: str(m.date) for m in facts.milestones if m.source == seed and m.mission == "peshmerga-training"
    }
    assert peshmerga == {MilestoneKind.SUSPENSION: "spring 2020", MilestoneKind.SCALE_DOWN: "2020-09"}


def test_later_sources_are_loaded_separately(facts: FactSet) -> None:
    assert {
        "rijksoverheid-2021-10-15",
        "defensie-2023-05-03",
        "unsc-2023-06",
        "rd-2020-09",
    } <= facts.sources.keys()
    handover = next(m for m in facts.milestones if m.kind is MilestoneKind.HANDOVER)
    assert (handover.source, str(handover.date)) == ("defensie-2023-05-03", "2023-05-01")


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(FactsInvalid) as caught:
        load_facts(data_dir)
    return [str(e) for e in caught.value.errors]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def test_every_problem_is_reported_at_once_with_file_and_entry(data_dir: Path) -> None:
    seed = data_dir / "sources" / "nrc-2020-11-20.toml"
    _append(
        seed,
        """
[[contribution]]
mission = "atlantis"
paragraph = 1
key = "ghost"
personnel_min = 10
personnel_max = 5

[[milestone]]
mission = "erbil"
paragraph = 1
kind = "decision"
key = "bad-date"
date = "2021-02-30"
certainty = "certain"

[[milestone]]
mission = "erbil"
paragraph = 1
kind = "meeting"
key = "odd"
date = "fortnight 2021"
certainty = "confirmed"

[[milestone]]
mission = "erbil"
paragraph = 1
kind = "rotation-start"
key = "dateless"
duration = "6 months"
certainty = "confirmed"

[[partner]]
mission = "erbil"
paragraph = 1
country = "XX"
role = "rotation-partner"
""",
    )
    problems = _problems(data_dir)
    file = "data/sources/nrc-2020-11-20.toml"
    expected = [
        f"{file}: contribution (atlantis/ghost): unknown mission id 'atlantis'",
        f"{file}: contribution #3 (atlantis/ghost): personnel_min 10 is greater than personnel_max 5",
        f"{file}: milestone #7 (erbil/bad-date): 'date': '2021-02-30' is not a real day",
        f"{file}: milestone #7 (erbil/bad-date): unknown certainty 'certain'",
        f"{file}: milestone #8 (erbil/odd): unknown kind 'meeting'",
        f"{file}: milestone #8 (erbil/odd): 'date': 'fortnight 2021' is not a date",
        f"{file}: milestone #9 (erbil/dateless): 'date' is missing (a duration needs a start date)",
        f"{file}: partner #7 (erbil): 'country': 'XX' is not an ISO 3166 alpha-2 country code",
    ]
    for fragment in expected:
        assert any(p.startswith(fragment) for p in problems), f"missing: {fragment}\n" + "\n".join(problems)


def test_unknown_source_and_duplicate_alias(data_dir: Path) -> None:
    missions = data_dir / "missions.toml"
    text = missions.read_text(encoding="utf-8")
    text = text.replace('source = "rd-2020-09"', 'source = "nope-1999"')
    text = text.replace('aliases = ["Peshmerga"', 'aliases = ["Irbil", "Peshmerga"')
    missions.write_text(text, encoding="utf-8")
    problems = _problems(data_dir)
    assert "data/missions.toml: mission erbil: unknown source id 'nope-1999'" in problems
    assert "data/missions.toml: mission peshmerga-training: name or alias 'irbil' is also used by 'erbil'" in problems


def test_duplicate_slug_and_malformed_toml(data_dir: Path) -> None:
    _append(data_dir / "missions.toml", '[[mission]]\nslug = "erbil"\n')
    (data_dir / "sources" / "broken.toml").write_text("[source\nid = 1", encoding="utf-8")
    problems = _problems(data_dir)
    assert any(p.startswith("data/missions.toml: mission #4 (erbil): duplicate slug 'erbil'") for p in problems)
    assert any(p.startswith("data/sources/broken.toml: file: is not valid TOML") for p in problems)
    assert any("'source' is missing" in p or "'name' is missing" in p for p in problems)


def test_unknown_fields_are_not_silently_ignored(data_dir: Path) -> None:
    _append(
        data_dir / "sources" / "rd-2020-09.toml",
        "[[partner]]\nmission = 'erbil'\nparagraph = 1\ncountry = 'US'\norganisation = 'un'\n"
        "role = 'alongside'\ncolour = 'red'\n",
    )
    problems = _problems(data_dir)
    assert "data/sources/rd-2020-09.toml: partner #1 (erbil): unknown field 'colour'" in problems
    either = "give either 'country' or 'organisation', not both or neither"
    assert f"data/sources/rd-2020-09.toml: partner #1 (erbil): {either}" in problems


def test_missing_data_directory(tmp_path: Path) -> None:
    with pytest.raises(FactsInvalid, match="problem"):
        load_facts(tmp_path / "absent")
