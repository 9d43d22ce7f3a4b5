"""Where the project's own files are, for tests.

Tests whose expectations are written against particular facts (the seed article and what followed it,
2020–2023) read the frozen copy in ``tests/seed_data/``, so that adding facts to ``data/`` never changes
them. ``tests/test_live_data.py`` checks the live ``data/`` itself.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DATA_DIR = ROOT / "tests" / "seed_data"
LIVE_DATA_DIR = ROOT / "data"
