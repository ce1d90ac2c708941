# Shortcuts for the commands the README gives. Each target uses the project's .venv.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python

.PHONY: setup run test test-fast lint format bench

$(BIN)/activate:
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt

setup: $(BIN)/activate  ## the virtual environment with everything the tests need

run: $(BIN)/activate  ## the dashboard on http://localhost:8501
	$(BIN)/streamlit run serve.py

test: $(BIN)/activate  ## every test, the browser tests included (what CI runs)
	$(BIN)/pytest

test-fast: $(BIN)/activate  ## every test but those that drive a browser
	$(BIN)/pytest -m "not browser"

lint: $(BIN)/activate  ## ruff (lint and format) and mypy, as CI runs them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(BIN)/activate  ## fix what ruff can fix, then format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(BIN)/activate  ## the benchmark (bench/run.py); one at a time on a shared machine
	$(PYTHON) bench/run.py
