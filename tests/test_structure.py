"""The rooms stay apart: no import cycle between packages of bot/, and nothing in bot/ imports cogs/."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.paths import ROOT

BOT = ROOT / "bot"


def _unit(module: str) -> str:
    """The room a module belongs to: ``bot.schedule`` for ``bot.schedule.planning``, ``bot.dates`` for itself."""
    parts = module.split(".")
    package = BOT.joinpath(*parts[1:2])
    return ".".join(parts[:2]) if package.is_dir() or len(parts) > 2 else module


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in BOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        source = _unit(module)
        for imported in _imports(path):
            if imported.split(".")[0] in ("bot", "cogs") and imported != "bot":
                target = _unit(imported) if imported.startswith("bot.") else imported
                if target != source:
                    graph.setdefault(source, set()).add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_the_rooms_of_bot() -> None:
    graph = _graph()
    assert graph, "found no imports at all: the test is looking in the wrong place"
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_core_imports_nothing_from_cogs() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in BOT.rglob("*.py") if any(i.startswith("cogs") for i in _imports(p))]
    assert offenders == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_curation_is_a_room_of_its_own_that_knows_nothing_of_discord() -> None:
    """bot/curation (drafts reviewed and published) sits above facts, ingest and storage; only cogs/curation.py
    speaks Discord."""
    graph = _graph()
    assert {"bot.facts", "bot.ingest", "bot.storage"} <= graph["bot.curation"]
    assert not any(room in graph.get(lower, set()) for lower in ("bot.facts", "bot.ingest", "bot.storage")
                   for room in ("bot.curation",))  # fmt: skip
    for path in [*(BOT / "curation").rglob("*.py"), *(BOT / "ingest").rglob("*.py"), BOT / "storage" / "drafts.py"]:
        assert not any(i.split(".")[0] == "discord" for i in _imports(path)), path


def test_the_idle_bot_does_not_load_the_drawing_or_calendar_libraries() -> None:
    """Pillow and icalendar are imported when a picture or a calendar is made, not when the bot starts: the idle
    bot's memory stays that of the bot (README "Benchmarks", memory)."""
    import subprocess
    import sys

    code = (
        "import sys, bot.client, bot.cli, cogs.missions, cogs.calendar, cogs.config, cogs.announcements;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'PIL', 'icalendar', 'matplotlib'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
