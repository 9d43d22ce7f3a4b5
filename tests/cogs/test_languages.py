"""One language per answer, through the loopback Discord: no data keys, no English in Dutch answers, no
Dutch posts previewed to an English reader without saying so."""

from pathlib import Path

import discord

from bot.clock import ManualClock, utc
from bot.sandbox.session import Sandbox
from bot.sandbox.world import Overwrite
from tests.sandbox_fixtures import start_sandbox


def fields(embed: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def test_a_second_contribution_is_headed_by_its_task_never_by_its_data_key(tmp_path: Path) -> None:
    # After the handover at Erbil (3 May 2023) a few advisers stay: a second Dutch contribution, key "advisers".
    async with start_sandbox(tmp_path, ManualClock(utc(2023, 7, 10, 8))) as sandbox:
        sandbox.driver.act_as(locale="nl")
        dutch = fields((await sandbox.driver.slash("mission", name="erbil")).embed)
        sandbox.driver.act_as(locale="en-GB")
        english = fields((await sandbox.driver.slash("mission", name="erbil")).embed)
    assert "(advisers)" not in " ".join([*dutch, *english])
    # [6]: Defensie, 3 May 2023, which reports the handover and the advisers who stay.
    assert dutch["Nederlandse bijdrage — Adviseurs die na de overdracht blijven"] == "3 militairen (werkelijk) [6]"
    assert dutch["Bronnen"].splitlines()[5].startswith("[6] [Defensie, 3 mei 2023]")
    assert "Beveiliging van het vliegveld, tot de overdracht aan Estland" in dutch["Nederlandse bijdrage"].splitlines()
    assert english["Dutch contribution — Advisers who stay after the handover"] == "3 personnel (actual) [6]"


async def test_about_quotes_each_source_title_in_the_readers_own_punctuation(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(locale="nl")
    dutch = (await sandbox.driver.slash("about")).embed["description"].splitlines()
    nrc = next(line for line in dutch if line.startswith("• [NRC, 20 november 2020]("))
    assert nrc.endswith(": „Cabinet decides on troops for Erbil and a C-130 for MINUSMA”")
    rijksoverheid = next(line for line in dutch if line.startswith("• [Rijksoverheid"))
    assert rijksoverheid.endswith(": „Kabinet besluit tot inzet C-130-transportvliegtuig in Mali”")
    sandbox.driver.act_as(locale="en-US")
    english = (await sandbox.driver.slash("about")).embed["description"].splitlines()
    nrc = next(line for line in english if line.startswith("• [NRC, 20 November 2020]("))
    assert nrc.endswith(": “Cabinet decides on troops for Erbil and a C-130 for MINUSMA”")


async def test_owner_commands_answer_in_the_readers_language(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(locale="nl")  # the member: not an owner
    refused = await sandbox.driver.slash("owner sync")
    assert refused.ephemeral and refused.content == "Alleen de eigenaren van de bot kunnen dit doen."
    sandbox.driver.act_as(member=sandbox.moderator, locale="nl")  # the sandbox's moderator owns the bot
    synced = await sandbox.driver.slash("owner sync")
    count = len(sandbox.server.commands) + len(sandbox.server.guild_commands[sandbox.guild.id])
    assert synced.content == f"{count} commando's geregistreerd."
    sandbox.driver.act_as(member=sandbox.member, locale="en-US")
    assert (await sandbox.driver.slash("owner reload")).content == "Only the bot's owners can do this."


async def test_config_show_and_preview_say_when_posts_go_out_in_another_language(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator, locale="en-US")
    await sandbox.driver.slash("config channel", channel="#announcements")
    show = await sandbox.driver.slash("config show")
    preview = await sandbox.driver.slash("config preview", days=30)
    note = "Announcements here are posted in Dutch, as shown above."
    assert show.embed["footer"]["text"] == note and preview.embed["footer"]["text"] == note
    assert fields(show.embed)["Next announcements"].startswith("• 16 November 2021 09:00 — 🇲🇱 MINUSMA")

    sandbox.driver.act_as(locale="nl")
    show = await sandbox.driver.slash("config show")
    preview = await sandbox.driver.slash("config preview", days=30)
    assert "footer" not in show.embed and "footer" not in preview.embed  # the reader reads the posts' language
    assert fields(show.embed)["Volgende aankondigingen"].startswith("• 16 november 2021 09:00 — 🇲🇱 MINUSMA")
    assert preview.embed["description"].startswith("• 16 november 2021 09:00 — ")

    await sandbox.driver.slash("config language", language="en")
    sandbox.driver.act_as(locale="nl")  # the server's choice now wins: answers and posts both in English
    show = await sandbox.driver.slash("config show")
    assert "footer" not in show.embed
    assert fields(show.embed)["Next announcements"].startswith("• 16 November 2021 09:00 — 🇲🇱 MINUSMA: C-130 rotation")


async def test_why_announcements_stopped_is_told_in_the_readers_language(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator, locale="nl")
    await sandbox.driver.slash("config channel", channel="#announcements")
    channel = sandbox.guild.channel_named("announcements")
    bot_role = sandbox.guild.role_named("deploybot")
    channel.overwrites.append(Overwrite(bot_role.id, 0, deny=discord.Permissions(send_messages=True)))
    await sandbox.expect("guild_channel_update", sandbox.server.update_channel(channel))
    refused = await sandbox.driver.slash("config resume")
    assert refused.content == (
        f"Ik kan niet aankondigen in <#{channel.id}>: ik mis Berichten verzenden, Links insluiten. "
        "Geef me die rechten daar, of kies een ander kanaal."
    )
    await sandbox.advance_to(utc(2021, 11, 17))
    health = fields((await sandbox.driver.slash("config show")).embed)["Status"]
    assert health.startswith(
        "Gepauzeerd door de bot sinds 28 oktober 2021 09:00: "
        "Berichten verzenden, Links insluiten ontbreken in #announcements."
    )
    sandbox.driver.act_as(locale="en-US")
    health = fields((await sandbox.driver.slash("config show")).embed)["Health"]
    assert health.startswith("Paused by the bot since 28 October 2021 09:00: missing Send Messages, Embed Links")


async def test_a_deleted_channel_is_told_in_the_readers_language(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator, locale="nl")
    await sandbox.driver.slash("config channel", channel="#announcements")
    channel = sandbox.guild.channel_named("announcements")
    await sandbox.expect("announcements_paused", sandbox.server.delete_channel(sandbox.guild, channel))
    health = fields((await sandbox.driver.slash("config show")).embed)["Status"]
    assert health == (
        "Gepauzeerd door de bot sinds 20 oktober 2021 10:00: het aankondigingskanaal is verwijderd. "
        f"Los het op en gebruik </config resume:{sandbox.server.command('config')['id']}>."
    )


async def test_a_deleted_ping_role_is_named_in_the_readers_language(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator, locale="nl")
    news = sandbox.world.add_role(sandbox.guild, "news", mentionable=True)
    event = {"guild_id": str(sandbox.guild.id), "role": news.payload()}
    await sandbox.expect("guild_role_create", sandbox.server.dispatch("GUILD_ROLE_CREATE", event))
    await sandbox.driver.slash("config role", role="@news")
    sandbox.guild.roles.pop(news.id)
    deleted = {"guild_id": str(sandbox.guild.id), "role_id": str(news.id)}
    await sandbox.expect("guild_role_delete", sandbox.server.dispatch("GUILD_ROLE_DELETE", deleted))
    roles = fields((await sandbox.driver.slash("config show")).embed)["Rolvermeldingen"]
    assert roles == f"alle: (verwijderde rol {news.id})"
