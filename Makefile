# One task runner. `make demo` and `make test` do all the set-up on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test unit integration e2e lint format schemas stack down status browser bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## The main job: local stack + services + realistic consultations -> draft plans.
demo: install
	$(BIN)/dmap demo

## The whole suite, every tier, against the real Kafka broker and PostgreSQL.
test: install stack browser
	$(BIN)/pytest

unit: install
	$(BIN)/pytest -m unit

integration: install stack
	$(BIN)/pytest -m integration

e2e: install stack browser
	$(BIN)/pytest -m e2e

browser:
	deploy/install-browser.sh

stack: install
	$(BIN)/dmap stack up

down: install
	$(BIN)/dmap stack down

status: install
	$(BIN)/dmap stack status

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schemas: install
	$(BIN)/dmap schemas export
	$(BIN)/dmap asyncapi export

## Throughput on the local stack against raw aiokafka on the same broker (prints a table).
bench: install stack
	$(BIN)/python -m bench.run
