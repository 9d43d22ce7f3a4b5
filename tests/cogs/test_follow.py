from __future__ import annotations

from datetime import timedelta

from bot.clock import utc
from bot.sandbox.session import Sandbox


async def test_explore(sandbox: Sandbox) -> None:
    sandbox.clock.set(utc(2020, 11, 21, 8))
    reply = await sandbox.driver.slash("follow mission", mission="erbil")
    reply = await sandbox.driver.slash("follow mission", mission="minusma")
    reply = await sandbox.driver.slash("following")
    print(reply.text)
    await sandbox.advance_to(sandbox.clock.now() + timedelta(days=400))
    for dm in sandbox.world.dms.values():
        for m in dm.messages:
            print(m["timestamp"], m["embeds"][0].get("title"), m["embeds"][0].get("description", "")[:300].replace("\n"," | "))
    print([ (r.method, r.path) for r in sandbox.server.requests if "users" in r.path])
    assert 0
