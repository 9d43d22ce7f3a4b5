"""The member commands, through the loopback Discord, on 20 October 2021 (sandbox clock)."""

import importlib
from datetime import date
from pathlib import Path

import pytest

from bot.clock import ManualClock, utc
from bot.dates import discord_countdown, discord_day
from bot.sandbox.driver import DriverError
from bot.sandbox.session import Sandbox
from tests.sandbox_fixtures import start_sandbox

NL = "nl"
NOV_20_2020, MAY_15_2022, DEC_31_2023 = (discord_day(date(*d)) for d in ((2020, 11, 20), (2022, 5, 15), (2023, 12, 31)))


def field(reply_embed: dict, name: str) -> str:
    return next(f["value"] for f in reply_embed["fields"] if f["name"] == name)


async def test_mission_erbil_in_english(sandbox: Sandbox) -> None:
    embed = (await sandbox.driver.slash("mission", name="erbil")).embed
    assert embed["title"] == "🇮🇶 Erbil airport force protection"
    assert field(embed, "Status") == "Active"
    assert field(embed, "Place") == "🇮🇶 Erbil, Kurdistan Region (Iraq)"
    contribution = field(embed, "Dutch contribution")
    assert contribution.startswith("100–150 personnel (planned) [2] → about 120 personnel (actual) [4]")
    assert contribution.endswith("_Active since January 2021, probably_")
    partners = field(embed, "Partners")
    assert "🇺🇸 United States (operates alongside) [2]" in partners
    assert "🇮🇶 Iraq (supported host-nation force) [2]" in partners
    assert "Global Coalition against IS (requester) [2]" in partners
    dates = field(embed, "Key dates")
    assert f"**Decision**: {NOV_20_2020} [3]" in dates  # the newest version: Rudaw, a day later; as a timestamp
    assert "**Arrival**: late January 2021 (planned: January 2021, probably) [5]" in dates
    sources = [line.split("](")[0] for line in field(embed, "Sources").splitlines()]  # without the links
    assert sources == [
        "[1] [Reformatorisch Dagblad, September 2020",
        "[2] [NRC, 20 November 2020",
        "[3] [Rudaw English, 21 November 2020",
        "[4] Defensie, January 2021",  # a source without a url is cited without a link
        "[5] [NRC, 15 February 2021",
    ]
    assert "[3] [Rudaw English, 21 November 2020](https://www.rudaw.net/english/kurdistan/211120201)" in field(
        embed, "Sources"
    )
    assert embed["footer"]["text"].startswith("Facts as known on 20 October 2021")


