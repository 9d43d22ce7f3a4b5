"""/facts with a mission data/ does not know, and a draft that waits while the facts change, end to end through
the loopback Discord: a curator creates the new mission (or maps its facts to a known one), Publish writes it to
data/missions.toml with the source; a draft shown or published later is compared with the facts of that moment."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock, utc
from bot.facts.parse import load_facts
from bot.sandbox.driver import Reply
from tests.cogs.test_curation import Curated, accept_all, curated, data_files, ingest, item, needs_seed

POLAND = (
    "Het kabinet heeft vrijdag besloten twee F-35's naar Polen te sturen. Naar schatting zestig tot tachtig "
    "militairen gaan eind januari mee, samen met Amerikaanse eenheden."
)
POLAND_LATER = (
    "Het kabinet heeft vrijdag besloten twee F-35's naar Polen te sturen. Naar schatting negentig militairen "
    "gaan eind januari mee, samen met Amerikaanse eenheden."
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 9, 20, 8))


@pytest.fixture
async def env(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Curated]:
    async with curated(tmp_path, clock) as running:
        yield running


def article(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def lines(page: Reply) -> list[str]:
    return [line.removeprefix("▶ ") for line in page.embed["description"].splitlines()]


async def decide_facts(env: Curated, page: Reply, decision: str = "Accept") -> Reply:
    """``decision`` on every undecided fact (a new mission's own item is left as it is)."""
    for _ in range(40):
        open_facts = [line for line in lines(page) if line.startswith("• ") and "New mission:" not in line]
        if not open_facts:
            return page
        now = item(page)
        page = await env.sandbox.driver.click(page, decision if now.startswith("• ") and "New mission" not in now
                                              else "Next")  # fmt: skip
    raise AssertionError("facts left undecided")


async def first_page(env: Curated, page: Reply) -> Reply:
    while not item(page).split(" ", 1)[1].startswith("New mission"):  # after its mark: • ✅ ❌ 🔀
        page = await env.sandbox.driver.click(page, "Previous")
    return page


def followup(reply: Reply) -> str:
    return reply.content or str((reply.interaction.followups or [{}])[0].get("content", ""))


@needs_seed
async def test_a_new_mission_is_created_from_discord_and_published_with_its_facts(env: Curated, tmp_path: Path) -> None:
    sandbox, driver = env.sandbox, env.sandbox.driver
    before = data_files(env.data)
    page = await ingest(env, article=article(tmp_path, "polen.txt", POLAND), source_id="test-2021-09-20")
    # The new mission is a decision of its own, first; its facts name it.
    assert lines(page)[0] == "• New mission: Polen (polen, 🇵🇱 Poland, United Nations)"  # seed data: no "national"
    assert "• new mission · Polen: 60–80 personnel (estimate)" in lines(page)
    page = await decide_facts(env, page)

    # Its facts accepted, the mission neither created nor mapped: refused, naming it, nothing written.
    refused = await driver.click(page, "Publish")
    assert followup(refused).startswith("Accepted facts belong to the new mission Polen (polen)"), followup(refused)
    assert data_files(env.data) == before

    # Accept opens the mission's form, filled in with what was drafted; every problem is named at once.
    page = await first_page(env, page)
    form = await driver.click(page, "Accept")
    assert form.fields() == {
        "Slug (the mission's id)": "polen",
        "Name in Dutch": "Polen",
        "Name in English": "Polen",
        "Country (ISO code)": "PL",
        "Aliases (optional, comma-separated)": "",
    }
    refused = await driver.submit(
        form,
        {"Slug (the mission's id)": "Erbil!", "Name in English": "Iraq", "Country (ISO code)": "XX",
         "Aliases (optional, comma-separated)": "x" * 101},
    )  # fmt: skip
    for problem in ("slug 'erbil!'", "'Iraq' already names the mission erbil", "'XX' is not an ISO country code",
                    "is longer than 100 characters"):  # fmt: skip
        assert problem in refused.content, (problem, refused.content)
    taken = await driver.submit(await driver.click(refused, "Edit again"), {"Slug (the mission's id)": "erbil"})
    assert "slug 'erbil' is a mission in the facts already" in taken.content
    form = await driver.click(taken, "Edit again")
    assert form.fields()["Country (ISO code)"] == "XX"  # the curator's input, not lost
    # Quotes, a backslash and a newline (a crafted submission): folded to one line, escaped in the file.
    dutch = 'F-35\'s "boven" Polen\n(NAVO) \\ Łask'
    page = await driver.submit(
        form,
        {"Slug (the mission's id)": "f35-poland", "Name in Dutch": dutch, "Name in English": "F-35s over Poland",
         "Country (ISO code)": "pl", "Aliases (optional, comma-separated)": "F-35 Polen,  Łask ,"},
    )  # fmt: skip
    assert lines(page)[0].startswith("✅ New mission: F-35s over Poland (f35-poland, 🇵🇱 Poland"), lines(page)
    assert "• " not in page.embed["description"].replace("▶ ", "")  # everything decided
    assert data_files(env.data) == before  # nothing written before Publish

    done = await driver.click(page, "Publish")
    text = followup(done)
    assert text.startswith("Published as data/sources/test-2021-09-20.toml"), repr(text)
    assert "New missions in data/missions.toml: f35-poland" in text
    missions_text = (env.data / "missions.toml").read_text(encoding="utf-8")
    assert missions_text.startswith(before["missions.toml"].decode("utf-8").rstrip("\n") + "\n\n[[mission]]\n")
    (created,) = [m for m in tomllib.loads(missions_text)["mission"] if m["slug"] == "f35-poland"]
    assert created["name"] == {"nl": 'F-35\'s "boven" Polen (NAVO) \\ Łask', "en": "F-35s over Poland"}
    assert created["source"] == "test-2021-09-20" and created["country"] == "PL"
    assert created["aliases"] == ["F-35 Polen", "Łask"]
    assert created["place"] == {"nl": "Polen", "en": "Poland"}
    facts = load_facts(env.data)
    assert {c.mission for c in facts.contributions if c.source == "test-2021-09-20"} == {"f35-poland"}
    assert {m.kind.value for m in facts.milestones if m.mission == "f35-poland"} == {"decision", "deployment-start"}
    assert "f35-poland" in sandbox.bot.facts.facts.missions  # reloaded: /mission knows it
    (record,) = await sandbox.bot.curation.drafts.publishes()
    assert record.missions == ("f35-poland",) and record.source_id == "test-2021-09-20"
    answer = await driver.slash("mission", name="f35-poland")
    assert "F-35s over Poland" in answer.embed["title"], answer.embed


@needs_seed
async def test_a_new_missions_facts_are_mapped_to_a_known_mission_all_at_once(env: Curated, tmp_path: Path) -> None:
    driver = env.sandbox.driver
    before = data_files(env.data)
    page = await ingest(env, article=article(tmp_path, "polen.txt", POLAND), source_id="mapped-2021-09-20")
    page = await driver.click(page, "Next")  # the first fact of Polen
    form = await driver.click(page, "Edit")
    assert form.fields()["Mission (slug)"] == "polen"
    page = await driver.submit(form, {"Mission (slug)": "erbil"})
    # Every fact of Polen goes to Erbil with it, in one change; the new mission says where they went.
    assert lines(page)[0] == "🔀 New mission: Polen → its facts go to Erbil airport force protection"
    assert not [line for line in lines(page) if "Polen" in line and "New mission" not in line], lines(page)
    # Four facts: the partner (the United States alongside) is Erbil's already, so it folds away as unchanged.
    assert sum("· Erbil airport force protection" in line for line in lines(page)) == 3
    assert "1 facts unchanged (folded away)" in lines(page)
    # Rejecting the mapping leaves the other facts without a mission again: refused at Publish, naming it.
    page = await driver.click(await first_page(env, page), "Reject")
    assert lines(page)[0] == "❌ New mission: Polen (polen, 🇵🇱 Poland, United Nations)"
    page = await decide_facts(env, page)
    refused = await driver.click(page, "Publish")
    assert followup(refused).startswith("Accepted facts belong to the new mission Polen (polen)")
    page = await driver.click(await driver.click(await first_page(env, page), "Next"), "Next")  # still Polen's
    assert "· Polen:" in item(page)
    page = await driver.submit(await driver.click(page, "Edit"), {"Mission (slug)": "erbil"})
    assert lines(page)[0] == "🔀 New mission: Polen → its facts go to Erbil airport force protection"
    page = await decide_facts(env, page)
    done = await driver.click(page, "Publish")
    assert followup(done).startswith("Published as data/sources/mapped-2021-09-20.toml"), followup(done)
    assert (env.data / "missions.toml").read_bytes() == before["missions.toml"]
    facts = load_facts(env.data)
    assert {f.mission for f in (*facts.contributions, *facts.milestones, *facts.partners)
            if f.source == "mapped-2021-09-20"} == {"erbil"}  # fmt: skip
    (record,) = await env.sandbox.bot.curation.drafts.publishes()
    assert record.missions == ()


async def create(env: Curated, page: Reply, slug: str, **names: str) -> Reply:
    page = await first_page(env, page)
    form = await env.sandbox.driver.click(page, "Accept")
    values = {"Slug (the mission's id)": slug}
    values.update({"Name in Dutch": names.get("nl", slug), "Name in English": names.get("en", slug)})
    return await env.sandbox.driver.submit(form, values)


@needs_seed
async def test_two_curators_create_the_same_slug_from_two_drafts(env: Curated, tmp_path: Path) -> None:
    """Attack: two drafts about the same new mission, each creating slug "poland". The first publish wins; the
    second is refused clearly with nothing written; then, one of its facts given the first's mission, all of
    them go there and are compared with it (the changed number shows the first's as "before")."""
    driver = env.sandbox.driver
    a = await ingest(env, article=article(tmp_path, "a.txt", POLAND), source_id="a-2021-09-20")
    b = await ingest(env, article=article(tmp_path, "b.txt", POLAND_LATER), source_id="b-2021-09-20")
    a = await decide_facts(env, await create(env, a, "poland", nl="F-35's in Polen", en="F-35s in Poland"))
    b = await decide_facts(env, await create(env, b, "poland", nl="F-35's naar Polen", en="F-35s to Poland"))
    assert followup(await driver.click(a, "Publish")).startswith("Published as data/sources/a-2021-09-20.toml")
    after_a = data_files(env.data)

    refused = await driver.click(b, "Publish")
    assert followup(refused).startswith("The new mission's slug 'poland' was taken meanwhile"), followup(refused)
    assert data_files(env.data) == after_a

    shown = await driver.slash("facts review", draft=(await env.sandbox.bot.curation.open_drafts())[0].id)
    shown = await driver.click(await first_page(env, shown), "Next")
    shown = await driver.submit(await driver.click(shown, "Edit"), {"Mission (slug)": "poland"})
    assert lines(shown)[0] == "🔀 New mission: Polen → its facts go to F-35s in Poland", lines(shown)
    # Against the facts of now: "poland" is known, its personnel changed from a's, the rest is a's already.
    assert "• " not in shown.embed["description"].replace("▶ ", "")
    assert any(line.startswith("✅ changed · F-35s in Poland: 60–80 personnel (estimate) → 90 personnel")
               for line in lines(shown)), lines(shown)  # fmt: skip
    assert "facts unchanged (folded away)" in shown.embed["description"]
    done = await driver.click(shown, "Publish")
    assert followup(done).startswith("Published as data/sources/b-2021-09-20.toml"), followup(done)
    facts = load_facts(env.data)
    assert [m["slug"] for m in tomllib.loads((env.data / "missions.toml").read_text())["mission"]].count("poland") == 1
    b_facts = [f for f in (*facts.contributions, *facts.milestones, *facts.partners) if f.source == "b-2021-09-20"]
    assert [(c.mission, c.personnel_min) for c in facts.contributions if c.source == "b-2021-09-20"] == [("poland", 90)]
    assert len(b_facts) == 1  # what a published already is not written again
    assert sorted(p.missions for p in await env.sandbox.bot.curation.drafts.publishes()) == [(), ("poland",)]


@needs_seed
async def test_a_slug_written_into_data_by_hand_meanwhile_is_refused(env: Curated, tmp_path: Path) -> None:
    driver = env.sandbox.driver
    page = await ingest(env, article=article(tmp_path, "polen.txt", POLAND), source_id="late-2021-09-20")
    page = await decide_facts(env, await create(env, page, "poland", nl="Polen", en="Poland"))
    with (env.data / "missions.toml").open("a", encoding="utf-8") as missions:
        missions.write(
            '\n[[mission]]\nslug = "poland"\nsource = "rd-2020-09"\nname = { nl = "P", en = "P" }\n'
            'organisation = "nato"\ncountry = "PL"\nplace = { nl = "Polen", en = "Poland" }\n'
            'summary = { nl = "x", en = "x" }\n'
        )
    by_hand = data_files(env.data)
    refused = await driver.click(page, "Publish")
    assert followup(refused).startswith("The new mission's slug 'poland' was taken meanwhile"), followup(refused)
    assert data_files(env.data) == by_hand
    assert await env.sandbox.bot.curation.drafts.publishes() == []


@needs_seed
async def test_a_waiting_draft_is_shown_and_published_against_the_facts_of_the_moment(
    env: Curated, tmp_path: Path
) -> None:
    """Draft A (the seed article) and draft B (a later article about Erbil, repeating some of A) are both in
    review; A is published. B, shown again, folds away what A added, shows A's number as the "before" of its
    own, and its publish writes only what is still new."""
    driver = env.sandbox.driver
    a = await ingest(env, source_id="a-2021-09-20")
    later = (
        "Het kabinet stuurt ongeveer 250 militairen naar Erbil, het Koerdische deel van Irak. Dat heeft het "
        "kabinet vrijdag besloten. De militairen zullen waarschijnlijk in januari worden uitgezonden."
    )
    b = await ingest(env, article=article(tmp_path, "b.txt", later), source_id="b-2021-09-20")
    assert lines(b)[:3] == [
        "• changed · Erbil airport force protection: about 120 personnel (actual) → about 250 personnel (planned)",
        "• moved · Erbil airport force protection: Decision: 20 November 2020 → 17 September 2021",
        "• moved · Erbil airport force protection: Deployment: January 2021, probably → January 2022, probably",
    ]
    b = await accept_all(env, b)  # all three accepted before A is published
    a = await accept_all(env, a)
    assert followup(await driver.click(a, "Publish")).startswith("Published as data/sources/a-2021-09-20.toml")

    # B shown again: A's decision and deployment dates are B's too, folded away; the number's "before" is A's.
    draft_b = next(d for d in await env.sandbox.bot.curation.open_drafts() if d.source["id"] == "b-2021-09-20")
    shown = await driver.slash("facts review", draft=draft_b.id)
    assert lines(shown)[0] == (
        "▶ ✅ changed · Erbil airport force protection: 100–150 personnel (planned) → about 250 personnel (planned)"
    ).removeprefix("▶ ")
    assert lines(shown)[1] == f"{draft_b.summary['unchanged'] + 2} facts unchanged (folded away)"
    assert shown.embed["fields"][0]["name"] == "Item 1 of 1"
    # The last page shown before A's publish is still the draft's version: its buttons show the draft as it is
    # now (its third item folded away, the first stands in).
    moved = await driver.click(b, "Previous")
    assert moved.embed["fields"][0]["name"] == "Item 1 of 1"

    done = await driver.click(b, "Publish")
    assert followup(done).startswith("Published as data/sources/b-2021-09-20.toml"), followup(done)
    written = tomllib.loads((env.data / "sources" / "b-2021-09-20.toml").read_text(encoding="utf-8"))
    assert [(c["mission"], c["personnel_min"]) for c in written["contribution"]] == [("erbil", 250)]
    assert "milestone" not in written  # A's dates, accepted in B before A was published, are not written again
    assert load_facts(env.data).sources.keys() >= {"a-2021-09-20", "b-2021-09-20"}
