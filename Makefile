# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint typecheck check load sandbox clean bench

$(BIN)/deploybot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	@touch $@

run: $(BIN)/deploybot
	$(BIN)/deploybot run

test: $(BIN)/deploybot
	$(BIN)/python -m pytest

lint: $(BIN)/deploybot
	$(BIN)/ruff check bot cogs tests bench
	$(BIN)/ruff format --check bot cogs tests bench

typecheck: $(BIN)/deploybot
	$(BIN)/mypy

check: lint typecheck test

load: $(BIN)/deploybot
	$(BIN)/deploybot load

clean:
	rm -rf $(VENV) *.egg-info

bench: $(BIN)/deploybot
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python -m bench.run
