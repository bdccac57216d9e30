# Two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test lint bench eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# A first look on a fresh machine: the demo directory, marked as a demonstration everywhere.
# Any real deployment leaves NAVIGATOR_DEMO_MODE off (the default).
run: install
	NAVIGATOR_DEMO_MODE=$${NAVIGATOR_DEMO_MODE:-true} $(BIN)/navigator serve

test: install-test
	$(BIN)/ruff check navigator tests benchmarks
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/triage_bench.py
	$(BIN)/python benchmarks/search_bench.py

eval: install
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python $${NAVIGATOR_SHARED_DATA:-../shared/data}/../eval/score.py $${NAVIGATOR_SHARED_DATA:-../shared/data}/../eval/dev.jsonl
