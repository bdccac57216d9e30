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

run: install
	$(BIN)/navigator serve

test: install-test
	$(BIN)/ruff check navigator tests benchmarks
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/triage_bench.py
	$(BIN)/python benchmarks/search_bench.py
	$(BIN)/python benchmarks/segments_bench.py

eval: install
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python ../shared/eval/score.py ../shared/eval/dev.jsonl
