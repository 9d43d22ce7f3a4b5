"""Finding your way: /help shows moderators /config; a server that adds the bot gets one setup hint."""

from discord import Permissions

from bot.sandbox.session import Sandbox
from bot.sandbox.world import Guild, Overwrite


def mention(sandbox: Sandbox, name: str) -> str:
    return f"</{name}:{sandbox.server.command(name.split()[0])['id']}>"


async def test_help_shows_moderators_the_config_commands_and_members_not(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.member, locale="en-US")
    member_help = (await sandbox.driver.slash("help")).embed["description"]
    assert "config" not in member_help and "moderators" not in member_help

    sandbox.driver.act_as(member=sandbox.moderator, locale="nl")
    moderator_help = (await sandbox.driver.slash("help")).embed["description"]
    assert moderator_help.startswith(member_help.split(" — ")[0])  # the same member commands come first
    assert "**Voor moderators (Server beheren):" in moderator_help
    for sub in ("channel", "leads", "time", "timezone", "role", "missions", "language", "pause", "resume", "show"):
        assert mention(sandbox, f"config {sub}") in moderator_help
    assert f"{mention(sandbox, 'config channel')} — Het kanaal voor aankondigingen" in moderator_help


def _new_server(sandbox: Sandbox, name: str = "New Watch") -> Guild:
    guild = sandbox.world.add_guild(name, ("welcome", "general"))
    guild.system_channel_id = guild.channel_named("welcome").id
    return guild


def _posts(sandbox: Sandbox) -> list[str]:
    return [r.path for r in sandbox.server.requests if r.method == "POST" and r.path.endswith("/messages")]


async def test_a_new_server_gets_one_setup_hint_in_its_system_channel(sandbox: Sandbox) -> None:
    guild = _new_server(sandbox)
    await sandbox.expect("setup_hint_handled", sandbox.server.join_guild(guild))
    (hint,) = guild.channel_named("welcome").messages
    assert hint["content"] == (
        f"Bedankt voor het toevoegen van deploybot. Een moderator kiest met {mention(sandbox, 'config channel')} "
        f"waar aankondigingen komen; {mention(sandbox, 'help')} toont de rest."
    )  # the server's own language (Dutch here); the commands as mentions, which every client names its own way
    assert guild.channel_named("general").messages == []

    # A restart (the server comes back as available, not joined), then a removal and a re-join: no repeat.
    await sandbox.restart_bot()
    await sandbox.expect("guild_forgotten", sandbox.server.remove_guild(guild))
    await sandbox.expect("setup_hint_handled", sandbox.server.join_guild(guild))
    assert len(guild.channel_named("welcome").messages) == 1


async def test_english_servers_get_it_in_english(sandbox: Sandbox) -> None:
    guild = _new_server(sandbox)
    guild.preferred_locale = "en-US"
    await sandbox.expect("setup_hint_handled", sandbox.server.join_guild(guild))
    (hint,) = guild.channel_named("welcome").messages
    assert hint["content"].startswith("Thanks for adding deploybot. A moderator chooses where announcements go with")


async def test_no_hint_where_the_bot_may_not_post(sandbox: Sandbox) -> None:
    before = len(_posts(sandbox))
    silent = _new_server(sandbox, "No System Channel")
    silent.system_channel_id = None
    await sandbox.expect("setup_hint_handled", sandbox.server.join_guild(silent))

    closed = _new_server(sandbox, "Closed")
    welcome = closed.channel_named("welcome")
    welcome.overwrites.append(Overwrite(closed.id, 0, deny=Permissions(send_messages=True)))
    await sandbox.expect("setup_hint_handled", sandbox.server.join_guild(closed))

    assert len(_posts(sandbox)) == before  # not even tried: nothing refused, nothing posted elsewhere
    assert all(not c.messages for g in (silent, closed) for c in g.channels.values())
