# Two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
AXE := tests/browser/vendor/axe.min.js

.PHONY: run test fault install install-test lint bench eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python $(AXE)
	$(BIN)/pip install --quiet -e '.[test]'

# axe-core (npm) for the browser accessibility checks; tests skip them without it.
$(AXE): package.json
	@if command -v npm >/dev/null; then \
	  npm install --no-audit --no-fund --silent && mkdir -p $(dir $(AXE)) && \
	  cp node_modules/axe-core/axe.min.js $(AXE); \
	else echo "npm not found: the axe-core checks in tests/browser will skip"; fi

# A first look on a fresh machine: the demo directory, marked as a demonstration everywhere.
# Any real deployment leaves NAVIGATOR_DEMO_MODE off (the default).
run: install
	NAVIGATOR_DEMO_MODE=$${NAVIGATOR_DEMO_MODE:-true} $(BIN)/navigator serve --port $(PORT)

test: install-test
	$(BIN)/ruff check navigator tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n auto

# Long fault-injection tests (a 30 s database lock under gunicorn; 5 x 10 SIGKILLs of the
# scheduler): about 2.5 minutes. CI runs them after `make test`.
fault: install-test
	$(BIN)/pytest -m fault -q

bench: install
	$(BIN)/python benchmarks/triage_bench.py
	$(BIN)/python benchmarks/search_bench.py
	$(BIN)/python benchmarks/segments_bench.py

eval: install
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python $${NAVIGATOR_SHARED_DATA:-../shared/data}/../eval/score.py $${NAVIGATOR_SHARED_DATA:-../shared/data}/../eval/dev.jsonl
