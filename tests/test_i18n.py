"""The message catalogues: the same keys in both languages, the same placeholders, no key written twice."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from typing import Any

import pytest

from bot import dates, i18n
from bot.dates import Certainty, DurationUnit, Precision, Qualifier, Season
from bot.facts.model import MilestoneKind, PartnerRole, PersonnelKind, Status
from bot.i18n import CATALOGUES, Language, say
from bot.sandbox.session import Sandbox

EN, NL = CATALOGUES[Language.EN], CATALOGUES[Language.NL]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_key_is_in_both_languages() -> None:
    assert sorted(EN.keys() - NL.keys()) == [], "missing in Dutch"
    assert sorted(NL.keys() - EN.keys()) == [], "missing in English"


def test_both_languages_take_the_same_placeholders() -> None:
    differ = {key: (placeholders(EN[key]), placeholders(NL[key])) for key in EN if key in NL}
    assert {key: pair for key, pair in differ.items() if pair[0] != pair[1]} == {}


def test_no_template_is_empty_or_has_positional_placeholders() -> None:
    for catalogue in (EN, NL):
        for key, template in catalogue.items():
            assert template.strip(), key
            assert "" not in placeholders(template), f"{key}: use named placeholders"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_key_is_written_twice(language: str) -> None:
    """A dict literal keeps the last of two equal keys silently; the source must not have any."""
    source = Path(i18n.__file__).with_name(f"{language}.py").read_text(encoding="utf-8")
    (table,) = [node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.AnnAssign)]
    assert isinstance(table, ast.Dict)
    keys = [k.value for k in table.keys if isinstance(k, ast.Constant)]
    assert len(keys) == len(table.keys)
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_every_value_of_the_fact_model_and_of_dates_has_words() -> None:
    wanted = [
        *(f"status.{s}" for s in Status),
        *(f"personnel_kind.{k}" for k in PersonnelKind),
        *(f"role.{r}" for r in PartnerRole),
        *(f"milestone.{m}" for m in MilestoneKind),
        *(f"operation_milestone.{m}" for m in MilestoneKind),  # the operation's own dates (Scope.OPERATION)
        *(f"announce.this_{p}" for p in Precision if p is not Precision.DAY),
        *(f"date.season.{s}" for s in Season),
        *(f"date.qualified.{q}" for q in Qualifier),
        *(f"date.certainty.{c}" for c in Certainty if c is not Certainty.CONFIRMED),
        *(f"date.unit.{u}.{n}" for u in DurationUnit for n in ("one", "other")),
        *(f"date.month.{m}" for m in range(1, 13)),
        *(f"language.{lang}" for lang in Language),
    ]
    assert [key for key in wanted if key not in EN] == []


def test_lookup_fills_placeholders_in_the_asked_language() -> None:
    assert say("card.page", Language.NL, page=2, pages=3) == "Pagina 2 van 3"
    assert say("card.page", Language.EN, page=2, pages=3) == "Page 2 of 3"
    assert dates.month_name(3, Language.NL) == "maart"
    with pytest.raises(KeyError):
        say("card.no_such_key", Language.EN)


async def test_every_command_name_description_and_choice_is_in_dutch(sandbox: Sandbox) -> None:
    def untranslated(item: dict[str, Any], path: str) -> list[str]:
        path = f"{path}/{item['name']}"
        missing = [
            f"{path} ({part})"
            for part in ("name", "description")
            if part in item and not (item.get(f"{part}_localizations") or {}).get("nl")
        ]
        for child in (*item.get("options", []), *item.get("choices", [])):
            missing += untranslated(child, path)
        return missing

    assert sandbox.server.commands
    assert [m for command in sandbox.server.commands for m in untranslated(command, "")] == []


def test_answers_name_commands_only_through_a_placeholder() -> None:
    """A command written out ("/tijdlijn") is a name the reader's client may not show; answers take a
    {command} filled with Discord's mention instead (bot/render/mentions.py)."""
    written_out = re.compile(r"(^|[\s(])/[a-z]")
    for catalogue in (EN, NL):
        assert [k for k, text in catalogue.items() if not k.startswith("command.") and written_out.search(text)] == []
