from bot.sandbox.session import Sandbox


async def test_the_bot_starts_syncs_and_answers(sandbox: Sandbox) -> None:
    names = {c["name"] for c in sandbox.server.commands}
    assert names == {"mission", "partners", "missions", "upcoming", "timeline", "calendar", "help", "about", "config",
                     "follow", "unfollow", "following", "forget-me"}  # fmt: skip
    home = sorted(c["name"] for c in sandbox.server.guild_commands[sandbox.guild.id])
    assert home == ["facts", "owner"]  # the home server's own
    reply = await sandbox.driver.slash("mission", name="erbil")
    assert reply.embed["title"].endswith("Erbil airport force protection")
    assert not reply.ephemeral
