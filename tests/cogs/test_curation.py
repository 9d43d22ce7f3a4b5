"""/facts end to end through the loopback Discord: a curator ingests an article, reviews the diff against
today's facts, accepts, rejects and edits, and publishes; the file loads and the update posts follow."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock, utc
from bot.facts.parse import load_facts
from bot.sandbox.driver import Reply
from bot.sandbox.session import Sandbox, default_world, running_sandbox
from bot.sandbox.world import Member
from bot.settings import load_settings
from tests.contract import violations
from tests.paths import SEED_DATA_DIR
from tests.schedule.test_dispatcher import headings

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_921012f89d864f70.txt"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"the seed article is missing: {SEED}")


@dataclass
class Curated:
    sandbox: Sandbox
    curator: Member
    data: Path


@contextlib.asynccontextmanager
async def curated(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Curated]:
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA_DIR, data)
    world, guild, moderator, member = default_world(clock)
    role = world.add_role(guild, "curators")
    curator = world.add_member(guild, "curator")
    curator.roles.append(role.id)
    settings = load_settings(
        {"DEPLOYBOT_DATA_DIR": str(data), "DEPLOYBOT_CURATOR_ROLE_ID": str(role.id)}, env_file=None
    )
    async with running_sandbox(settings, clock, tmp_path / "bot.sqlite3", world=(world, guild, moderator, member)) as s:
        yield Curated(s, curator, data)
        accepted = [r for r in s.server.requests if r.status < 400]
        broken = [v for r in accepted for v in violations(r.method, r.path, r.body)]
        assert not broken, "requests that break Discord's OpenAPI spec:\n" + "\n".join(broken)


@pytest.fixture
async def env(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Curated]:
    async with curated(tmp_path, clock) as running:
        yield running


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 9, 20, 8))


def item(reply: Reply) -> str:
    """The open item's line: "• changed · erbil: about 120 personnel (actual) → 100–150 personnel (planned)"."""
    return str(reply.embed["fields"][0]["value"])


async def ingest(env: Curated, **options: object) -> Reply:
    env.sandbox.driver.act_as(member=env.curator)
    given: dict[str, object] = {"published": "2021-10-02", "article": str(SEED), "publisher": "Test"}
    given.update(options)
    return await env.sandbox.driver.run("facts ingest", given)


def data_files(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


async def configure(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config channel", channel="#announcements")
    await sandbox.driver.slash("config language", language="en")


def posts(sandbox: Sandbox) -> list[str]:
    return [
        str((m.get("embeds") or [{}])[0].get("title") or m.get("content"))
        for m in sandbox.channel_messages("announcements")
    ]


@needs_seed
async def test_a_curator_reviews_the_diff_edits_and_publishes_and_the_update_posts_follow(env: Curated) -> None:
    sandbox, driver = env.sandbox, env.sandbox.driver
    await configure(sandbox)
    await sandbox.advance_to(utc(2021, 10, 2, 12))
    told = list(sandbox.channel_messages("announcements"))
    before = data_files(env.data)

    page = await ingest(env, source_id="test-2021-10-02")
    assert page.ephemeral and page.embed["title"] == "Draft for test-2021-10-02"
    overview = page.embed["description"]
    assert "changed · erbil: about 120 personnel (actual) → 100–150 personnel (planned)" in overview
    assert "moved · minusma: Rotation: the second half of November 2021" not in overview  # not known on 2 October
    assert "moved · minusma: Rotation:" in overview and "facts unchanged (folded away)" in overview
    assert page.embed["fields"][1]["value"] == "«honderd tot honderdvijftig militairen»"  # the excerpt
    assert [b["label"] for b in page.buttons] == ["Accept", "Reject", "Edit", "◀ Previous", "Next ▶", "Publish"]
    assert all(len(b["custom_id"]) <= 100 for b in page.buttons)

    # Edit the first item: a mistake is refused and the input kept; then a good value.
    form = await driver.click(page, "Edit")
    assert form.fields() == {"Mission (slug)": "erbil", "Personnel": "100-150"}
    refused = await driver.submit(form, {"Personnel": "lots of them"})
    assert "personnel 'lots of them' is not a number or range" in refused.content and refused.ephemeral
    again = await driver.click(refused, "Edit again")
    assert again.fields()["Personnel"] == "lots of them"  # the curator's input, not lost
    page = await driver.submit(again, {"Personnel": "about 110"})
    assert "erbil: about 120 personnel (actual) → about 110 personnel (planned)" in page.embed["description"]
    assert "✅" in page.embed["description"]

    # Accept the MINUSMA rotation, reject everything else.
    while any(line.removeprefix("▶ ").startswith("• ") for line in page.embed["description"].splitlines()):
        line = item(page)
        if line.startswith("• "):
            page = await driver.click(page, "Accept" if "minusma: Rotation" in line else "Reject")
        else:
            page = await driver.click(page, "Next")
    assert data_files(env.data) == before  # nothing is written into data/ before Publish

    published = await driver.click(page, "Publish")
    assert "published" in published.embed["footer"]["text"]
    assert all(b["disabled"] for b in published.buttons if b["label"] in ("Accept", "Reject", "Edit", "Publish"))
    assert published.content.startswith("Published as data/sources/test-2021-10-02.toml and loaded:")

    written = env.data / "sources" / "test-2021-10-02.toml"
    text = written.read_text(encoding="utf-8")
    assert "honderd" not in text and "kabinet" not in text  # our own words only: no excerpt, no sentence
    facts = load_facts(env.data)
    source = facts.sources["test-2021-10-02"]
    assert (source.publisher, str(source.published), source.url) == ("Test", "2021-10-02", None)
    mine = [c for c in facts.contributions if c.source == "test-2021-10-02"]
    assert [(c.mission, c.personnel_min, c.approximate) for c in mine] == [("erbil", 110, True)]
    assert {m.mission for m in facts.milestones if m.source == "test-2021-10-02"} == {"minusma"}
    assert sorted(data_files(env.data)) == sorted([*before, "sources/test-2021-10-02.toml"])
    (record,) = await sandbox.bot.curation.drafts.publishes()
    assert (record.source_id, record.published_by, record.file) == ("test-2021-10-02", env.curator.user.id, written.as_posix())

    await sandbox.advance_to(utc(2021, 10, 3, 12))
    new = sandbox.channel_messages("announcements")[len(told):]
    assert [headings(m) for m in new] == [
        ["**Update** · Rotation: now expected in November 2022 (6 months) — was: expected in November 2021 (about 6 months)"]
    ]


