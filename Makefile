# One task runner. `make demo` and `make test` do all the set-up on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install lock demo test unit integration e2e lint format schemas i18n stack down status browser bench

UV_VERSION := 0.13.8
LOCK_ARGS := --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock"

# Exactly the locked versions, every file hash-checked (the image installs requirements.lock).
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	@# setuptools warns that an editable install is editable (the point of it).
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/pip check >/dev/null || { $(BIN)/pip check; \
	  echo "requirements-dev.lock does not satisfy pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

install: $(STAMP)

## Re-resolve the locks after changing dependencies in pyproject.toml (keeps other pins).
lock:
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile --quiet pyproject.toml deploy/build-requirements.in $(LOCK_ARGS) \
	  -o requirements.lock
	$(BIN)/uv pip compile --quiet pyproject.toml deploy/build-requirements.in --extra dev \
	  -c requirements.lock $(LOCK_ARGS) -o requirements-dev.lock

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

## Interface strings: extract the msgids, merge them into every .po (then translate the
## new ones; a unit test fails on any untranslated or stale entry). See docs/i18n.md.
LOCALE := services/reporting/locale
DOCUMENT_SOURCES := $(addprefix services/reporting/rendering/,abbreviations.py plan_document.py plan_parts.py plan_situation.py record.py formats.py previous_cycle.py)
WORKSPACE_SOURCES := services/reporting/i18n/workspace.py services/reporting/i18n/following.py services/reporting/rendering/triage.py services/wording/alerts.py
REPORTS_SOURCES := $(wildcard services/reporting/reports/*.py)
# Every catalogue's locales (Serbian Cyrillic is sr_Latn transliterated: no .po of its own).
UI_LOCALES := sq sr_Latn tr bs
i18n: install
	$(BIN)/pybabel -q extract --no-location --sort-output --omit-header -o $(LOCALE)/document.pot $(DOCUMENT_SOURCES)
	$(BIN)/pybabel -q extract --no-location --sort-output --omit-header -o $(LOCALE)/workspace.pot $(WORKSPACE_SOURCES)
	for l in $(UI_LOCALES); do $(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -w 100 -D document -i $(LOCALE)/document.pot -d $(LOCALE) -l $$l; done
	for l in $(UI_LOCALES); do test -f $(LOCALE)/$$l/LC_MESSAGES/workspace.po || $(BIN)/pybabel -q init -D workspace -i $(LOCALE)/workspace.pot -d $(LOCALE) -l $$l; done
	for l in $(UI_LOCALES); do $(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -w 100 -D workspace -i $(LOCALE)/workspace.pot -d $(LOCALE) -l $$l; done
	$(BIN)/pybabel -q extract --no-location --sort-output --omit-header -o $(LOCALE)/reports.pot $(REPORTS_SOURCES)
	for l in $(UI_LOCALES); do test -f $(LOCALE)/$$l/LC_MESSAGES/reports.po || $(BIN)/pybabel -q init -D reports -i $(LOCALE)/reports.pot -d $(LOCALE) -l $$l; done
	for l in $(UI_LOCALES); do $(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -w 100 -D reports -i $(LOCALE)/reports.pot -d $(LOCALE) -l $$l; done

## Every scenario with its baseline in the same run (full sizes, < 15 min on 2 quiet cores);
## `make bench BENCH_ARGS=--quick` for a few minutes. Table on stdout, JSON in artifacts/.
bench: install stack
	$(BIN)/python -m bench.run $(BENCH_ARGS)
