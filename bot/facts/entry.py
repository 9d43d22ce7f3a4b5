"""Reading one entry of a data file: every problem recorded with its file and entry, never raised.

:class:`Entry` reads the fields of one TOML table (types, choices, dates, lengths) and collects what is
wrong, so that the loader can report every problem in the data files at once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from bot.countries import is_country
from bot.dates import DateError, Duration, FuzzyDate
from bot.facts import bounds
from bot.i18n import Localized

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class FactError:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


class FactsInvalid(Exception):
    """Raised with every problem found, so a person can fix them all in one go."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the data files")


def too_long(name: str, value: str, limit: int) -> str | None:
    """The error for a text over its bound, or None."""
    if len(value) <= limit:
        return None
    return f"'{name}' is {len(value)} characters long; at most {limit} fit where the bot shows it"


class Entry:
    """One TOML table being read; each problem is recorded, never raised, so reading goes on."""

    def __init__(self, errors: list[FactError], file: str, label: str, table: Any) -> None:
        self.errors, self.file, self.label = errors, file, label
        self.table: dict[str, Any] = table if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            self.error("must be a table")
        self.used: set[str] = set()

    def error(self, message: str) -> None:
        self.errors.append(FactError(self.file, self.label, message))

    def bounded(self, name: str, value: str, limit: int) -> bool:
        """Whether ``value`` fits ``limit``; records the error when it does not."""
        problem = too_long(name, value, limit)
        if problem:
            self.error(problem)
        return problem is None

    def raw(self, name: str, required: bool) -> Any:
        self.used.add(name)
        if name not in self.table:
            if required:
                self.error(f"'{name}' is missing")
            return None
        return self.table[name]

    def text(self, name: str, required: bool = True, limit: int = bounds.ID) -> str | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(f"'{name}' must be a non-empty string")
            return None
        value = value.strip()
        return value if self.bounded(name, value, limit) else None

    def integer(self, name: str, required: bool = True, minimum: int = 0) -> int | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(f"'{name}' must be a whole number of at least {minimum} (got {value!r})")
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self.raw(name, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(f"'{name}' must be true or false")
            return False
        return value

    def localized(self, name: str, required: bool = True, limit: int = bounds.NOTE) -> Localized | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if (
            not isinstance(value, dict)
            or set(value) != {"nl", "en"}
            or not all(isinstance(v, str) and v.strip() for v in value.values())
        ):
            self.error(f"'{name}' must be a table with a non-empty 'nl' and 'en' text")
            return None
        nl, en = value["nl"].strip(), value["en"].strip()
        fits = self.bounded(f"{name}.nl", nl, limit) & self.bounded(f"{name}.en", en, limit)
        return Localized(nl=nl, en=en) if fits else None

    def choice(self, name: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.raw(name, default is None)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            known = ", ".join(e.value for e in enum)
            self.error(f"unknown {name} {value!r} (known: {known})")
            return None

    def fuzzy_date(self, name: str, required: bool = True) -> FuzzyDate | None:
        value = self.raw(name, required)
        if value is None:
            return None
        try:
            return FuzzyDate.parse(value)
        except DateError as exc:
            self.error(f"'{name}': {exc}")
            return None

    def duration(self, name: str) -> Duration | None:
        value = self.raw(name, False)
        if value is None:
            return None
        try:
            return Duration.parse(value)
        except DateError as exc:
            self.error(f"'{name}': {exc}")
            return None

    def country(self, name: str, required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and not is_country(value):
            self.error(f"'{name}': {value!r} is not an ISO 3166 alpha-2 country code (such as NL or US)")
            return None
        return value

    def finish(self) -> None:
        for extra in sorted(set(self.table) - self.used):
            self.error(f"unknown field '{extra}'")


def read_toml(path: Path, file: str, errors: list[FactError]) -> dict[str, Any] | None:
    """The parsed file, or None with the reason recorded."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        errors.append(FactError(file, "file", f"is not valid TOML: {exc}"))
    except UnicodeDecodeError as exc:
        where = f"byte 0x{exc.object[exc.start]:02x} at position {exc.start}"
        errors.append(FactError(file, "file", f"is not UTF-8 text ({where}); save it as UTF-8"))
    except OSError as exc:
        errors.append(FactError(file, "file", f"cannot be read: {exc.strerror or exc}"))
    return None


def tables(doc: dict[str, Any], name: str, file: str, errors: list[FactError]) -> Iterator[tuple[int, Any]]:
    """The ``[[name]]`` entries of a document, numbered from 1."""
    items = doc.get(name, [])
    if not isinstance(items, list):
        errors.append(FactError(file, name, f"use [[{name}]] for each entry"))
        return
    yield from enumerate(items, start=1)
