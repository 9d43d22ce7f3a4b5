from bot.sandbox.session import Sandbox


async def test_the_bot_starts_syncs_and_answers(sandbox: Sandbox) -> None:
    names = {c["name"] for c in sandbox.server.commands}
    assert names == {"mission", "partners", "missions", "upcoming", "timeline", "help", "about", "config", "follow",
                     "unfollow", "following", "forget-me"}  # fmt: skip
    assert [c["name"] for c in sandbox.server.guild_commands[sandbox.guild.id]] == ["owner"]  # the home server's
    reply = await sandbox.driver.slash("mission", name="erbil")
    assert reply.embed["title"].endswith("Erbil airport force protection")
    assert not reply.ephemeral
