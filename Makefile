# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The PostgreSQL server of the second test pass (storage, scheduler, fault and shard tests, a fresh schema per test).
# Unreachable: those tests skip with that reason, or fail in CI (CI set).
TEST_POSTGRES ?= postgresql://127.0.0.1/test

.PHONY: run test lint typecheck check load clean bench

$(BIN)/deploybot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	@touch $@

run: $(BIN)/deploybot
	$(BIN)/deploybot run

test: $(BIN)/deploybot
	$(BIN)/python -m pytest
	DEPLOYBOT_TEST_DATABASE=$(TEST_POSTGRES) $(BIN)/python -m pytest -m "not single_pass" tests/storage tests/schedule tests/faults tests/shards

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
