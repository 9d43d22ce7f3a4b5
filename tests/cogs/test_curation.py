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
    """The open item's line: "• changed · Erbil airport force protection: about 120 personnel (actual) → …"."""
    return str(reply.embed["fields"][0]["value"])


async def ingest(env: Curated, **options: object) -> Reply:
    env.sandbox.driver.act_as(member=env.curator)
    today = env.sandbox.clock.now().date().isoformat()
    given: dict[str, object] = {"published": today, "article": str(SEED), "publisher": "Test"}
    given.update(options)
    given = {name: value for name, value in given.items() if value is not None}
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

    page = await ingest(env, published="2021-10-02", source_id="test-2021-10-02")
    assert page.ephemeral and page.embed["title"] == "Draft for test-2021-10-02"
    overview = page.embed["description"]
    assert (
        "changed · Erbil airport force protection: about 120 personnel (actual) → 100–150 personnel (planned)"
        in overview
    )
    assert (
        "moved · MINUSMA: C-130 rotation: Rotation: the second half of November 2021" not in overview
    )  # not known on 2 October
    assert "moved · MINUSMA: C-130 rotation: Rotation:" in overview and "facts unchanged (folded away)" in overview
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
    assert (
        "Erbil airport force protection: about 120 personnel (actual) → about 110 personnel (planned)"
        in page.embed["description"]
    )
    assert "✅" in page.embed["description"]

    # Accept the MINUSMA rotation, reject everything else.
    while any(line.removeprefix("▶ ").startswith("• ") for line in page.embed["description"].splitlines()):
        line = item(page)
        if line.startswith("• "):
            page = await driver.click(page, "Accept" if "MINUSMA: C-130 rotation: Rotation" in line else "Reject")
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
    assert (record.source_id, record.published_by, record.file) == (
        "test-2021-10-02",
        env.curator.user.id,
        written.as_posix(),
    )

    await sandbox.advance_to(utc(2021, 10, 3, 12))
    new = sandbox.channel_messages("announcements")[len(told) :]
    assert [headings(m) for m in new] == [
        [
            "**Update** · Rotation: now expected in November 2022 (6 months) — "
            "was: expected in November 2021 (about 6 months)"
        ]
    ]


@needs_seed
async def test_a_non_curator_is_refused_everywhere(env: Curated) -> None:
    sandbox, driver = env.sandbox, env.sandbox.driver
    page = await ingest(env)
    driver.act_as(member=sandbox.member)  # no curators' role, not an owner
    refused = await driver.run("facts ingest", {"published": "2021-09-20", "article": str(SEED)})
    assert refused.content.startswith("Only curators can do this") and refused.ephemeral
    for label in ("Accept", "Edit", "Publish"):  # a button on a curator's draft, whatever the client showed
        clicked = await driver.click(page, label)
        assert clicked.content.startswith("Only curators can do this")
    draft = (await sandbox.bot.curation.open_drafts())[0]
    assert draft.version == 1 and all(i.decision is None for i in draft.items)
    other = sandbox.world.add_guild("Elsewhere")  # and /facts exists only in the home server
    other.members[sandbox.moderator.user.id] = Member(sandbox.moderator.user)  # the bot's owner, elsewhere
    home = driver.actor.guild
    driver.actor.guild, driver.actor.channel = other, other.channel_named("general")
    driver.act_as(member=other.members[sandbox.moderator.user.id])
    forged = await driver.click(page, "Accept")  # a button from the home server, pressed in another server
    assert forged.content.startswith("Only curators can do this")
    driver.actor.guild, driver.actor.channel = home, home.channel_named("general")
    assert (await sandbox.bot.curation.get(draft.id)).version == 1
    assert "facts" not in {c["name"] for c in sandbox.server.commands}
    assert sorted(c["name"] for c in sandbox.server.guild_commands[sandbox.guild.id]) == ["facts", "owner"]
    assert other.id not in sandbox.server.guild_commands


