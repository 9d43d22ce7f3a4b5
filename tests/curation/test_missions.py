"""A new mission from Discord without Discord: the form's checks, the [[mission]] table as a person writes it,
and a publish that crashes between its writes (data/ loads after every one; publishing again finishes it)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from bot.curation import missions, publish
from bot.curation.service import ACCEPTED, Curation, SourceMeta
from bot.facts.parse import load_facts

POLAND = (
    b"Het kabinet heeft vrijdag besloten twee F-35's naar Polen te sturen. Naar schatting zestig tot tachtig "
    b"militairen gaan eind januari mee, samen met Amerikaanse eenheden."
)

FIELDS = {"slug": "polen", "name": {"nl": "Polen", "en": "Polen"}, "country": "PL", "organisation": "nato"}
GOOD = {"slug": "f35-poland", "name_nl": "F-35's in Polen", "name_en": "F-35s in Poland", "country": "pl"}


def test_the_form_is_checked_and_every_problem_named() -> None:
    taken = {"erbil": "erbil", "irak": "erbil", "erbil airport": "erbil"}
    ok = missions.check(FIELDS, {**GOOD, "aliases": " F-35 Polen ,, Łask "}, taken)
    assert ok.problems == []
    assert ok.fields["slug"] == "f35-poland" and ok.fields["country"] == "PL"
    assert ok.fields["aliases"] == ["F-35 Polen", "Łask"] and ok.fields["organisation"] == "nato"
    bad = missions.check(
        FIELDS,
        {"slug": "-Bad", "name_nl": "", "name_en": "x" * 101, "country": "XX", "aliases": "Irák, ok\x00"},
        taken,
    )
    assert [key for key, _ in bad.problems] == [
        "curation.mission.bad_slug",
        "curation.mission.name_empty",
        "curation.mission.name_long",
        "curation.mission.alias_control",
        "curation.mission.name_taken",  # "Irák" is Erbil's alias "Irak"
        "curation.mission.country",
    ]
    assert [k for k, _ in missions.check(FIELDS, {**GOOD, "slug": "erbil"}, taken).problems] == [
        "curation.mission.slug_taken"
    ]
    assert [k for k, _ in missions.check(FIELDS, {**GOOD, "slug": "irak"}, taken).problems] == [
        "curation.mission.name_taken"
    ]  # a slug that is another mission's name: the loader would refuse it
    lone = missions.check(FIELDS, {**GOOD, "name_en": "bad \ud800"}, taken)
    assert [k for k, _ in lone.problems] == ["curation.mission.name_control"]


@pytest.mark.parametrize(
    "name",
    ['quote " and \\ backslash', "tab\tand\nnewline", "unicode Łódź — “curly” ✈", "del \x7f", "'single' \\u0041"],
)
def test_the_mission_table_escapes_what_toml_must(name: str) -> None:
    checked = missions.check(FIELDS, {**GOOD, "name_nl": name, "aliases": name}, {})
    if checked.problems:  # a control character is refused, never written
        assert "\x7f" in name and {k for k, _ in checked.problems} == {
            "curation.mission.name_control",
            "curation.mission.alias_control",
        }
        return
    text = missions.mission_toml(checked.fields, {"id": "s", "publisher": 'P "q"', "published": "2021-09-20"})
    (table,) = tomllib.loads(text)["mission"]
    assert table["name"]["nl"] == missions.fold(name) and table["aliases"] == [missions.fold(name)]
    assert text.splitlines()[0] == "[[mission]]" and "\n\n" not in text


async def _ready(curation: Curation) -> tuple[str, int]:
    """A draft about Poland with its facts accepted and its mission created: (draft id, version)."""
    draft = await curation.ingest(POLAND, "polen.txt", SourceMeta(date(2021, 10, 20), "Test"), by=1)
    version = draft.version
    for item in draft.items:
        if item.proposed["table"] != missions.MISSION:
            version = (await curation.decide(draft.id, version, item.item, ACCEPTED, by=1)).version
    mission = next(i.item for i in draft.items if i.proposed["table"] == missions.MISSION)
    created, checked = await curation.create_mission(draft.id, version, mission, GOOD, by=1)
    assert created is not None, checked.problems
    return draft.id, created.version


@pytest.mark.parametrize("crash_at", [1, 2, 3])
async def test_a_crash_between_the_writes_leaves_data_that_loads_and_publishing_again_finishes(
    curation: Curation, monkeypatch: pytest.MonkeyPatch, crash_at: int
) -> None:
    """Attack: the process dies at the first, second or third write (the stub, missions.toml, the source)."""
    draft_id, version = await _ready(curation)
    data = curation.data_dir
    missions_before = (data / "missions.toml").read_text(encoding="utf-8")
    real, calls = publish._atomic, []

    def dying(path: Path, text: str) -> None:
        calls.append(path.name)
        if len(calls) == crash_at:
            raise OSError("the disk went away")
        real(path, text)

    monkeypatch.setattr(publish, "_atomic", dying)
    with pytest.raises(OSError):
        await curation.publish(draft_id, version, by=1)
    assert calls == ["test-2021-10-20.toml", "missions.toml", "test-2021-10-20.toml"][:crash_at]
    facts = load_facts(data)  # whatever was written, data/ loads
    assert ("f35-poland" in facts.missions) == (crash_at == 3)
    assert not [c for c in facts.contributions if c.source == "test-2021-10-20"]
    assert await curation.drafts.publishes() == []  # nothing recorded: the draft is still open
    assert (await curation.get(draft_id)).state == "open"

    monkeypatch.setattr(publish, "_atomic", real)
    await curation.facts.refresh(force=True)
    published, path = await curation.publish(draft_id, version, by=1)
    assert published.state == "published" and path.name == "test-2021-10-20.toml"
    facts = load_facts(data)
    assert {c.mission for c in facts.contributions if c.source == "test-2021-10-20"} == {"f35-poland"}
    slugs = [m["slug"] for m in tomllib.loads((data / "missions.toml").read_text(encoding="utf-8"))["mission"]]
    assert slugs.count("f35-poland") == 1
    assert (data / "missions.toml").read_text(encoding="utf-8").startswith(missions_before.rstrip("\n"))
    (record,) = await curation.drafts.publishes()
    assert record.missions == ("f35-poland",)
    assert not list((data / "sources").glob(".*.tmp")) and not list(data.glob(".*.tmp"))


async def test_missions_toml_changed_between_check_and_write_is_refused(
    curation: Curation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: another hand appends to missions.toml after the plan was checked: nothing is written over it."""
    draft_id, version = await _ready(curation)
    data = curation.data_dir
    real_write = publish.write

    def meanwhile(plan: publish.Plan) -> None:
        with (data / "missions.toml").open("a", encoding="utf-8") as handle:
            handle.write("\n# a person's comment\n")
        real_write(plan)

    monkeypatch.setattr(publish, "write", meanwhile)
    with pytest.raises(publish.PublishRefused) as refused:
        await curation.publish(draft_id, version, by=1)
    assert refused.value.key == "curation.publish.changed_meanwhile"
    assert (data / "missions.toml").read_text(encoding="utf-8").endswith("# a person's comment\n")
    assert not (data / "sources" / "test-2021-10-20.toml").exists()
    load_facts(data)
