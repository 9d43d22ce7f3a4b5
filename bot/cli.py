"""``deploybot run | load | audit | sync | sandbox | ingest | migrate-db``: the command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

from bot import __version__
from bot.clock import SystemClock
from bot.facts.parse import FactsInvalid, load_facts
from bot.settings import Settings, SettingsError, load_settings
from bot.shards import ShardSpecError, make_shards
from bot.storage import Database, StorageError
from bot.storage.database import is_postgres, shown
from bot.storage.facts import FactStore
from bot.storage.sqlite import explain

log = logging.getLogger("deploybot")


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake on the command line said in one line (no usage block), exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> _Parser:
    parser = _Parser(prog="deploybot", description="Deployment facts for Discord.")
    parser.add_argument("--version", action="version", version=f"deploybot {__version__}")
    # Not required here: an unknown option must be named even when no command was given (see _arguments).
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="load the facts, then run the bot (the offline sandbox without a token)")
    run.add_argument("--shards", help="the shards this process connects, such as 0-3 (default DEPLOYBOT_SHARDS)")
    run.add_argument(
        "--shard-count", dest="shard_count", help="the bot's shards in all processes (default DEPLOYBOT_SHARD_COUNT)"
    )

    load = sub.add_parser("load", help="validate data/ and apply every change to the database")
    load.add_argument("--check", action="store_true", help="only validate; change nothing")

    audit = sub.add_parser("audit", help="report stale, unsourced and contradictory facts; exit 1 on problems")
    audit.add_argument("--as-of", dest="as_of", help="audit as of this day, YYYY-MM-DD (default: today)")

    sync = sub.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, help="sync to one server only (instant); default DEPLOYBOT_DEV_GUILD_ID")
    sync.add_argument(
        "--global", dest="everywhere", action="store_true", help="sync globally even if a dev guild is set"
    )

    sandbox = sub.add_parser("sandbox", help="the bot against a loopback Discord, driven from a prompt")
    sandbox.add_argument("--db", help="database file to use (default: a temporary copy)")
    sandbox.add_argument("--clock", help="start time, ISO 8601 (default: now)")
    sandbox.add_argument("--record", help="write every REST request the bot makes to this file (JSON lines)")
    ingest = sub.add_parser("ingest", help="draft deployment facts from a Dutch article, for a person to review")
    ingest.add_argument("article", help="the article as a UTF-8 text file")
    ingest.add_argument("--published", required=True, help="its publication date, YYYY-MM-DD")
    ingest.add_argument("--source-id", help="the id the source will get in data/ (default: ingest-DATE)")
    ingest.add_argument("--out", help="write the draft here instead of printing it (never into data/)")
    ingest.add_argument("--format", choices=("toml", "json"), default="toml")
    migrate = sub.add_parser("migrate-db", help="copy the SQLite database into an empty PostgreSQL database")
    migrate.add_argument("--to", required=True, metavar="URL", help="the target, postgresql://user@host/database")
    migrate.add_argument(
        "--from", dest="source", metavar="PATH", help="the SQLite file to copy (default: DEPLOYBOT_DATABASE)"
    )
    return parser


async def migrate_db_command(settings: Settings, target: str, source: str | None, out: TextIO | None = None) -> int:
    """Copy the SQLite database into PostgreSQL, checked row by row; refuse a non-empty target."""
    from bot.storage.copy import migrate_db

    out = out or sys.stdout
    location = source or settings.database
    if not is_postgres(target):
        print(f"migrate-db: --to {shown(target)} is not a postgresql:// URL", file=sys.stderr)
        return 2
    if is_postgres(location):
        print(f"migrate-db: the source {shown(location)} is PostgreSQL already; give the SQLite file with --from",
              file=sys.stderr)  # fmt: skip
        return 2
    if str(location) != ":memory:" and not Path(location).is_file():
        print(f"migrate-db: there is no SQLite database at {location}", file=sys.stderr)
        return 2
    report = await migrate_db(str(location), target)
    print(f"Copied {location} into {shown(target)}:", file=out)
    for line in report.lines():
        print(f"  {line}", file=out)
    print(f"Set DEPLOYBOT_DATABASE={shown(target)} to run on it.", file=out)
    return 0


async def load_command(settings: Settings, check: bool, out: TextIO | None = None) -> int:
    """Validate, then (unless ``check``) apply. Returns the exit code."""
    out = out or sys.stdout
    try:
        facts = load_facts(settings.data_dir)
    except FactsInvalid as exc:
        if len(exc.errors) == 1:
            print(f"Nothing was changed: {exc.errors[0]}", file=sys.stderr)
            return 1
        print(f"The data files have {len(exc.errors)} problem(s); nothing was changed:", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    counts = (
        f"{len(facts.sources)} sources, {len(facts.missions)} missions, "
        f"{len(facts.contributions)} contributions, "
        f"{len(facts.partners)} partners, {len(facts.milestones)} milestones"
    )
    if check:
        print(f"The data files are valid: {counts}.", file=out)
        return 0
    db = await Database.open(settings.database)
    try:
        summary = await FactStore(db).apply(facts, SystemClock().now())
    finally:
        await db.close()
    print(f"Loaded {counts} into {shown(settings.database)}.", file=out)
    for line in summary.lines():
        print(f"  {line}", file=out)
    return 0


def audit_command(settings: Settings, as_of: str | None, out: TextIO | None = None) -> int:
    """Validate, then audit; problems exit 1, warnings alone exit 0."""
    from bot.facts.audit import Level, audit

    out = out or sys.stdout
    try:
        day = date.fromisoformat(as_of) if as_of else SystemClock().now().astimezone(settings.timezone).date()
    except ValueError:
        print(f"--as-of: {as_of!r} is not a day such as 2026-11-29", file=sys.stderr)
        return 2
    try:
        facts = load_facts(settings.data_dir)
    except FactsInvalid as exc:
        print(f"The data files have {len(exc.errors)} problem(s):", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    findings = audit(facts, day)
    problems = sum(f.level is Level.PROBLEM for f in findings)
    warnings = len(findings) - problems
    print(f"Audit of {settings.data_dir} as of {day}: {problems} problem(s), {warnings} warning(s).", file=out)
    subject = None
    for finding in findings:
        if finding.subject != subject:
            subject = finding.subject
            print(f"{subject}:", file=out)
        print(f"  {finding.level.value}: {finding.message}", file=out)
    return 1 if problems else 0


async def run_command(settings: Settings) -> int:
    code = await load_command(settings, check=False)
    if code:
        return code
    if settings.token is None:
        print("DISCORD_TOKEN is not set: starting the offline sandbox instead of the real bot.")
        from bot.sandbox.prompt import run_sandbox

        return await run_sandbox(settings, db_path=None, clock_text=None, record=None)
    from bot.client import run_bot

    print("DISCORD_TOKEN is set: connecting to Discord.")
    return await run_bot(settings)


async def sync_command(settings: Settings, guild: int | None) -> int:
    if settings.token is None:
        print("DISCORD_TOKEN: not set; syncing needs a bot token.", file=sys.stderr)
        return 2
    from bot.client import sync_commands

    return await sync_commands(settings, guild)


def with_shards(settings: Settings, shards: str | None, shard_count: str | None) -> Settings:
    """The command line's shards over the environment's: an option given replaces its variable."""
    current = settings.shards
    ids = shards if shards is not None else (",".join(map(str, current.ids)) if current.ids is not None else None)
    count = shard_count if shard_count is not None else (str(current.count) if current.sharded else None)
    return replace(settings, shards=make_shards(ids, count))


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; exits 2 naming what is wrong: an unknown option first, then a missing command."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command is None:
        parser.error("choose a command: run, load, audit, sync, sandbox, ingest or migrate-db")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "load":
            return asyncio.run(load_command(settings, args.check))
        if args.command == "audit":
            return audit_command(settings, args.as_of)
        if args.command == "run":
            if args.shards is not None or args.shard_count is not None:
                try:
                    settings = with_shards(settings, args.shards, args.shard_count)
                except ShardSpecError as exc:
                    option = "--shard-count" if exc.part == "count" else "--shards"
                    print(f"Configuration error: {option}: {exc}", file=sys.stderr)
                    return 2
            return asyncio.run(run_command(settings))
        if args.command == "sync":
            guild = None if args.everywhere else (args.guild or settings.dev_guild_id)
            return asyncio.run(sync_command(settings, guild))
        if args.command == "ingest":
            from bot.ingest.command import ingest_command

            return ingest_command(settings, args.article, args.published, args.source_id, args.out, args.format)
        if args.command == "sandbox":
            from bot.sandbox.prompt import run_sandbox

            return asyncio.run(run_sandbox(settings, args.db, args.clock, args.record))
        if args.command == "migrate-db":
            return asyncio.run(migrate_db_command(settings, args.to, args.source))
    except StorageError as exc:
        print(f"Storage error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # raised after opening (a lock taken by another process, a full disk)
        print(f"Storage error: {explain(exc, shown(settings.database))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
