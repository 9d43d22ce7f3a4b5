"""The curation core without Discord: concurrent curators, publishing, edits and the diff."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from bot.curation import edits, publish
from bot.curation.service import ACCEPTED, Curation, SourceMeta, StaleDraft
from bot.facts.parse import FactsInvalid, load_facts

ARTICLE = (
    b"Het kabinet stuurt naar verwachting ongeveer 250 militairen naar Erbil. Zij vertrekken in januari en "
    b"blijven daar een halfjaar, samen met Amerikaanse militairen."
)


def _meta(**changes: object) -> SourceMeta:
    values: dict[str, object] = {"published": date(2021, 10, 20), "publisher": "Test"}
    values.update(changes)
    return SourceMeta(**values)  # type: ignore[arg-type]


async def test_the_draft_is_a_diff_against_todays_facts(curation: Curation) -> None:
    draft = await curation.ingest(ARTICLE, "erbil.txt", _meta(), by=1)
    assert draft.source["id"] == "test-2021-10-20" and draft.version == 1
    (contribution,) = [i.proposed for i in draft.items if i.proposed["table"] == "contribution"]
    assert contribution["change"] == "changed" and contribution["before"]["personnel_min"] == 120
    assert contribution["fields"]["personnel_min"] == 250 and contribution["excerpt"]
    assert all(i.proposed["change"] != "unchanged" for i in draft.items)


async def test_two_curators_at_once_one_wins_and_the_other_sees_the_current_state(curation: Curation) -> None:
    draft = await curation.ingest(ARTICLE, "erbil.txt", _meta(), by=1)
    results = await asyncio.gather(
        curation.decide(draft.id, 1, 0, "accepted", by=1),
        curation.decide(draft.id, 1, 0, "rejected", by=2),
        return_exceptions=True,
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, StaleDraft)]
    assert len(won) == 1 and len(lost) == 1
    assert lost[0].current.version == 2 and lost[0].current.items[0].decision == won[0].items[0].decision


async def test_two_publishes_at_once_write_one_file_and_record_one_publish(curation: Curation) -> None:
    draft = await curation.ingest(ARTICLE, "erbil.txt", _meta(), by=1)
    draft = await curation.decide(draft.id, 1, 0, ACCEPTED, by=1)
    results = await asyncio.gather(
        curation.publish(draft.id, draft.version, by=1),
        curation.publish(draft.id, draft.version, by=2),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert sum(isinstance(r, StaleDraft) for r in results) == 1
    assert [p.source_id for p in await curation.drafts.publishes()] == ["test-2021-10-20"]
    assert load_facts(curation.data_dir).sources["test-2021-10-20"].publisher == "Test"
    assert not list((curation.data_dir / "sources").glob(".*.tmp"))  # no temporary file left behind


async def test_a_draft_the_loader_refuses_writes_nothing(curation: Curation) -> None:
    before = sorted(p.name for p in (curation.data_dir / "sources").iterdir())
    draft = await curation.ingest(ARTICLE, "erbil.txt", _meta(), by=1)
    draft = await curation.decide(draft.id, 1, 0, ACCEPTED, by=1)
    # Another hand breaks data/ meanwhile: the loader's word stops the publish, and nothing is written.
    (curation.data_dir / "sources" / "broken.toml").write_text("[source]\nid = 3\n", encoding="utf-8")
    with pytest.raises(FactsInvalid):
        await curation.publish(draft.id, draft.version, by=1)
    (curation.data_dir / "sources" / "broken.toml").unlink()
    assert sorted(p.name for p in (curation.data_dir / "sources").iterdir()) == before
    assert (await curation.get(draft.id)).state == "open" and await curation.drafts.publishes() == []


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(publish.PublishRefused):
        publish.write_new(path, "theirs")
    assert path.read_text(encoding="utf-8") == "mine"


def test_edits_parse_what_a_curator_types_and_name_every_problem() -> None:
    fields = {"mission": "erbil", "personnel_min": 100, "personnel_max": 150, "personnel_kind": "planned"}
    good = edits.apply_edit("contribution", fields, {"mission": "Erbil", "personnel": "about 250"}, {"erbil"})
    assert good.problems == [] and good.fields["personnel_min"] == 250 and good.fields["approximate"] is True
    assert edits.parse_personnel("200–300", "planned") == {
        "personnel_min": 200, "personnel_max": 300, "personnel_kind": "planned"
    }  # fmt: skip
    assert edits.parse_personnel("up to 350", "planned")["personnel_kind"] == "ceiling"  # type: ignore[index]
    assert edits.parse_personnel("300-200", "planned") is None
    milestone = {"mission": "erbil", "kind": "arrival", "date": "2021-01", "certainty": "expected"}
    bad = edits.apply_edit(
        "milestone", milestone, {"mission": "mars", "date": "32 januari", "certainty": "sure"}, {"erbil"}
    )
    assert [key for key, _ in bad.problems] == [
        "curation.edit.mission",
        "curation.edit.date",
        "curation.edit.certainty",
    ]
    moved = edits.apply_edit(
        "milestone", milestone, {"mission": "erbil", "date": "late 2021-02", "certainty": "probable"}, {"erbil"}
    )
    assert moved.problems == [] and (moved.fields["date"], moved.fields["certainty"]) == ("late 2021-02", "probable")


def test_the_file_is_written_as_a_person_writes_it() -> None:
    source = {"id": "x-2021-10-20", "publisher": "X", "title": "T", "published": "2021-10-20", "language": "nl"}
    arrival = {"certainty": "expected", "mission": "erbil", "paragraph": 1, "kind": "arrival", "date": "2022-01"}
    personnel = {"personnel_kind": "planned", "mission": "erbil", "paragraph": 1, "personnel_min": 250}
    text = publish.source_toml(
        {**source, "url": "https://x.nl/a"},
        [("milestone", arrival), ("contribution", {**personnel, "personnel_max": 250})],
        "X, 20 October 2021.",
    )
    assert text.splitlines()[:3] == ["# X, 20 October 2021.", "", "[source]"]
    assert text.index("[[contribution]]") < text.index("[[milestone]]")
    assert 'mission = "erbil"\nparagraph = 1\nkind = "arrival"\ndate = "2022-01"\ncertainty = "expected"' in text
    assert publish.source_id_for("NRC Handelsblad", "2021-10-20") == "nrc-handelsblad-2021-10-20"
