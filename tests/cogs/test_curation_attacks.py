"""Attacks on /facts with new missions, through the loopback Discord: a draft expiring under its Publish button,
names no one can see or search, two publishes racing to create one slug or one alias, a stale page pressed after
its draft was published, a mapping to a mission removed from data/ meanwhile, and a reload that fails after the
files were written."""

from __future__ import annotations

import asyncio
import copy
import re
import tomllib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock, utc
from bot.facts.parse import FactError, FactsInvalid, load_facts
from bot.sandbox.driver import Reply
from tests.cogs.test_curation import Curated, curated, data_files, ingest, needs_seed
from tests.cogs.test_curation_missions import POLAND, article, create, decide_facts, first_page, followup, lines

SLUG, NL, EN = "Slug (the mission's id)", "Name in Dutch", "Name in English"
COUNTRY, ALIASES = "Country (ISO code)", "Aliases (optional, comma-separated)"
HAND_MISSION = (
    '\n[[mission]]\nslug = "{slug}"\nsource = "rd-2020-09"\nname = {{ nl = "{name}", en = "{name}" }}\n'
    'organisation = "nato"\ncountry = "EE"\nplace = {{ nl = "Estland", en = "Estonia" }}\n'
    'summary = {{ nl = "x", en = "x" }}\n'
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 9, 20, 8))


@pytest.fixture
async def env(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Curated]:
    async with curated(tmp_path, clock) as running:
        yield running


def slugs(data: Path) -> list[str]:
    return [m["slug"] for m in tomllib.loads((data / "missions.toml").read_text(encoding="utf-8"))["mission"]]


async def ready(env: Curated, tmp_path: Path, source_id: str, slug: str, **fields: str) -> Reply:
    """A draft about Poland, its facts accepted and its mission created as ``slug``."""
    page = await ingest(env, article=article(tmp_path, f"{source_id}.txt", POLAND), source_id=source_id)
    page = await create(env, page, slug, nl=fields.get("nl", slug), en=fields.get("en", slug))
    if fields.get("aliases"):
        form = await env.sandbox.driver.click(await first_page(env, page), "Edit")
        page = await env.sandbox.driver.submit(form, {ALIASES: fields["aliases"]})
    return await decide_facts(env, page)


@needs_seed
async def test_publish_pressed_after_the_draft_expired_says_so(env: Curated, tmp_path: Path) -> None:
    """Attack: a mission created, then the draft expires; Publish on its last page (the answer is deferred
    before the draft is read: the refusal must still reach the curator)."""
    page = await ready(env, tmp_path, "late-2021-09-20", "f35-poland")
    before = data_files(env.data)
    env.sandbox.clock.set(env.sandbox.clock.now() + timedelta(days=7))
    gone = await env.sandbox.driver.click(page, "Publish")
    assert followup(gone).startswith("Draft ") and "does not exist (any more)" in followup(gone), followup(gone)
    assert data_files(env.data) == before
    assert await env.sandbox.bot.curation.drafts.publishes() == []


@needs_seed
async def test_names_no_one_can_see_or_search_are_refused_in_the_form(env: Curated, tmp_path: Path) -> None:
    """Attack: a name of zero-width spaces, one of punctuation only (the loader's search form of both is
    empty), an alias hiding a right-to-left override; an alias that is another mission's name in other case
    and accents. Then Discord's limits with a right-to-left script, an uppercase slug in spaces: accepted."""
    driver = env.sandbox.driver
    page = await ingest(env, article=article(tmp_path, "polen.txt", POLAND), source_id="odd-2021-09-20")
    form = await driver.click(await first_page(env, page), "Accept")
    refused = await driver.submit(
        form,
        {SLUG: "poland", NL: "\u200b\u200b", EN: "!!! ???", ALIASES: "Pol\u202eand, ÉRBIL AIRPORT force protection"},
    )
    for problem in (
        "the name (nl) has no letter or digit",
        "the name (en) has no letter or digit",
        "alias 'Pol\u202eand' holds a control character",
        "'ÉRBIL AIRPORT force protection' already names the mission erbil",
    ):
        assert problem in refused.content, (problem, refused.content)

    arabic = "انتشار طائرات إف-35 في بولندا" * 4
    page = await driver.submit(
        await driver.click(refused, "Edit again"),
        {SLUG: "  F35-POLAND  ", NL: ("Ł" * 100), EN: arabic[:100], COUNTRY: " pl ", ALIASES: "עברית, F‑35 ✈"},
    )
    assert lines(page)[0].startswith("✅ New mission: "), lines(page)
    page = await decide_facts(env, page)
    done = await driver.click(page, "Publish")
    assert followup(done).startswith("Published as data/sources/odd-2021-09-20.toml"), followup(done)
    table = tomllib.loads((env.data / "missions.toml").read_text(encoding="utf-8"))["mission"]
    (made,) = [m for m in table if m["slug"] == "f35-poland"]
    assert made["name"] == {"nl": "Ł" * 100, "en": arabic[:100].strip()} and made["aliases"] == ["עברית", "F‑35 ✈"]
    load_facts(env.data)


