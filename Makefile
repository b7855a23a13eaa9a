# tidings — the two commands of the quick start are `make demo` and `make test`.
# `make test` needs nothing beside the clone; `make evaluate` scores the development sets in
# ../shared/dev (or $TIDINGS_DEV_DIR) and fails when a metric is below its floor
# (src/tidings/evaluate/floors.toml); without the sets it says so and skips.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .tidings/demo.duckdb

.PHONY: demo test lint typecheck unit slow bench evaluate browser-setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p .tidings
	$(BIN)/tidings --db $(DEMO_DB) demo

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

slow: $(STAMP)
	$(BIN)/pytest -m slow

evaluate: $(STAMP)
	$(BIN)/pip install -q -e ".[eval]"
	$(BIN)/tidings evaluate

bench: $(STAMP)
	$(BIN)/python -m tidings.bench

browser-setup:
	bash scripts/setup_browser.sh

clean:
	rm -rf $(VENV) .tidings .mypy_cache .ruff_cache .pytest_cache
