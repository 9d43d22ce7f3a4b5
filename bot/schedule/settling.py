"""Settling a claim nobody is working on: did the post reach Discord or not?

The channel's history since the claim says: found → the message id is recorded by the caller; certainly
absent → the claim is given back (planning decides afresh on the current clock); the history cannot be read
→ the post is recorded as unverified and never sent again, so that it is never posted twice.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.ports import Lookup, Sender
from bot.storage.ledger import Entry, Ledger

log = logging.getLogger(__name__)


async def settle(entry: Entry, sender: Sender, ledger: Ledger, now: datetime) -> int | None:
    """The id of the message that carries ``entry``'s reference, when the channel has it; else ``None``, with the
    claim given back or marked unverified. Discord's or the database's trouble raises: the claim stays open."""
    if entry.channel_id is None:
        await ledger.release(entry.key)
        return None
    search = await sender.find_sent(entry.channel_id, entry.nonce, entry.claimed_at)
    if search.lookup is Lookup.FOUND and search.message_id is not None:
        log.info("announcement %s had been posted before the crash; recording it", entry.key)
        return search.message_id
    if search.lookup is Lookup.UNREADABLE:
        problem = f"could not check whether it was posted: {search.problem}"
        await ledger.mark_unverified(entry.key, problem, now)
        log.warning("announcement %s is unverified (%s); it will not be posted again", entry.key, problem)
        return None
    await ledger.release(entry.key)  # certainly not posted
    return None