@needs_seed
@pytest.mark.parametrize("same", ["slug", "alias"])
async def test_two_drafts_creating_one_slug_or_alias_publish_at_the_same_moment(
    env: Curated, tmp_path: Path, same: str
) -> None:
    """Attack: two curators' drafts create the same slug (or two slugs sharing an alias) and both press
    Publish at once: one wins, the other is refused with nothing of it written, and data/ loads."""
    a = await ready(env, tmp_path, "a-2021-09-20", "poland", nl="Polen A", en="Poland A", aliases="F-35 Polen")
    b_slug = "poland" if same == "slug" else "poland-b"
    b_alias = "Vliegers Łask" if same == "slug" else "f-35 polen"
    b = await ready(env, tmp_path, "b-2021-09-20", b_slug, nl="Polen B", en="Poland B", aliases=b_alias)
    before = data_files(env.data)
    done = await asyncio.gather(env.sandbox.driver.click(a, "Publish"), env.sandbox.driver.click(b, "Publish"))
    said = [followup(r) for r in done]
    assert sum(s.startswith("Published as data/sources/") for s in said) == 1, said
    facts = load_facts(env.data)
    assert len(slugs(env.data)) == len(tomllib.loads(before["missions.toml"].decode())["mission"]) + 1
    records = await env.sandbox.bot.curation.drafts.publishes()
    assert len(records) == 1 and records[0].source_id in facts.sources
    loser = "b-2021-09-20" if records[0].source_id == "a-2021-09-20" else "a-2021-09-20"
    assert not (env.data / "sources" / f"{loser}.toml").exists()
    assert not list((env.data / "sources").glob(".*.tmp"))


@needs_seed
async def test_a_stale_page_pressed_after_its_draft_was_published(env: Curated, tmp_path: Path) -> None:
    """Attack: the draft is published from one page; an older page's Accept (the new mission's form) and
    Publish are pressed again: refused as published, nothing written twice."""
    driver = env.sandbox.driver
    page = await ready(env, tmp_path, "once-2021-09-20", "f35-poland")
    old = copy.deepcopy((await first_page(env, page)).message)  # Discord's client still shows this page
    assert followup(await driver.click(page, "Publish")).startswith("Published as")
    after = data_files(env.data)
    for label in ("Publish", "Accept", "Reject"):
        again = await driver.click(old, label)
        assert followup(again).startswith("This draft has been published"), (label, followup(again))
    assert data_files(env.data) == after and slugs(env.data).count("f35-poland") == 1
    assert len(await env.sandbox.bot.curation.drafts.publishes()) == 1


@needs_seed
async def test_facts_mapped_to_a_mission_removed_from_data_meanwhile(env: Curated, tmp_path: Path) -> None:
    """Attack: a new mission's facts mapped to a mission someone then removes from data/: Publish is refused
    with the loader's reason, nothing written; mapped again to one that exists, it publishes."""
    driver, bot = env.sandbox.driver, env.sandbox.bot
    original = (env.data / "missions.toml").read_text(encoding="utf-8")
    (env.data / "missions.toml").write_text(original + HAND_MISSION.format(slug="temp", name="Tijdelijk"))
    await bot.reload_facts()
    page = await ingest(env, article=article(tmp_path, "polen.txt", POLAND), source_id="gone-2021-09-20")
    page = await driver.click(page, "Next")
    page = await driver.submit(await driver.click(page, "Edit"), {"Mission (slug)": "temp"})
    assert lines(page)[0] == "🔀 New mission: Polen → its facts go to Tijdelijk", lines(page)
    page = await decide_facts(env, page)
    (env.data / "missions.toml").write_text(original)
    await bot.reload_facts()
    before = data_files(env.data)
    shown = await driver.click(page, "Previous")  # shown against the facts of now: no crash
    refused = await driver.click(shown, "Publish")
    assert "temp" in followup(refused) and not followup(refused).startswith("Published"), followup(refused)
    assert data_files(env.data) == before and await bot.curation.drafts.publishes() == []


