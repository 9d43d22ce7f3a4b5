"""The loopback Discord's modals (response type 9, MODAL_SUBMIT) and attachments, checked as Discord checks them."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.sandbox import rules
from bot.sandbox.session import Sandbox
from tests.contract import violations


def _modal(**changes: Any) -> dict[str, Any]:
    text_input = {"type": 4, "custom_id": "personnel", "style": 1, "label": "Personnel", "value": "250"}
    text_input.update(changes.pop("text_input", {}))
    modal = {
        "custom_id": "facts-edit:1",
        "title": "Edit item 1",
        "components": [{"type": 1, "components": [text_input]}],
    }
    modal.update(changes)
    return modal


@pytest.mark.parametrize(
    ("modal", "where"),
    [
        (_modal(title="x" * 46), "title"),
        (_modal(title=""), "title"),
        (_modal(custom_id="x" * 101), "custom_id"),
        (_modal(components=[]), "components"),
        (_modal(components=_modal()["components"] * 6), "components"),
        (_modal(text_input={"label": "x" * 46}), "components.0.components.0.label"),
        (_modal(text_input={"value": "x" * 4001}), "components.0.components.0.value"),
        (_modal(text_input={"custom_id": "x" * 101}), "components.0.components.0.custom_id"),
        (_modal(text_input={"type": 2}), "components.0.components.0.type"),
    ],
)
def test_a_modal_outside_discords_limits_is_refused(modal: dict[str, Any], where: str) -> None:
    errors = rules.check_modal(modal)
    assert any(line.startswith(where + ":") for line in errors.describe()), errors.describe()


def test_a_modal_within_the_limits_passes_both_checks() -> None:
    label = {"type": 18, "label": "Date", "component": {"type": 4, "custom_id": "date", "style": 1}}
    for modal in (_modal(), _modal(components=[*_modal()["components"], label])):
        assert not rules.check_modal(modal)
        assert violations("POST", "/interactions/1/t/callback", {"type": 9, "data": modal}) == []


async def test_modals_answer_commands_and_components_and_attachments_download(sandbox: Sandbox) -> None:
    server, guild = sandbox.server, sandbox.guild
    general = guild.channel_named("general")
    message = server.post(general, "a message with a button")
    interaction = await server.send_interaction(
        3, {"custom_id": "nobody:handles:this", "component_type": 2}, guild, general, sandbox.member.user.id,
        message=message,
    )  # fmt: skip
    url = f"{server.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"type": 9, "data": _modal(title="x" * 46)}) as refused:
            assert refused.status == 400 and (await refused.json())["code"] == 50035
        async with http.post(url, json={"type": 9, "data": _modal()}) as opened:
            assert opened.status == 204
        assert interaction.modal == _modal() and interaction.response_type == 9

        attachment = server.attach("artikel.txt", b"Het kabinet stuurt militairen.")
        async with http.get(attachment["url"]) as download:
            assert download.status == 200 and (await download.read()).decode() == "Het kabinet stuurt militairen."
        async with http.get(attachment["url"].replace("artikel", "ander")) as wrong:
            assert wrong.status == 404
    assert attachment["size"] == len("Het kabinet stuurt militairen.")