ENGLISH = (
    "The cabinet is sending one hundred to one hundred and fifty troops to Erbil, in the Kurdish part of Iraq. "
    "They will assist the Iraqi forces together with American troops in securing the airport."
)


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("big.txt", b"Het kabinet stuurt militairen. " * 40_000, "is over the 1 MB an article may be"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not text (a binary file, or not UTF-8)"),
        ("empty.md", b"  \n\n \t ", "is empty: there is nothing to draft"),
        ("english.txt", ENGLISH.encode(), "does not read as Dutch"),
        ("article.pdf", b"%PDF-1.4", "only .txt, .md and .html articles can be drafted"),
    ],
)
async def test_articles_that_cannot_be_drafted_are_refused_and_no_draft_is_kept(
    env: Curated, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    refused = await ingest(env, article=str(path))
    assert refused.ephemeral and said in refused.text and name in refused.text
    assert await env.sandbox.bot.curation.open_drafts() == []


@needs_seed
async def test_html_and_a_message_link_are_read_too(env: Curated, tmp_path: Path) -> None:
    sandbox = env.sandbox
    html = tmp_path / "bericht.html"
    body = SEED.read_text(encoding="utf-8").replace("\n\n", "</p><p>")
    html.write_text(f"<html><head><script>var x = 'the and of';</script></head><body><p>{body}</p></body></html>")
    page = await ingest(env, article=str(html))
    assert (
        "Erbil airport force protection: about 120 personnel (actual) → 100–150 personnel (planned)"
        in page.embed["description"]
    )

    general = sandbox.guild.channel_named("general")
    attached = sandbox.server.attach("nrc.txt", SEED.read_bytes(), "text/plain")
    posted = sandbox.server.post(general, "het artikel", author=env.curator.user, attachments=[attached])
    link = f"https://discord.com/channels/{sandbox.guild.id}/{general.id}/{posted['id']}"
    page = await ingest(env, article=None, message=link)
    assert (
        page.embed["title"] == "Draft for test-2021-09-20"
        and "changed · Erbil airport force protection" in page.embed["description"]
    )
    text = sandbox.server.post(general, SEED.read_text(encoding="utf-8")[:600], author=env.curator.user)
    page = await ingest(
        env, article=None, message=f"https://discord.com/channels/{sandbox.guild.id}/{general.id}/{text['id']}"
    )
    assert page.embed["title"] == "Draft for test-2021-09-20"
    elsewhere = await ingest(env, article=None, message=f"https://discord.com/channels/1/{general.id}/{text['id']}")
    assert elsewhere.content == "That is not a link to a message in this server."
    both = await ingest(env, message=link)
    assert both.content.startswith("Give the article as an attachment or as a message link")


@needs_seed
async def test_a_draft_survives_a_restart_and_its_buttons_still_work(env: Curated) -> None:
    sandbox = env.sandbox
    page = await ingest(env)
    await sandbox.restart_bot()
    sandbox.driver.act_as(member=env.curator)
    after = await sandbox.driver.click(page, "Accept")
    assert after.embed["description"].startswith("✅ changed · Erbil airport force protection")
    assert "version 2" in after.embed["footer"]["text"]


@needs_seed
async def test_a_draft_expires_after_seven_days(env: Curated) -> None:
    sandbox = env.sandbox
    page = await ingest(env)
    draft_id = page.buttons[0]["custom_id"].split(":")[1]
    sandbox.clock.set(sandbox.clock.now() + timedelta(days=6, hours=23))
    assert (await sandbox.driver.click(page, "Next")).embed["fields"][0]["name"] == "Item 2 of 9"
    sandbox.clock.set(sandbox.clock.now() + timedelta(hours=1))
    gone = await sandbox.driver.click(page, "Accept")
    assert gone.content == f"Draft {draft_id} does not exist (any more): drafts expire after 7 days."
    again = await sandbox.driver.slash("facts review", draft=draft_id)
    assert again.content == gone.content
    await ingest(env)  # a new ingest clears expired drafts out of the database
    assert [d.id for d in await sandbox.bot.curation.open_drafts()] != [draft_id]
    query = "SELECT COUNT(*) FROM curation_items WHERE draft_id = ?"
    assert tuple(await sandbox.bot.db.fetchone(query, (draft_id,)) or ()) == (0,)


@needs_seed
async def test_two_curators_on_one_draft_never_overwrite_each_other(env: Curated) -> None:
    sandbox, driver = env.sandbox, env.sandbox.driver
    mine = await ingest(env)
    draft_id = mine.buttons[0]["custom_id"].split(":")[1]
    driver.act_as(member=sandbox.moderator)  # the bot's owner: a curator too
    theirs = await driver.slash("facts review", draft=draft_id)
    assert "version 1" in theirs.embed["footer"]["text"]

    driver.act_as(member=env.curator)
    mine = await driver.click(mine, "Accept")  # version 1 → 2
    driver.act_as(member=sandbox.moderator)
    refused = await driver.click(theirs, "Reject")  # made on version 1: refused, with the current state
    assert refused.content.startswith("Another curator changed this draft meanwhile (now version 2)")
    assert refused.embed["description"].startswith("▶ ✅ changed · Erbil airport force protection")
    draft = await sandbox.bot.curation.get(draft_id)
    assert (draft.version, draft.items[0].decision, draft.items[0].decided_by) == (2, "accepted", env.curator.user.id)

    # Both open the form on version 2; the first to submit wins, the second is refused and keeps its input.
    current = refused
    driver.act_as(member=env.curator)
    mine = await driver.click(mine, "Previous")  # back to the first item
    form_a = await driver.click(mine, "Edit")
    driver.act_as(member=sandbox.moderator)
    form_b = await driver.click(current, "Edit")
    driver.act_as(member=env.curator)
    await driver.submit(form_a, {"Personnel": "about 140"})
    driver.act_as(member=sandbox.moderator)
    late = await driver.submit(form_b, {"Personnel": "999"})
    assert late.content.startswith("Another curator changed this draft meanwhile (now version 3)")
    assert "about 140 personnel" in late.embed["description"] and "999" not in late.embed["description"]
    retry = await driver.click(late, "Edit")
    assert retry.fields()["Personnel"] == "999"  # the refused input is offered again, not lost
    draft = await sandbox.bot.curation.get(draft_id)
    assert draft.version == 3 and draft.items[0].edited is not None
    assert draft.items[0].edited["personnel_min"] == 140

    # A publish on an old version writes nothing.
    stale = await driver.click(theirs, "Publish")
    assert stale.content.startswith("Another curator changed this draft meanwhile (now version 3)")
    assert not (env.data / "sources" / "test-2021-10-02.toml").exists()


@needs_seed
async def test_publishing_is_refused_before_anything_is_written(env: Curated) -> None:
    sandbox, driver = env.sandbox, env.sandbox.driver
    before = data_files(env.data)
    page = await ingest(env, source_id="nrc-2020-11-20")  # an id data/ has already
    nothing = await driver.click(page, "Publish")
    assert "Nothing is accepted yet" in nothing.interaction.followups[0]["content"]
    page = await driver.click(page, "Accept")
    taken = await driver.click(page, "Publish")
    assert "A source with the id nrc-2020-11-20 exists already" in taken.interaction.followups[0]["content"]
    assert data_files(env.data) == before
    assert await sandbox.bot.curation.drafts.publishes() == []


@needs_seed
async def test_in_dutch_and_the_review_command_finds_open_drafts(env: Curated) -> None:
    driver = env.sandbox.driver
    driver.act_as(member=env.curator, locale="nl")
    page = await driver.run("feiten inlezen", {"artikel": str(SEED), "gepubliceerd": "2021-09-20", "uitgever": "NRC"})
    assert page.embed["title"] == "Concept voor nrc-2021-09-20"
    assert (
        "• gewijzigd · " in page.embed["description"] and "feiten ongewijzigd (ingeklapt)" in page.embed["description"]
    )
    assert [b["label"] for b in page.buttons][:3] == ["Accepteren", "Afwijzen", "Bewerken"]
    form = await driver.click(page, "Bewerken")
    refused = await driver.submit(form, {"Personeel": "veel"})
    assert refused.content.startswith("Niet opgeslagen; je invoer blijft bewaard")
    draft_id = page.buttons[0]["custom_id"].split(":")[1]
    choices = await driver.autocomplete("feiten concept", "concept", "nrc")
    assert [c["value"] for c in choices] == [draft_id]
    english = await driver.run("feiten inlezen", {"artikel": str(_english(env)), "gepubliceerd": "2021-09-20"})
    assert (
        english.content
        == "english.txt leest niet als Nederlands; alleen Nederlandse artikelen kunnen worden ingelezen."
    )


def _english(env: Curated) -> Path:
    path = env.data.parent / "english.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


async def test_a_draft_of_many_items_stays_within_discords_limits(env: Curated, tmp_path: Path) -> None:
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober"]
    sentences = [
        f"Het kabinet stuurt naar verwachting {100 + n} militairen naar Erbil en zij vertrekken in {months[n % 10]} "
        f"2022 samen met Amerikaanse militairen. Daarnaast gaan {40 + n} militairen naar Mali om de VN-missie Minusma "
        f"te steunen met een C-130 transportvliegtuig."
        for n in range(30)
    ]
    path = tmp_path / "lang.md"
    path.write_text("\n\n".join(sentences), encoding="utf-8")
    page = await ingest(env, article=str(path))
    total = int(page.embed["fields"][0]["name"].rsplit(" ", 1)[1])
    assert total > 20 and "more items" in page.embed["description"]
    for _ in range(3):  # every page, every answer: the loopback Discord refuses anything past a limit
        page = await env.sandbox.driver.click(page, "Accept")
    assert len(page.embed["description"]) <= 4096 and all(len(b["custom_id"]) <= 100 for b in page.buttons)


def forged(page: Reply, custom_id: str) -> dict[str, object]:
    """The page's message with one button whose custom id was crafted by hand (Discord passes it on as is)."""
    message = dict(page.message)
    message["components"] = [{"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    return message


@needs_seed
async def test_tampered_button_ids_are_refused_clearly_and_change_nothing(env: Curated) -> None:
    """Attack: custom ids crafted by hand — an item beyond the draft, another (unknown) draft, a huge version."""
    sandbox, driver = env.sandbox, env.sandbox.driver
    page = await ingest(env)
    draft = (await sandbox.bot.curation.open_drafts())[0]
    beyond = len(draft.items)
    for action in ("accept", "reject", "edit", "next", "prev"):
        answer = await driver.click(forged(page, f"facts:{draft.id}:1:{beyond}:{action}"), "x")
        if action in ("next", "prev"):  # moving is harmless: the page shown is one that exists
            assert answer.embed["fields"][0]["name"].startswith("Item ")
        else:
            assert answer.ephemeral and answer.content == f"Draft {draft.id} has no item {beyond + 1}.", action
    other = "0" * 8 if draft.id != "0" * 8 else "1" * 8
    unknown = await driver.click(forged(page, f"facts:{other}:1:0:accept"), "x")
    assert unknown.content == f"Draft {other} does not exist (any more): drafts expire after 7 days."
    huge = await driver.click(forged(page, f"facts:{draft.id}:999999999:0:publish"), "x")
    assert huge.content.startswith("Another curator changed this draft meanwhile (now version 1)")
    after = await sandbox.bot.curation.get(draft.id)
    assert after.version == 1 and all(i.decision is None for i in after.items)
    assert data_files(env.data) == data_files(Path(str(SEED_DATA_DIR)))


@needs_seed
async def test_a_message_link_naming_the_home_server_but_a_channel_elsewhere_is_refused(env: Curated) -> None:
    """Attack: the link's server part says "home" but its channel is in another server the bot is in; a link
    to a deleted message; a message id that is no snowflake. Each is refused, and no draft is kept."""
    sandbox = env.sandbox
    other = sandbox.world.add_guild("Elsewhere")
    secret = other.channel_named("general")
    posted = sandbox.server.post(secret, SEED.read_text(encoding="utf-8")[:600], author=sandbox.moderator.user)
    home = sandbox.guild.id
    crossed = await ingest(env, article=None, message=f"https://discord.com/channels/{home}/{secret.id}/{posted['id']}")
    assert crossed.content == "That is not a link to a message in this server."
    general = sandbox.guild.channel_named("general")
    deleted = await ingest(env, article=None, message=f"https://discord.com/channels/{home}/{general.id}/1234567")
    assert deleted.content == "The bot cannot read that message (deleted, or no access to its channel)."
    huge = await ingest(env, article=None, message=f"https://discord.com/channels/{home}/{general.id}/{'9' * 30}")
    assert huge.content in (deleted.content, crossed.content)
    assert await sandbox.bot.curation.open_drafts() == []


async def accept_all(env: Curated, page: Reply) -> Reply:
    for _ in range(40):
        if not any(line.removeprefix("▶ ").startswith("• ") for line in page.embed["description"].splitlines()):
            return page
        page = await env.sandbox.driver.click(page, "Accept" if item(page).startswith("• ") else "Next")
    raise AssertionError("items left undecided")


@needs_seed
async def test_racing_publishes_a_curator_losing_the_role_and_data_changed_underneath(env: Curated) -> None:
    """Attack: the same draft published twice at once; a curator who lost the role meanwhile; a second draft of
    the same article published after the first changed data/ underneath it. One file per publish, nothing lost
    or doubled, and what is written passes the loader and adds no audit problem."""
    import asyncio

    from bot.facts.audit import Level, audit

    sandbox, driver = env.sandbox, env.sandbox.driver
    today = sandbox.clock.now().date()
    problems_before = [f for f in audit(load_facts(env.data), today) if f.level is Level.PROBLEM]
    first = await accept_all(env, await ingest(env, source_id="first-2021-09-20"))
    second = await accept_all(env, await ingest(env, source_id="second-2021-09-20"))

    role = env.curator.roles.pop()  # removed from the curators' role after the ingest
    refused = await driver.click(first, "Publish")
    assert refused.content.startswith("Only curators can do this")
    assert not (env.data / "sources" / "first-2021-09-20.toml").exists()
    env.curator.roles.append(role)

    a, b = await asyncio.gather(driver.click(first, "Publish"), driver.click(first, "Publish"))
    said = [r.content or (r.interaction.followups or [{}])[0].get("content", "") for r in (a, b)]
    assert sum(s.startswith("Published as data/sources/first-2021-09-20.toml") for s in said) == 1, said
    assert len(await sandbox.bot.curation.drafts.publishes()) == 1

    # The second draft was reviewed before the first was published: against the facts of now, every fact it
    # accepted is the first's, so publishing it writes nothing again (and says so); nothing of the first is lost.
    after = await driver.click(second, "Publish")
    assert after.content.startswith("Every accepted fact is in the facts already"), after.content
    assert not (env.data / "sources" / "second-2021-09-20.toml").exists()
    facts = load_facts(env.data)
    assert "first-2021-09-20" in facts.sources and "second-2021-09-20" not in facts.sources
    assert [m for m in facts.milestones if m.source == "first-2021-09-20"]
    problems_after = [f for f in audit(facts, today) if f.level is Level.PROBLEM]
    assert problems_after == problems_before
    assert [p.source_id for p in await sandbox.bot.curation.drafts.publishes()] == ["first-2021-09-20"]


@needs_seed
async def test_a_form_submitted_twice_applies_once(env: Curated) -> None:
    """Attack: the same form sent twice (a double click, a client retry): the edit is applied once, the second
    is answered (never silently over the first), and the draft moves on by one version only."""
    sandbox, driver = env.sandbox, env.sandbox.driver
    page = await ingest(env)
    form = await driver.click(page, "Edit")
    done = await driver.submit(form, {"Personnel": "about 140"})
    assert "about 140 personnel" in done.embed["description"]
    again = await driver.submit(form, {"Personnel": "999"})
    assert again.ephemeral and "999" not in str(again.embed or again.content)
    draft = (await sandbox.bot.curation.open_drafts())[0]
    assert draft.version == 2 and draft.items[0].edited is not None and draft.items[0].edited["personnel_min"] == 140


async def test_the_size_limit_is_exact(env: Curated, tmp_path: Path) -> None:
    """Attack: one byte over 1 MB is refused with the reason (and no draft); exactly 1 MB is read (drafting a
    whole megabyte takes seconds, so that side is checked on the reader alone)."""
    from bot.ingest.language import MAX_BYTES, read_article

    text = ("Het kabinet stuurt honderd militairen naar Irak, en zij zijn er van januari tot maart. " * 20_000).encode()
    assert MAX_BYTES == 1024 * 1024 and read_article(text[:MAX_BYTES], "grens.txt")
    path = tmp_path / "grens.txt"
    path.write_bytes(text[: MAX_BYTES + 1])
    answer = await ingest(env, article=str(path))
    assert "is over the 1 MB an article may be" in answer.text and answer.ephemeral
    assert await env.sandbox.bot.curation.open_drafts() == []


@needs_seed
async def test_html_with_scripts_comments_and_entities_is_read_as_its_text(env: Curated, tmp_path: Path) -> None:
    """Attack: markup meant to smuggle text in (scripts, styles, comments, unclosed script) or to garble it
    (entities): only the article's own words reach the draft."""
    body = SEED.read_text(encoding="utf-8").replace("\n\n", "</p><p>").replace("Erbil", "Erb&iuml;l&#8203;")
    html = (
        "<!DOCTYPE html><html><head><style>p{}</style><script>document.write('Lithuania 9999 militairen')</script>"
        "</head><body><!-- 8888 militairen naar Mali --><p>"
        + body.replace("Erb&iuml;l&#8203;", "Erbil")
        + "</p><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer</p><script>var troops = 7777;"
    )
    path = tmp_path / "bericht.html"
    path.write_text(html, encoding="utf-8")
    page = await ingest(env, article=str(path))
    draft = (await env.sandbox.bot.curation.open_drafts())[0]
    for smuggled in ("9999", "8888", "7777", "document.write", "p{}"):
        assert smuggled not in draft.article, smuggled
    assert "<script>alert(1)</script> & meer" in draft.article  # entities decoded, as text
    assert "changed · Erbil airport force protection" in page.embed["description"]


@needs_seed
async def test_a_long_odd_file_name_and_odd_source_ids(env: Curated, tmp_path: Path) -> None:
    """Attack: the publisher and title default to the file's name, which may be long and hold quotes,
    backslashes and other scripts; source ids with path parts. Publish writes a file the loader takes, or
    refuses up front."""
    from bot.curation import publish

    name = ('Defensie "update" \\ 国防 ' + "lang " * 40).strip() + ".txt"
    path = tmp_path / name
    path.write_bytes(SEED.read_bytes())
    page = await ingest(env, article=str(path), publisher=None)
    page = await env.sandbox.driver.click(page, "Accept")
    done = await env.sandbox.driver.click(page, "Publish")
    said = done.content or done.interaction.followups[0]["content"]
    assert said.startswith("Published as data/sources/"), said
    load_facts(env.data)
    for bad in ("../x", "a/b", "Ünïcode", "x.toml", "-x", "a" * 65):
        refused = await ingest(env, source_id=bad)
        assert "is not a usable source id" in refused.text or "source id" in refused.text.lower(), (bad, refused.text)
    with pytest.raises(publish.PublishRefused):
        publish.target(env.data, "abc\n")


@needs_seed
async def test_a_form_submitted_by_a_non_curator_or_after_a_restart(env: Curated) -> None:
    """Attack: a curator's open form submitted by someone else (a forged submit), and a form left open across
    a restart: the first is refused and changes nothing, the second is applied."""
    sandbox, driver = env.sandbox, env.sandbox.driver
    page = await ingest(env)
    form = await driver.click(page, "Edit")
    driver.act_as(member=sandbox.member)
    refused = await driver.submit(form, {"Personnel": "999"})
    assert refused.content.startswith("Only curators can do this")
    assert (await sandbox.bot.curation.open_drafts())[0].version == 1
    await sandbox.restart_bot()
    driver.act_as(member=env.curator)
    done = await driver.submit(form, {"Personnel": "about 140"})
    assert "about 140 personnel" in done.embed["description"]
    assert (await sandbox.bot.curation.open_drafts())[0].version == 2


@needs_seed
async def test_a_derived_source_id_taken_meanwhile_gets_the_next_free_one(env: Curated, tmp_path: Path) -> None:
    """Attack: two articles of one publisher on one day, both with the default id <publisher>-<date>; the first
    is published while the second is in review. The second must not be stuck (its id was never the curator's
    choice): it is published under the next free id. An id the curator chose is still refused when taken."""
    other = tmp_path / "other.txt"
    other.write_text(
        "Het kabinet stuurt naar verwachting ongeveer 250 militairen naar Erbil. Zij vertrekken in januari en "
        "blijven daar een halfjaar, samen met Amerikaanse militairen.",
        encoding="utf-8",
    )
    first = await accept_all(env, await ingest(env))
    second = await accept_all(env, await ingest(env, article=str(other)))
    chosen = await accept_all(env, await ingest(env, source_id="test-2021-09-20"))
    done = await env.sandbox.driver.click(first, "Publish")
    assert done.content.startswith("Published as data/sources/test-2021-09-20.toml")
    again = await env.sandbox.driver.click(second, "Publish")
    assert again.content.startswith("Published as data/sources/test-2021-09-20-2.toml"), again.content
    assert {"test-2021-09-20", "test-2021-09-20-2"} <= set(load_facts(env.data).sources)
    taken = await env.sandbox.driver.click(chosen, "Publish")
    assert "A source with the id test-2021-09-20 exists already" in taken.interaction.followups[0]["content"]
    assert sorted(p.source_id for p in await env.sandbox.bot.curation.drafts.publishes()) == [
        "test-2021-09-20",
        "test-2021-09-20-2",
    ]
