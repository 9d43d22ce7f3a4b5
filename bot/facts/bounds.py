"""How long each free-text field in ``data/`` may be.

Each bound leaves every renderer room to show the whole value within Discord's limits (:mod:`bot.limits`)
together with the words around it: a source line with its link in a 1,024-character field, a mission name
in a 100-character autocomplete choice, an announcement footer that must never lose its reference.
"""

from __future__ import annotations

from bot import limits
from bot.facts.search import MAX_QUERY

ID = 64  # ids, slugs and keys: they appear in footers, hints and the announcement ledger
PUBLISHER = 100  # cited next to figures and in every announcement's footer
TITLE = 200  # /about: "publisher, date: title", several to a page
URL = 300  # a markdown link in a source line; four such lines still fit one field
NAME = limits.CHOICE_NAME_MAX  # mission and organisation names: an autocomplete choice shows them whole
SHORT = 30  # an organisation's abbreviation
PLACE = 100  # shown with the name in autocomplete choices and in /missions lines
ALIAS = MAX_QUERY  # a longer alias could never be typed into a mission option
SUMMARY = 1000  # a card's description (4,096), with room for the rest of the card's 6,000
TASK = 300  # one line of a contribution field (1,024) after the personnel and equipment
NOTE = 300  # a timeline, partners or announcement line
EQUIPMENT_NAME = 80  # "2× name" in a list of kit
