from bot.sandbox.session import Sandbox


async def test_the_bot_starts_syncs_and_answers(sandbox: Sandbox) -> None:
    assert {c["name"] for c in sandbox.server.commands} >= {"about"}
    reply = await sandbox.driver.slash("about")
    assert reply.content.startswith("deploybot ")
    assert reply.ephemeral