@needs_seed
async def test_a_reload_failing_after_the_files_were_written(
    env: Curated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the files are written, then loading data/ fails (another hand broke it meanwhile): the curator
    is told it was published and what stops the load; pressing Publish again writes nothing twice."""
    driver, bot = env.sandbox.driver, env.sandbox.bot
    page = await ready(env, tmp_path, "reload-2021-09-20", "f35-poland")

    async def broken() -> None:
        raise FactsInvalid([FactError("missions.toml", "mission x", "broken by hand")])

    monkeypatch.setattr(bot, "reload_facts", broken)
    old = copy.deepcopy(page.message)  # the page as it was before Publish, still on a curator's screen
    done = await driver.click(page, "Publish")
    assert followup(done).startswith("Published as data/sources/reload-2021-09-20.toml"), followup(done)
    assert "the facts were not reloaded" in followup(done) and "broken by hand" in followup(done)
    written = data_files(env.data)
    load_facts(env.data)
    again = await driver.click(old, "Publish")
    assert re.search("published", followup(again)), followup(again)
    assert data_files(env.data) == written and slugs(env.data).count("f35-poland") == 1
    assert len(await bot.curation.drafts.publishes()) == 1


@needs_seed
async def test_a_mission_form_forged_by_a_non_curator_or_onto_another_item(env: Curated, tmp_path: Path) -> None:
    """Attack: a curator's new-mission form submitted by someone without the role, and the form's custom id
    pointed at a fact's item (or past the draft): refused, nothing stored."""
    sandbox, driver = env.sandbox, env.sandbox.driver
    page = await ingest(env, article=article(tmp_path, "polen.txt", POLAND), source_id="forged-2021-09-20")
    form = await driver.click(await first_page(env, page), "Accept")
    driver.act_as(member=sandbox.member)
    refused = await driver.submit(form, {SLUG: "hijack"})
    assert refused.content.startswith("Only curators can do this"), refused.content
    driver.act_as(member=env.curator)
    assert form.modal is not None
    real = form.modal["custom_id"]
    for item, said in (("1", "has no item 2"), ("999", "has no item 1000")):
        form.modal["custom_id"] = re.sub(r":\d+:([0-9a-f]{8})$", f":{item}:\\1", real)
        crafted = await driver.submit(form, {SLUG: "hijack"})
        assert said in crafted.content, crafted.content
    (draft,) = await sandbox.bot.curation.open_drafts()
    assert draft.version == 1 and all(i.decision is None for i in draft.items)


@needs_seed
async def test_a_publish_while_a_broken_file_sits_in_data(env: Curated, tmp_path: Path) -> None:
    """Attack: someone leaves a file in data/ that `deploybot load --check` refuses; a curator publishes a new
    mission: refused with the loader's reason (naming that file), nothing of the draft written; fixed, it goes."""
    page = await ready(env, tmp_path, "broken-2021-09-20", "f35-poland")
    broken = env.data / "sources" / "half-typed.toml"
    broken.write_text('[source]\nid = "half-typed"\npublisher = \n', encoding="utf-8")
    before = data_files(env.data)
    refused = await env.sandbox.driver.click(page, "Publish")
    assert "half-typed.toml" in followup(refused) and not followup(refused).startswith("Published"), followup(refused)
    assert data_files(env.data) == before
    broken.unlink()
    done = await env.sandbox.driver.click(page, "Publish")
    assert followup(done).startswith("Published as data/sources/broken-2021-09-20.toml"), followup(done)
    assert slugs(env.data).count("f35-poland") == 1


@needs_seed
async def test_a_reload_that_crashes_after_the_files_were_written_is_still_answered(
    env: Curated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the files are written and recorded, then the reload itself fails (not the loader: the disk or
    the database): the curator is still told the draft was published, and that the facts were not reloaded."""
    bot = env.sandbox.bot
    page = await ready(env, tmp_path, "crash-2021-09-20", "f35-poland")

    async def crashing() -> None:
        raise OSError("database is locked")

    monkeypatch.setattr(bot, "reload_facts", crashing)
    done = await env.sandbox.driver.click(page, "Publish")
    assert followup(done).startswith("Published as data/sources/crash-2021-09-20.toml"), followup(done)
    assert "the facts were not reloaded" in followup(done) and "database is locked" in followup(done)
    assert len(await bot.curation.drafts.publishes()) == 1
