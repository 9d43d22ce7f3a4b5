"""The loader reproduces the seed facts, and every kind of mistake in data/ is reported with its place."""

from pathlib import Path

import pytest

from bot.dates import Certainty, Duration, FuzzyDate
from bot.facts import bounds
from bot.facts.model import FactSet, MilestoneKind, PartnerRole, PersonnelKind, Scope
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


def test_scope_and_contribution_of_milestones(data_dir: Path) -> None:
    _append(
        data_dir / "sources" / "unsc-2023-06.toml",
        """
[[milestone]]
mission = "minusma"
paragraph = 1
kind = "mandate-end"
scope = "operation"
date = "2023-06-30"
certainty = "confirmed"
""",
    )
    _append(
        data_dir / "sources" / "rijksoverheid-2021-10-15.toml",
        """
[[contribution]]
mission = "minusma"
paragraph = 1
key = "c130"
personnel_min = 90
personnel_max = 90

[[milestone]]
mission = "minusma"
paragraph = 1
kind = "rotation-start"
contribution = "c130"
date = "2021-11-20"
certainty = "confirmed"
""",
    )
    facts = load_facts(data_dir)
    by_key = {m.key: m for m in facts.milestones if m.mission == "minusma"}
    assert (by_key["mission-end"].scope, by_key["mission-end"].kind) == (Scope.OPERATION, MilestoneKind.END)
    assert by_key["operation-mandate-end"].scope is Scope.OPERATION  # a default key says whose date it is
    assert by_key["c130-rotation-start"].contribution == "c130"
    assert by_key["rotation-start"].contribution == "main"  # the main contribution keeps the plain kind


def test_scope_and_contribution_mistakes(data_dir: Path) -> None:
    _append(
        data_dir / "sources" / "unsc-2023-06.toml",
        """
[[milestone]]
mission = "minusma"
paragraph = 1
kind = "extension"
scope = "mission"
date = "2023-06-30"
certainty = "confirmed"

[[milestone]]
mission = "minusma"
paragraph = 1
kind = "mandate-end"
scope = "operation"
contribution = "main"
date = "2023-06-30"
certainty = "confirmed"

[[milestone]]
mission = "minusma"
paragraph = 1
kind = "arrival"
contribution = "frigate"
date = "2023-06-30"
certainty = "confirmed"

[[milestone]]
mission = "minusma"
paragraph = 1
kind = "end"
key = "rotation-start"
scope = "operation"
date = "2023-06-30"
certainty = "confirmed"
""",
    )
    problems = _problems(data_dir)
    file = "data/sources/unsc-2023-06.toml"
    expected = [
        f"{file}: milestone #2 (minusma): unknown scope 'mission' (known: operation, contribution)",
        f"{file}: milestone #3 (minusma): an operation milestone belongs to no Dutch contribution",
        f"{file}: milestone (minusma/frigate-arrival): contribution 'frigate' is not the key of any [[contribution]]",
        f"{file}: milestone (minusma/rotation-start): key 'rotation-start' belongs to contribution 'main' in "
        "data/sources/nrc-2020-11-20.toml but to the operation here; give each its own key",
    ]
    for fragment in expected:
        assert any(p.startswith(fragment) for p in problems), f"missing: {fragment}\n" + "\n".join(problems)


LIMITS = [
    ("source", "publisher", bounds.PUBLISHER),
    ("source", "title", bounds.TITLE),
    ("source", "url", bounds.URL),
    ("mission", "name.en", bounds.NAME),
    ("mission", "place.nl", bounds.PLACE),
    ("mission", "summary.en", bounds.SUMMARY),
    ("mission", "alias", bounds.ALIAS),
    ("organisation", "name.nl", bounds.NAME),
    ("contribution", "task.en", bounds.TASK),
    ("contribution", "equipment #1 name", bounds.EQUIPMENT_NAME),
    ("partner", "note.nl", bounds.NOTE),
    ("milestone", "note.en", bounds.NOTE),
]


@pytest.mark.parametrize(("entry", "name", "limit"), LIMITS)
def test_every_free_text_field_is_bounded_with_a_clear_error(data_dir: Path, entry: str, name: str, limit: int) -> None:
    fits, over = "x" * limit, "x" * (limit + 1)
    url = "https://example.org/"
    url_fits, url_over = url + "x" * (limit - len(url)), url + "x" * (limit + 1 - len(url))

    def write(text: str, address: str) -> None:
        field, _, lang = name.partition(".")
        value = {
            "publisher": text, "title": text, "url": address, "name": text, "place": text, "summary": text,
            "alias": text, "task": text, "equipment #1 name": text, "note": text,
        }[field]  # fmt: skip
        loc = f'{{ nl = "{value if lang == "nl" else "kort"}", en = "{value if lang == "en" else "short"}" }}'
        (data_dir / "sources" / "zz-bounds.toml").write_text(
            '[source]\nid = "zz-bounds"\nlanguage = "en"\npublished = "2020-01"\n'
            + f'publisher = "{value if field == "publisher" else "P"}"\n'
            + f'title = "{value if field == "title" else "T"}"\n'
            + f'url = "{value if field == "url" else url}"\n'
            + (
                f'[[contribution]]\nmission = "erbil"\nparagraph = 1\nkey = "zz"\ntask = {loc}\n'
                f'equipment = [{{ name = "{value if field == "equipment #1 name" else "kit"}", count = 1 }}]\n'
                if entry == "contribution"
                else ""
            )
            + (f'[[partner]]\nmission = "erbil"\nparagraph = 1\ncountry = "DE"\nrole = "alongside"\nnote = {loc}\n'
               if entry == "partner" else "")
            + (f'[[milestone]]\nmission = "erbil"\nparagraph = 1\nkind = "debate"\ndate = "2020-01"\n'
               f'certainty = "confirmed"\nnote = {loc}\n' if entry == "milestone" else ""),
            encoding="utf-8",
        )  # fmt: skip
        if entry == "mission":
            _append(
                data_dir / "missions.toml",
                f'[[mission]]\nslug = "zz"\nsource = "zz-bounds"\nname = {loc if field == "name" else LOC}\n'
                f'organisation = "un"\ncountry = "ML"\nplace = {loc if field == "place" else LOC}\n'
                f"summary = {loc if field == 'summary' else LOC}\n"
                f'aliases = ["{value if field == "alias" else "zz"}"]\n',
            )
        if entry == "organisation":
            _append(data_dir / "organisations.toml", f'[[organisation]]\nid = "zz"\nshort = "ZZ"\nname = {loc}\n')

    backup = {p: p.read_text(encoding="utf-8") for p in (data_dir / "missions.toml", data_dir / "organisations.toml")}
    write(fits, url_fits)
    load_facts(data_dir)  # at the limit: accepted
    for path, text in backup.items():
        path.write_text(text, encoding="utf-8")
    write(over, url_over)
    problems = _problems(data_dir)
    label = name if name != "alias" else "alias 'xxxxxxxxxxxxxxxxxxxx…'"
    message = f"'{label}' is {limit + 1} characters long; at most {limit} fit where the bot shows it"
    assert [p for p in problems if message in p] != [], "\n".join(problems)
    assert all(p.startswith(("data/sources/zz-bounds.toml:", "data/missions.toml:", "data/organisations.toml:"))
               for p in problems), problems  # fmt: skip


LOC = '{ nl = "kort", en = "short" }'
