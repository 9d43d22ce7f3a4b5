"""Every user-facing word of the bot: one message catalogue per language, and one way to look a message up.

The catalogues are typed Python modules (:mod:`bot.i18n.en`, :mod:`bot.i18n.nl`), each one flat
``dict[str, str]`` from a stable key to a :meth:`str.format` template with named placeholders. Look a message
up with :func:`say`. The slash commands' names and descriptions live here too (keys ``command.*``), read by
the client's :class:`discord.app_commands.Translator`.

Why a typed catalogue rather than gettext with Babel (as Red does):

- Two languages, both written by the people who write the code: no translators' workflow (.pot/.po/.mo, a
  compile step, Babel as a new dependency) to serve, and nothing to go stale between a source and its build.
- Keys, not English sentences, identify a message: fixing an English typo does not orphan the Dutch text,
  and one English word with two Dutch meanings ("planned" as a status and as a personnel kind) gets two keys.
- A test (tests/test_i18n.py) checks what gettext would only find at run time: every key exists in both
  languages with the same placeholders, and no key is written twice in a catalogue.
- Plain dicts are checked by mypy and ruff like the rest of the code, and a lookup is one dict access.

Not here: the wording of facts (mission names, summaries, notes: :class:`Localized` values in ``data/``) and
country names (from pycountry's own translations).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import en, nl


class Language(StrEnum):
    NL = "nl"
    EN = "en"

    @classmethod
    def from_locale(cls, locale: str | None) -> Language:
        """Dutch for a Dutch client (``nl``), English for every other locale."""
        return cls.NL if (locale or "").lower().startswith("nl") else cls.EN


@dataclass(frozen=True, slots=True)
class Localized:
    """A short text in both languages (from the data files)."""

    nl: str
    en: str

    def get(self, lang: Language) -> str:
        return self.nl if lang is Language.NL else self.en


CATALOGUES: dict[Language, dict[str, str]] = {Language.EN: en.MESSAGES, Language.NL: nl.MESSAGES}


def say(key: str, lang: Language, **values: object) -> str:
    """The message ``key`` in ``lang``, with its placeholders filled in from ``values``."""
    return CATALOGUES[lang][key].format(**values)
