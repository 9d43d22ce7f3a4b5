"""/config through the loopback Discord: every subcommand, its refusals and its validation."""

import discord
import pytest

from bot.sandbox.driver import DriverError
from bot.sandbox.session import Sandbox
from bot.sandbox.world import Overwrite


async def _as_moderator(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator)


async def test_members_without_manage_server_are_refused(sandbox: Sandbox) -> None:
    config = sandbox.server.command("config")
    assert int(config["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert config["name_localizations"]["nl"] == "config"
    # The client hides it, but a member may still call it (admins can change command permissions).
    reply = await sandbox.driver.slash("config channel", channel="#announcements")
    assert reply.ephemeral and reply.content.startswith("Only members with **Manage Server**")
    assert (await sandbox.bot.guild_settings.get(sandbox.guild.id)).channel_id is None


async def test_channel_is_checked_for_the_bots_permissions(sandbox: Sandbox) -> None:
    await _as_moderator(sandbox)
    channel = sandbox.guild.channel_named("announcements")
    bot_role = sandbox.guild.role_named("deploybot")
    channel.overwrites.append(Overwrite(bot_role.id, 0, deny=discord.Permissions(send_messages=True, embed_links=True)))
    await sandbox.expect("guild_channel_update", sandbox.server.update_channel(channel))
    refused = await sandbox.driver.slash("config channel", channel="#announcements")
    assert refused.content == (
        f"I cannot announce in <#{channel.id}>: I am missing Send Messages, Embed Links. "
        "Give me those permissions there, or choose another channel."
    )
    assert (await sandbox.bot.guild_settings.get(sandbox.guild.id)).channel_id is None

    channel.overwrites.clear()
    await sandbox.expect("guild_channel_update", sandbox.server.update_channel(channel))
    accepted = await sandbox.driver.slash("config channel", channel="#announcements")
    assert accepted.content == f"Announcements will be posted in <#{channel.id}> at 09:00 (Europe/Amsterdam)."
    stored = await sandbox.bot.guild_settings.get(sandbox.guild.id)
    assert stored.channel_id == channel.id and stored.announce_from == sandbox.clock.now()


async def test_leads_time_and_timezone_with_their_errors(sandbox: Sandbox) -> None:
    await _as_moderator(sandbox)
    slash = sandbox.driver.slash
    assert (await slash("config leads", days="30, 7,1,0,14")).content == (
        "Announcing 30,14,7,1,0 days before each date. Dates known only to a month or half-month get a post on the "
        "first day of their period (“this month”), and one 30 days before; a count of days shorter than the period "
        "would pretend to know the day."
    )
    # Without 0 among the leads, a month-precise date still gets its "this month" post.
    reply = await slash("config leads", days="7,1")
    assert reply.content.endswith("get a post on the first day of their period (“this month”); a count of days "
                                  "shorter than the period would pretend to know the day.")  # fmt: skip
    show = {f["name"]: f["value"] for f in (await slash("config show")).embed["fields"]}
    assert "Deze helft van de maand" in show["Next announcements"]  # MINUSMA, in the posts' language (Dutch)
    await slash("config leads", days="30,7,1,0,14")
    assert (await slash("config leads", days="400")).content == "“400” is not a number of days from 0 to 365."
    assert (await slash("config leads", days="1,2,3,4,5,6,7")).content == (
        "That is 7 lead times; at most 6 are allowed."
    )
    assert (await slash("config leads", days="soon")).content.startswith("“soon” is not a number")
    assert (await slash("config time", at="25:00")).content.startswith("“25:00” is not a time of day")
    assert (await slash("config time", at="7:30")).content == "Announcements go out at 07:30 (Europe/Amsterdam)."
    assert (await slash("config timezone", zone="Mars/Olympus")).content.startswith("“Mars/Olympus” is not a time zone")
    assert (await slash("config timezone", zone="America/Curacao")).content == "Time zone: America/Curacao."
    choices = await sandbox.driver.autocomplete("config timezone", "zone", "amster")
    assert choices[0] == {"name": "Europe/Amsterdam", "value": "Europe/Amsterdam"}
    stored = await sandbox.bot.guild_settings.get(sandbox.guild.id)
    assert (stored.leads, f"{stored.post_time:%H:%M}", stored.timezone) == (
        (30, 14, 7, 1, 0),
        "07:30",
        "America/Curacao",
    )


async def test_roles_missions_and_language(sandbox: Sandbox) -> None:
    await _as_moderator(sandbox)
    slash = sandbox.driver.slash
    news = sandbox.world.add_role(sandbox.guild, "news", mentionable=True)
    quiet = sandbox.world.add_role(sandbox.guild, "quiet", mentionable=False)
    for role in (news, quiet):
        event = {"guild_id": str(sandbox.guild.id), "role": role.payload()}
        await sandbox.expect("guild_role_create", sandbox.server.dispatch("GUILD_ROLE_CREATE", event))
    assert (
        await slash("config role", role="@news")
    ).content == f"Announcements for every mission will ping <@&{news.id}>."
    assert (await slash("config role", role="@quiet", mission="mali")).content.startswith("I may not mention")
    assert (await slash("config role", role="@everyone")).content.startswith("@everyone cannot be")
    assert (await slash("config role", role="@news", mission="minsuma")).content == (
        f"Announcements for minusma will ping <@&{news.id}>."
    )
    assert (await slash("config role")).content == "Announcements for every mission ping no role."
    erbil = "Erbil airport force protection"
    assert (await slash("config missions", action="add", mission="erbil")).content == f"Following only: {erbil}."
    assert (
        await slash("config missions", action="add", mission="erbil")
    ).content == f"{erbil} is already followed here."
    assert (await slash("config missions", action="add", mission="atlantis")).content.startswith(
        "No mission matches “atlantis”"
    )
    assert (await slash("config missions", action="remove", mission="erbil")).content.startswith(
        "Following no mission at the moment"
    )
    assert (await slash("config missions", action="remove", mission="erbil")).content == (
        f"{erbil} is not followed here; nothing changed."
    )
    assert (await slash("config missions", action="all")).content == "Following every mission."
    stored = await sandbox.bot.guild_settings.get(sandbox.guild.id)
    assert stored.roles == {"minusma": news.id} and stored.follow_all
    # From every mission, removing one leaves every other one.
    reply = await slash("config missions", action="remove", mission="erbil")
    assert reply.content == f"Following every mission except: {erbil}."
    stored = await sandbox.bot.guild_settings.get(sandbox.guild.id)
    assert stored.follow_all and stored.excluded == {"erbil"} and not stored.follows("erbil")
    assert stored.follows("minusma")
    show = {f["name"]: f["value"] for f in (await slash("config show")).embed["fields"]}
    assert show["Missions"] == f"all except {erbil}"
    assert (await slash("config missions", action="remove", mission="erbil")).content == (
        f"{erbil} is not followed here; nothing changed."
    )
    assert (await slash("config missions", action="add", mission="erbil")).content == "Following every mission."
    await slash("config missions", action="all")

    assert (await slash("config language", language="nl")).content == "Taal hier: Nederlands."
    # The server's choice now wins over the member's English client.
    card = (await slash("mission", name="erbil")).embed
    assert card["title"] == "🇮🇶 Beveiliging vliegveld Erbil"
    await slash("config language", language="auto")
    assert (await slash("mission", name="erbil")).embed["title"] == "🇮🇶 Erbil airport force protection"


async def test_show_preview_pause_and_test(sandbox: Sandbox) -> None:
    await _as_moderator(sandbox)
    slash = sandbox.driver.slash
    assert (await slash("config test")).content.startswith("No announcement channel yet")
    await slash("config channel", channel="#announcements")
    show = (await slash("config show")).embed
    fields = {f["name"]: f["value"] for f in show["fields"]}
    assert fields["Channel"] == "#announcements"
    assert fields["When"] == "30,7,1,0 days before, at 09:00 (Europe/Amsterdam)"
    assert fields["Health"] == "Posting normally."
    # 30 days before the rotation (17 October) lies before the channel was set: no history, so the next
    # post is "this half of the month" on 16 November, 09:00 Amsterdam time, in Dutch (the default).
    (nxt,) = fields["Next announcements"].splitlines()
    assert nxt.startswith("• 16 November 2021 09:00 — 🇲🇱 MINUSMA: C-130-rotatie: **Deze helft van de maand**")
    assert (await slash("config preview", days=10)).embed["description"] == (
        "Nothing would be announced in the next 10 days."
    )
    assert (await slash("config preview", days=30)).embed["description"].startswith("• 16 November 2021 09:00")
    with pytest.raises(DriverError, match="0 is not between 1 and 365"):  # Discord's client refuses it
        await slash("config preview", days=0)

    test = await slash("config test")
    assert test.content == f"A sample announcement was posted in <#{sandbox.guild.channel_named('announcements').id}>."
    (posted,) = sandbox.channel_messages("announcements")
    assert "Testbericht" in posted["embeds"][0]["description"]  # announcements are Dutch by default
    assert posted["pings"] == {"everyone": False, "users": [], "roles": []}

    assert (await slash("config pause")).content == "Announcements are paused."
    fields = {f["name"]: f["value"] for f in (await slash("config show")).embed["fields"]}
    resume = f"</config resume:{sandbox.server.command('config')['id']}>"  # a mention: each client shows its name
    assert fields["Health"] == f"Paused by a moderator ({resume})."
    assert (await slash("config resume")).content == "Announcements are on again."


async def test_settings_survive_a_restart(sandbox: Sandbox) -> None:
    await _as_moderator(sandbox)
    await sandbox.driver.slash("config channel", channel="#announcements")
    await sandbox.driver.slash("config leads", days="14,0")
    await sandbox.restart_bot()
    show = (await sandbox.driver.slash("config show")).embed
    assert {f["name"]: f["value"] for f in show["fields"]}["When"].startswith("14,0 days before")


async def test_leaving_a_server_deletes_its_settings_and_ledger(sandbox: Sandbox) -> None:
    await _as_moderator(sandbox)
    await sandbox.driver.slash("config channel", channel="#announcements")
    await sandbox.advance_to(sandbox.clock.now().replace(month=11, day=20))
    assert sandbox.channel_messages("announcements")  # something was announced, so the ledger has rows
    await sandbox.expect("guild_forgotten", sandbox.server.remove_guild(sandbox.guild))
    for table in ("guild_settings", "announcements", "guild_roles", "guild_missions"):
        row = await sandbox.bot.db.fetchone(f"SELECT COUNT(*) FROM {table} WHERE guild_id = ?", (sandbox.guild.id,))
        assert row is not None and row[0] == 0, table


async def test_while_paused_nothing_claims_it_will_be_posted(sandbox: Sandbox) -> None:
    await _as_moderator(sandbox)
    slash = sandbox.driver.slash
    await slash("config channel", channel="#announcements")
    await slash("config pause")
    show = {f["name"]: f["value"] for f in (await slash("config show")).embed["fields"]}
    assert "Next announcements (on hold while paused)" in show
    reply = await slash("config channel", channel="#announcements")
    assert "once they are on again: they are paused" in reply.content and "</config resume:" in reply.content
    await slash("config missions", action="add", mission="erbil")  # follows Erbil only, whose dates all passed
    test = await slash("config test")
    posted = sandbox.channel_messages("announcements")[-1]
    assert "A sample announcement was posted" in test.content
    assert "Erbil" in posted["embeds"][0]["title"]  # never a mission the server does not follow
