"""Attacks on publishing new missions without Discord: a publish that crashes between its writes, and a
curator who changes the draft before publishing again."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.curation import missions, publish
from bot.curation.service import Curation
from bot.facts.parse import load_facts
from tests.curation.test_missions import GOOD, _ready


def _crash_after_missions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process dies at the third write: the stub and missions.toml are on disk, the facts are not."""
    real, calls = publish._atomic, []

    def dying(path: Path, text: str) -> None:
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError("the disk went away")
        real(path, text)

    monkeypatch.setattr(publish, "_atomic", dying)


@pytest.mark.parametrize("change", ["renamed", "other-slug", "mapped"])
async def test_a_draft_changed_after_a_crash_publishes_what_the_curator_sees_now(
    curation: Curation, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Attack: the crash leaves the created mission in missions.toml; the curator then renames it, gives it
    another slug, or maps its facts to Erbil, and publishes again. What is published must be what the draft
    says now: no mission under the old name, and no mission left over without a fact."""
    draft_id, version = await _ready(curation)
    data = curation.data_dir
    _crash_after_missions(monkeypatch)
    with pytest.raises(OSError):
        await curation.publish(draft_id, version, by=1)
    monkeypatch.undo()
    assert "f35-poland" in load_facts(data).missions  # the crash's leftover
    draft = await curation.get(draft_id)
    item = next(i.item for i in draft.items if i.proposed["table"] == missions.MISSION)
    if change == "mapped":
        fact = next(i for i in draft.items if i.proposed["table"] == "contribution")
        typed = {"mission": "erbil", "personnel": "60-80"}
        changed, edited = await curation.edit(draft_id, version, fact.item, typed, by=1)
        assert changed is not None, edited.problems
        changed = await curation.drafts.decide(draft_id, changed.version, item, missions.MAPPED, {"map_to": "erbil"},
                                               1, curation.now())  # fmt: skip
    else:
        typed = {**GOOD, "name_en": "F-35s over Poland"} if change == "renamed" else {**GOOD, "slug": "poland-air"}
        changed, checked = await curation.create_mission(draft_id, version, item, typed, by=1)
        assert changed is not None, checked.problems
    await curation.publish(draft_id, changed.version, by=1)
    facts = load_facts(data)
    ours = {
        f.mission for f in (*facts.contributions, *facts.milestones, *facts.partners) if f.source == "test-2021-10-20"
    }
    created = [m for m in tomllib.loads((data / "missions.toml").read_text(encoding="utf-8"))["mission"]
               if m.get("source") == "test-2021-10-20"]  # fmt: skip
    if change == "renamed":
        assert ours == {"f35-poland"} and [m["name"]["en"] for m in created] == ["F-35s over Poland"]
    elif change == "other-slug":
        assert ours == {"poland-air"} and [m["slug"] for m in created] == ["poland-air"]
    else:
        assert ours == {"erbil"} and created == []


def test_only_the_tables_a_crashed_publish_appended_are_taken_back() -> None:
    """Its tables go wherever they sit (others may have been appended after them); a person's table citing
    that source in another shape keeps the file as it is (the loader and the slug check decide then)."""
    person = '# people\n[[mission]]\nslug = "a"\nsource = "x"\nname = 1\n'
    ours = missions.mission_toml(
        {"slug": "p", "name": {"nl": "P", "en": "P"}, "country": "PL", "aliases": ["Q"]},
        {"id": "s-1", "publisher": "T", "published": "2021-09-20"},
    )
    later = '[[mission]]\nslug = "c"\nsource = "y"\nname = 2\n'
    text = missions.appended(missions.appended(person, [ours]), [later])
    assert publish.without_missions_of(text, "s-1") == person + "\n" + later
    by_hand = person + '\n[[mission]]\nsource = "s-1"\nslug = "h"\n'
    assert publish.without_missions_of(by_hand, "s-1") == by_hand


async def test_data_reloaded_between_a_crash_and_the_retry_keeps_the_derived_id(
    curation: Curation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: after the crash someone reloads data/ (the stub source and its mission are in the facts now);
    the retry must still recognise its own stub, not take ``<id>-2`` and refuse its own mission's slug."""
    draft_id, version = await _ready(curation)
    data = curation.data_dir
    _crash_after_missions(monkeypatch)
    with pytest.raises(OSError):
        await curation.publish(draft_id, version, by=1)
    monkeypatch.undo()
    await curation.facts.store.apply(load_facts(data), curation.now())
    await curation.facts.refresh(force=True)
    assert "test-2021-10-20" in curation.facts.facts.sources and "f35-poland" in curation.facts.facts.missions
    published, path = await curation.publish(draft_id, version, by=1)
    assert published.state == "published"
    assert path.name == "test-2021-10-20.toml" and not (data / "sources" / "test-2021-10-20-2.toml").exists()
    facts = load_facts(data)
    assert {c.mission for c in facts.contributions if c.source == "test-2021-10-20"} == {"f35-poland"}
