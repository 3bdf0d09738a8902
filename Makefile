# Two entry points that set everything up on a fresh machine (Python 3.11+, make and node with npm; .ci/run installs node).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint js-lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/parley demo

test: $(STAMP)
	$(BIN)/python -m pytest
	node --test tests/js/*.test.js

lint: $(STAMP) js-lint
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# The room's pages (ES modules with JSDoc types) type-checked by tsc (checkJs, nothing emitted or bundled);
# TypeScript comes from package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

js-lint: $(NODE_STAMP)
	npx --no-install tsc --noEmit -p tsconfig.json

# Benchmarks run in their own environment, with NegMAS beside parley (never a parley dependency).
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e '.[solver,room,postgres]' -r bench/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/evaluate.py
	$(BENCH_VENV)/bin/python bench/analysis.py
	$(BENCH_VENV)/bin/python bench/crosscheck_negmas.py
	$(BENCH_VENV)/bin/python bench/anac2014_frontier.py
	$(BENCH_VENV)/bin/python bench/engine.py
	$(BENCH_VENV)/bin/python bench/forecast.py
	$(BENCH_VENV)/bin/python bench/room.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