async def test_mission_erbil_in_dutch(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(locale="nl")
    embed = (await sandbox.driver.slash("mission", name="erbil")).embed
    assert embed["title"] == "🇮🇶 Beveiliging vliegveld Erbil"
    assert field(embed, "Status") == "Actief"
    assert field(embed, "Nederlandse bijdrage").startswith(
        "100–150 militairen (gepland) [2] → ongeveer 120 militairen (werkelijk) [4]"
    )
    assert "🇺🇸 Verenigde Staten (werkt samen met Nederland)" in field(embed, "Partners")
    dates = field(embed, "Belangrijke data")
    assert "**Aankomst**: eind januari 2021 (gepland: januari 2021, waarschijnlijk) [5]" in dates


async def test_mission_minusma_planned_against_decided(sandbox: Sandbox) -> None:
    embed = (await sandbox.driver.slash("mission", name="MINUSMA")).embed
    assert embed["title"] == "🇲🇱 MINUSMA: C-130 rotation"
    assert field(embed, "Status") == "Planned"
    contribution = field(embed, "Dutch contribution")
    assert contribution.startswith("70–130 personnel (estimate) [2] → about 90 personnel (planned) [4]")
    assert "1× C-130 Hercules [4]" in contribution
    assert contribution.endswith("_Not started yet_")
    assert (
        f"**Rotation**: from the second half of November 2021 to {MAY_15_2022} [4] "
        "(was: November 2021, expected, about 6 months)"
    ) in field(embed, "Key dates")
    assert "🇳🇴 Norway (rotation partner, coordinator) [3, 4]" in field(embed, "Partners")
    assert [line.split("](")[0] for line in field(embed, "Sources").splitlines()][:3] == [
        "[1] [defenceWeb, July 2020",
        "[2] [NRC, 20 November 2020",
        "[3] [DNA News, 11 December 2020",
    ]

    sandbox.driver.act_as(locale="nl")
    embed = (await sandbox.driver.slash("mission", name="minusma")).embed
    assert f"van de tweede helft van november 2021 tot en met {MAY_15_2022}" in field(embed, "Belangrijke data")


async def test_partners(sandbox: Sandbox) -> None:
    embed = (await sandbox.driver.slash("partners", mission="minusma")).embed
    rotation = field(embed, "Rotation partner")
    for country in ("🇳🇴 Norway", "🇩🇰 Denmark", "🇵🇹 Portugal"):
        assert country in rotation
    assert "Coordinates the air transport rotation" in field(embed, "Coordinator")

    erbil = (await sandbox.driver.slash("partners", mission="erbil")).embed
    assert field(erbil, "Operates alongside").startswith("🇺🇸 United States")
    assert field(erbil, "Supported host-nation force").startswith("🇮🇶 Iraq")
    assert field(erbil, "Requester").startswith("Global Coalition against IS")

    sandbox.driver.act_as(locale="nl")
    dutch = (await sandbox.driver.slash("partners", mission="minusma")).embed
    assert {"🇳🇴 Noorwegen", "🇩🇰 Denemarken", "🇵🇹 Portugal"} <= {
        line.split(" — ")[0] for line in field(dutch, "Rotatiepartner").splitlines()
    }


async def test_missions_grouped_and_filtered(sandbox: Sandbox) -> None:
    text = (await sandbox.driver.slash("missions")).embed["description"]
    active, planned, ended = text.index("__**Active**__"), text.index("__**Planned**__"), text.index("__**Ended**__")
    assert active < text.index("Erbil") < planned < text.index("MINUSMA") < ended < text.index("Peshmerga")
    only_ended = (await sandbox.driver.slash("missions", status="ended")).embed["description"]
    assert "Peshmerga" in only_ended and "Erbil" not in only_ended


async def test_upcoming_is_honest_about_precision(sandbox: Sandbox) -> None:
    text = (await sandbox.driver.slash("upcoming", days=60)).embed["description"]
    assert text == (
        f"• from the second half of November 2021 to {MAY_15_2022} — **MINUSMA: C-130 rotation**: Rotation"
        " — _Rijksoverheid, 15 October 2021_"
    )
    nothing = await sandbox.driver.slash("upcoming", days=3)
    assert nothing.embed["description"] == "No milestones are known for the next 3 days."
    with pytest.raises(DriverError, match="0 is not between 1 and 3650"):  # Discord's client refuses it
        await sandbox.driver.slash("upcoming", days=0)


async def test_timeline_in_order_with_certainty_and_source(sandbox: Sandbox) -> None:
    lines = (await sandbox.driver.slash("timeline", mission="erbil")).embed["description"].splitlines()
    assert [line.split("**")[1] for line in lines] == ["Decision", "Deployment", "Arrival", "Rotation"]
    assert lines[1].endswith("_NRC, 20 November 2020, paragraph 1_")
    assert "around May 2021" in lines[3]


async def test_help_and_about(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(locale="nl")
    help_card = await sandbox.driver.slash("help")
    assert help_card.ephemeral and help_card.embed["title"] == "Wat deploybot kan"
    about = (await sandbox.driver.slash("about")).embed
    assert "Rijksoverheid, 15 oktober 2021" in about["description"]
    assert "unsc-2023-06" not in str(about)  # not yet published on the sandbox clock
    assert about["footer"]["text"].startswith("Feitenversie 1")


@pytest.mark.parametrize(
    ("typed", "first"),
    [("irak", "erbil"), ("mali", "minusma"), ("minsuma", "minusma"), ("ERB", "erbil"), ("Érbil", "erbil")],
)
async def test_autocomplete(sandbox: Sandbox, typed: str, first: str) -> None:
    choices = await sandbox.driver.autocomplete("mission", "name", typed)
    assert choices[0]["value"] == first


async def test_autocomplete_defaults_and_hostile_input(sandbox: Sandbox) -> None:
    everything = await sandbox.driver.autocomplete("partners", "mission", "")
    assert [c["value"] for c in everything] == ["erbil", "minusma", "peshmerga-training"]  # active, planned, ended
    for typed in ("x" * 10_000, "\x00\x1b[31m'; DROP TABLE missions;--", "🇳🇱" * 60):
        choices = await sandbox.driver.autocomplete("mission", "name", typed)
        assert len(choices) <= 25 and all(len(c["name"]) <= 100 for c in choices)
    sandbox.driver.act_as(locale="nl")
    (choice,) = await sandbox.driver.autocomplete("timeline", "mission", "hawler")
    assert choice == {"name": "Beveiliging vliegveld Erbil — Erbil, Koerdische Autonome Regio (Irak)", "value": "erbil"}


async def test_unknown_mission_gets_suggestions_not_a_traceback(sandbox: Sandbox) -> None:
    reply = await sandbox.driver.slash("mission", name="atlantis")
    assert reply.ephemeral
    assert reply.content == ("No mission matches “atlantis”. Known missions: `erbil`, `minusma`, `peshmerga-training`.")
    too_long = await sandbox.driver.slash("partners", mission="a" * 150)
    assert too_long.ephemeral and too_long.content == "That name is too long (150 characters; at most 100)."
    odd = await sandbox.driver.slash("mission", name="@everyone\u202e\x00 <@&1>")
    assert odd.ephemeral and odd.message["pings"] == {"everyone": False, "users": [], "roles": []}
    assert "@everyone" not in odd.content.replace("\\@", "")
    near = await sandbox.driver.slash("mission", name="kurdish training")
    assert near.ephemeral and near.content == (
        "No mission matches “kurdish training”. Did you mean: **Peshmerga training** (`peshmerga-training`)?"
    )
    blank = await sandbox.driver.slash("timeline", mission="   ")
    assert blank.ephemeral and blank.content == "Type the name of a mission."


async def test_commands_are_localized(sandbox: Sandbox) -> None:
    mission = sandbox.server.command("mission")
    assert mission["name_localizations"]["nl"] == "missie"
    assert mission["options"][0]["name_localizations"]["nl"] == "naam"
    assert sandbox.server.command("timeline")["name_localizations"]["nl"] == "tijdlijn"


async def test_no_answer_can_ping(sandbox: Sandbox) -> None:
    for command, options in [("mission", {"name": "erbil"}), ("missions", {}), ("about", {})]:
        await sandbox.driver.slash(command, **options)
    callbacks = [r.body for r in sandbox.server.requests if r.path.endswith("/callback")]
    assert callbacks and all(body["data"]["allowed_mentions"] == {"parse": []} for body in callbacks)


def _many_missions(data_dir: Path, count: int) -> None:
    missions = data_dir / "missions.toml"
    extra = "".join(
        f"""
[[mission]]
slug = "exercise-{i:02d}"
source = "nrc-2020-11-20"
name = {{ nl = "Oefening {i:02d}", en = "Exercise {i:02d}" }}
organisation = "nato"
country = "LT"
place = {{ nl = "Rukla", en = "Rukla" }}
summary = {{ nl = "Een oefening.", en = "An exercise." }}
"""
        for i in range(count)
    )
    missions.write_text(missions.read_text(encoding="utf-8") + extra, encoding="utf-8")


async def test_long_lists_page_with_buttons(tmp_path: Path, data_dir: Path, clock: ManualClock) -> None:
    _many_missions(data_dir, 30)
    async with start_sandbox(tmp_path, clock, data_dir) as sandbox:
        first = await sandbox.driver.slash("missions")
        assert first.embed["footer"]["text"].endswith("Page 1 of 3")
        assert [b["label"] for b in first.buttons] == ["◀ Previous", "Next ▶"]
        assert first.buttons[0]["disabled"] is True
        second = await sandbox.driver.click(first, "next")
        assert second.embed["footer"]["text"].endswith("Page 2 of 3")
        assert second.message["id"] == first.message["id"]  # the same message, edited
        third = await sandbox.driver.click(second, "next")
        assert third.buttons[1]["disabled"] is True
        back = await sandbox.driver.click(third, "previous")
        assert back.embed["footer"]["text"].endswith("Page 2 of 3")
        choices = await sandbox.driver.autocomplete("mission", "name", "")
        assert len(choices) == 25

        # When the view times out its buttons are taken away, rather than left to fail.
        store = sandbox.bot._connection._view_store  # discord.py's own registry of live views
        view = store._synced_message_views[int(first.message["id"])]
        await view.on_timeout()
        (message,) = [m for m in sandbox.channel_messages("general") if m["id"] == first.message["id"]]
        assert message["components"] == []


async def test_a_failure_gets_an_apology_not_silence(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> dict[str, object]:
        raise RuntimeError("a bug")

    # The renderer the cog calls for the card fails: the member still gets an answer.
    monkeypatch.setattr(importlib.import_module("bot.render.missions"), "mission_card", broken)
    sandbox.driver.act_as(locale="nl")
    reply = await sandbox.driver.slash("mission", name="erbil")
    assert reply.ephemeral
    assert reply.content == "Er ging iets mis bij het antwoorden; dat is gelogd. Probeer het nog eens."


async def test_the_un_operations_end_is_never_shown_as_the_dutch_contributions(
    tmp_path: Path, clock: ManualClock
) -> None:
    clock.set(utc(2023, 7, 15, 8))  # the Security Council's decision is known; the UN's end lies ahead
    async with start_sandbox(tmp_path, clock) as sandbox:
        card = (await sandbox.driver.slash("mission", name="minusma")).embed
        assert field(card, "Status") == "Ended"  # the C-130 rotation ended in May 2022
        assert field(card, "Dutch contribution").endswith(f"_Ended {MAY_15_2022}_")
        assert field(card, "Operation") == f"Operation ends: {DEC_31_2023}"
        assert "End of mission" not in str(card)
        # The card's next date counts down; the dates before it do not.
        countdown = discord_countdown(date(2023, 12, 31))
        assert f"**Operation ends**: {DEC_31_2023} ({countdown}) [" in field(card, "Key dates")
        assert field(card, "Key dates").count(":R>") == 1
        upcoming = (await sandbox.driver.slash("upcoming", days=365)).embed["description"]
        assert upcoming.startswith(f"• {DEC_31_2023} ({countdown}) — **MINUSMA: C-130 rotation**: Operation ends")
        assert "Facts as known on 15 July 2023" in card["footer"]["text"]  # a footer shows no timestamp: words
        sandbox.driver.act_as(locale="nl")
        dutch = (await sandbox.driver.slash("mission", name="minusma")).embed
        assert field(dutch, "Operatie") == f"Einde van de operatie: {DEC_31_2023}"
        assert field(dutch, "Nederlandse bijdrage").endswith(f"_Beëindigd {MAY_15_2022}_")

        clock.set(utc(2024, 1, 2, 8))
        sandbox.driver.act_as(locale="en-GB")
        card = (await sandbox.driver.slash("mission", name="minusma")).embed
        assert field(card, "Operation") == f"Ended {DEC_31_2023}"


async def test_about_reaches_every_source_page_by_page(tmp_path: Path, data_dir: Path, clock: ManualClock) -> None:
    for i in range(25):
        (data_dir / "sources" / f"extra-{i:02d}.toml").write_text(
            f'[source]\nid = "extra-{i:02d}"\npublisher = "Publisher {i:02d}"\ntitle = "Title {i:02d}"\n'
            f'published = "2021-0{1 + i % 9}"\nlanguage = "en"\nurl = "https://example.org/{i}"\n',
            encoding="utf-8",
        )
    async with start_sandbox(tmp_path, clock, data_dir) as sandbox:
        reply = await sandbox.driver.slash("about")
        assert reply.ephemeral and reply.embed["footer"]["text"].endswith("Page 1 of 4")
        seen = [reply.embed["description"]]
        while not reply.buttons[1]["disabled"]:
            reply = await sandbox.driver.click(reply, "next")
            seen.append(reply.embed["description"])
        text = "\n".join(seen)
        assert len(seen) == 4 and "more" not in text
        for i in range(25):
            assert f"[Publisher {i:02d}, " in text and f"Title {i:02d}" in text
        for known in ("NRC, 20 November 2020", "Rijksoverheid, 15 October 2021", "Rudaw English, 21 November 2020"):
            assert known in text
        assert "UN Security Council" not in text  # published in 2023: not known on the sandbox clock


async def test_a_mission_not_reported_for_18_months_says_so(tmp_path: Path, clock: ManualClock) -> None:
    clock.set(utc(2023, 2, 1, 8))  # Erbil's newest source then: NRC, 15 February 2021
    async with start_sandbox(tmp_path, clock) as sandbox:
        card = (await sandbox.driver.slash("mission", name="erbil")).embed
        assert field(card, "Status") == "Active"
        assert field(card, "Last reported").startswith("Last reported: February 2021.")
        listing = (await sandbox.driver.slash("missions")).embed["description"]
        assert "(`erbil`) — _last reported: February 2021_" in listing
        assert "minusma`) — _last" not in listing  # ended missions are history, not stale
        sandbox.driver.act_as(locale="nl")
        dutch = (await sandbox.driver.slash("mission", name="erbil")).embed
        assert field(dutch, "Laatst gemeld").startswith("Laatst gemeld: februari 2021.")

        clock.set(utc(2023, 5, 4, 8))  # the handover of 1 May 2023 is published: ended, nothing stale
        sandbox.driver.act_as(locale="en-GB")
        card = (await sandbox.driver.slash("mission", name="erbil")).embed
        assert field(card, "Status") == "Ended"
        assert "Last reported" not in [f["name"] for f in card["fields"]]


async def test_an_arrival_resolves_its_planned_deployment_on_the_card(sandbox: Sandbox) -> None:
    sandbox.clock.set(utc(2021, 3, 1, 8))
    sandbox.driver.act_as(locale="en-US")
    card = (await sandbox.driver.slash("mission", name="erbil")).embed
    dates = next(f["value"] for f in card["fields"] if f["name"] == "Key dates")
    assert "**Arrival**: late January 2021 (planned: January 2021, probably)" in dates
    assert "**Deployment**" not in dates  # the plan is shown beside what happened, not as a date of its own
