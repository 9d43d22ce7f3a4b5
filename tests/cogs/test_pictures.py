"""/timeline with its picture and /calendar with its file, through the loopback Discord, which checks the upload
(multipart, attachments, description length, file size) as Discord does and keeps the bytes."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import discord
import pytest
from icalendar import Calendar
from PIL import Image

from bot import limits
from bot.clock import ManualClock, utc
from bot.sandbox.session import Sandbox
from tests.sandbox_fixtures import start_sandbox


def _png(sandbox: Sandbox, attachment: dict) -> Image.Image:
    image = Image.open(io.BytesIO(sandbox.driver.download(attachment)))
    assert image.format == "PNG"
    return image


async def test_timeline_of_a_mission_attaches_its_picture_with_alt_text(sandbox: Sandbox) -> None:
    reply = await sandbox.driver.slash("timeline", mission="erbil")
    assert reply.embed["title"] == "Timeline: 🇮🇶 Erbil airport force protection"  # the text pages stay
    (attachment,) = reply.attachments
    assert attachment["filename"] == "timeline-erbil.png" and attachment["content_type"] == "image/png"
    assert attachment["description"].startswith("Timeline of Erbil airport force protection (active)")
    assert len(attachment["description"]) <= limits.ATTACHMENT_DESCRIPTION
    image = _png(sandbox, attachment)
    assert image.width == 1100 and attachment["size"] == len(sandbox.driver.download(attachment))
    # The request was multipart: payload_json with the attachments array, and the file as files[0].
    (request,) = [r for r in sandbox.server.requests if r.files]  # deferred while drawing: the followup
    assert request.body["attachments"][0]["description"] == attachment["description"]
    assert request.files[0].data.startswith(b"\x89PNG")


async def test_timeline_without_a_mission_draws_every_current_mission(sandbox: Sandbox) -> None:
    reply = await sandbox.driver.slash("timeline")
    (attachment,) = reply.attachments
    assert attachment["filename"] == "timeline.png"
    for name in ("Erbil airport force protection", "MINUSMA: C-130 rotation"):
        assert name in attachment["description"]
        assert name in reply.embed["description"]
    assert "Peshmerga" not in attachment["description"]  # ended: not current
    _png(sandbox, attachment)


async def test_the_picture_is_drawn_once_per_days_facts_and_language(sandbox: Sandbox) -> None:
    cog = sandbox.bot.get_cog("Missions")
    first = await sandbox.driver.slash("timeline", mission="minusma")
    again = await sandbox.driver.slash("timeline", mission="minusma")
    assert sandbox.driver.download(first.attachments[0]) == sandbox.driver.download(again.attachments[0])
    assert len(cog._pictures) == 1  # type: ignore[union-attr]
    sandbox.driver.act_as(locale="nl")
    dutch = await sandbox.driver.slash("tijdlijn", mission="minusma")
    assert dutch.attachments[0]["description"].startswith("Tijdlijn van MINUSMA: C-130-rotatie (gepland)")
    assert len(cog._pictures) == 2  # type: ignore[union-attr]


async def test_calendar_attaches_an_ics_file_in_the_readers_language(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(locale="nl")
    reply = await sandbox.driver.slash("agenda", mission="minusma")
    assert reply.content.startswith("Agendabestand voor MINUSMA: C-130-rotatie: 3 datums.")
    (attachment,) = reply.attachments
    assert attachment["filename"] == "deploybot-minusma.ics"
    calendar = Calendar.from_ical(sandbox.driver.download(attachment))
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert "MINUSMA: C-130-rotatie — Rotatie: de tweede helft van november 2021" in summaries
    everything = await sandbox.driver.slash("calendar")
    (whole,) = everything.attachments
    uids = {str(e["UID"]) for e in Calendar.from_ical(sandbox.driver.download(whole)).walk("VEVENT")}
    assert "minusma.rotation-start@deploybot" in uids and "erbil.arrival@deploybot" in uids


async def test_help_lists_calendar_and_the_picture(sandbox: Sandbox) -> None:
    text = (await sandbox.driver.slash("help")).embed["description"]
    assert "/calendar" in text or "calendar:" in text
    assert "as a picture" in text


def _channel(sandbox: Sandbox) -> discord.TextChannel:
    channel = sandbox.bot.get_channel(sandbox.guild.channel_named("general").id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_uploads_break_no_rule_of_discords_unnoticed(sandbox: Sandbox) -> None:
    channel = _channel(sandbox)
    with pytest.raises(discord.Forbidden) as refused:  # a channel message with a file needs Attach Files
        await channel.send(file=discord.File(io.BytesIO(b"x"), filename="a.txt"))
    assert refused.value.code == 50013
    role = sandbox.guild.role_named("deploybot")
    role.permissions = role.permissions | discord.Permissions(attach_files=True)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(file=discord.File(io.BytesIO(b"x"), filename="a.txt", description="d" * 1025))
    assert (caught.value.status, caught.value.code) == (400, 50035) and "description" in caught.value.text
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(file=discord.File(io.BytesIO(b"x" * (limits.ATTACHMENT_SIZE + 1)), filename="big.bin"))
    assert (caught.value.status, caught.value.code) == (413, 40005)
    files = [discord.File(io.BytesIO(b"x"), filename=f"{i}.txt") for i in range(11)]
    with pytest.raises((discord.HTTPException, ValueError)):
        await channel.send(files=files)
    assert sandbox.channel_messages("general") == []
    sent = await channel.send(file=discord.File(io.BytesIO(b"hello"), filename="hello.txt", description="a greeting"))
    (stored,) = sandbox.channel_messages("general")
    (attachment,) = stored["attachments"]  # type: ignore[misc]
    assert attachment["description"] == "a greeting" and sandbox.driver.download(attachment) == b"hello"
    assert sent.attachments[0].filename == "hello.txt" and sent.attachments[0].description == "a greeting"


async def test_timeline_without_a_mission_when_none_is_current_says_so_without_a_picture(tmp_path: Path) -> None:
    async with start_sandbox(tmp_path, ManualClock(utc(2024, 6, 1, 8))) as sandbox:
        reply = await sandbox.driver.slash("timeline")
        assert reply.attachments == []
        assert reply.embed["description"] == "No mission is planned or active now."


async def test_a_picture_drawn_from_facts_replaced_meanwhile_is_not_cached_for_the_new_facts(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: /timeline A draws from the old facts; the facts are reloaded and /timeline B fills the cache for the
    new version; A's picture must not land in the new version's cache (it would be shown all day)."""
    import asyncio
    import sys
    import threading

    from bot.facts.book import FactBook

    cog = sandbox.bot.get_cog("Missions")
    missions = sys.modules[type(cog).__module__]  # the extension as discord.py loaded it

    version = {"now": sandbox.bot.facts.version}
    monkeypatch.setattr(FactBook, "version", property(lambda self: version["now"]))
    drawing, release = threading.Event(), threading.Event()
    render = missions.render_timeline

    def held(views, as_of, lang, single=False):  # type: ignore[no-untyped-def]
        if views[0].mission.slug == "minusma":
            drawing.set()
            release.wait(30)
        return render(views, as_of, lang, single)

    monkeypatch.setattr(missions, "render_timeline", held)
    first = asyncio.ensure_future(sandbox.driver.slash("timeline", mission="minusma"))
    await asyncio.to_thread(drawing.wait, 30)
    version["now"] += 1  # the facts were reloaded while minusma's picture was being drawn
    await sandbox.driver.slash("timeline", mission="erbil")
    release.set()
    await first
    assert {slug for slug, _ in cog._pictures} == {"erbil"}  # type: ignore[union-attr]


async def test_the_cached_picture_is_drawn_again_the_next_day(sandbox: Sandbox) -> None:
    """Attack: a picture cached yesterday would show yesterday's "today" line; the cache is per day."""
    first = await sandbox.driver.slash("timeline", mission="minusma")
    await sandbox.advance_to(sandbox.clock.now() + timedelta(days=1))
    again = await sandbox.driver.slash("timeline", mission="minusma")
    assert sandbox.driver.download(first.attachments[0]) != sandbox.driver.download(again.attachments[0])
    assert first.attachments[0]["description"] != again.attachments[0]["description"]  # "as known on" the new day
    cog = sandbox.bot.get_cog("Missions")
    assert len(cog._pictures) == 1  # type: ignore[union-attr]
