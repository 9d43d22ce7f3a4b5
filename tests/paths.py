"""Where the project's own files are, for tests."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
