# The Kestrel help center. Two commands do all the set-up on a fresh machine:
#   make serve   create .venv, install the pins, serve the site on 127.0.0.1:8000 (LANG=zh: one language,
#                PORT=8001: another port)
#   make test    install what the tests need (Debian chromium included) and run every test

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Material 9.8 prints an end-of-life banner at every build; builds are reproducible.
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: install pdf serve build check bench mutate test test-unit test-build test-browser browser postgresql eslint clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --no-deps --editable .
	touch $(STAMP)

install: $(STAMP) pdf

# Pango and the fonts WeasyPrint embeds in the manuals' PDFs (Noto CJK, Amiri), from Debian.
pdf:
	tools/install-pdf

# `make serve LANG=zh` builds one language, for the fastest rebuilds. Only a LANG given on the
# command line counts (the environment's LANG is the locale, which the server then keeps as C.UTF-8).
# `make serve PORT=8001` serves on another port; kb serve refuses a busy one before building.
SERVE_LANG := $(if $(filter command line,$(origin LANG)),$(LANG))
PORT ?= 8000
serve: install
	$(if $(SERVE_LANG),LANG=C.UTF-8 )$(BIN)/kb serve --dev-addr 127.0.0.1:$(PORT) $(if $(SERVE_LANG),--lang $(SERVE_LANG))

build: install
	$(BIN)/kb build

check: install
	$(BIN)/kb check

# Stock build against ours on a synthetic corpus in .bench/ (ARTICLES per language, default 2000),
# then search in Chromium on both (Pagefind evaluated beside them), then the real site against stock
# (cold, the pages alone, nothing changed, one edit; medians of 3 runs), then the authoring loop,
# then search relevance on the real docs (tests/search/queries), ours against stock,
# then the feedback collector's throughput on SQLite (30 s, every acknowledged beacon stored).
ARTICLES ?= 2000
bench: install browser
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements-bench.txt
	$(BIN)/python tools/bench.py --articles $(ARTICLES)
	$(BIN)/python tools/bench_search.py --pagefind
	$(BIN)/python tools/bench.py --real --repeat 3
	$(BIN)/python tools/bench_search.py --real
	$(BIN)/python tools/bench_serve.py
	$(BIN)/python tools/search_eval.py --stock
	$(BIN)/python tools/bench_feedback.py --seconds 30

# Mutation testing of the consistency checks ([tool.mutmut] in pyproject.toml) against the unit tests,
# from scratch in mutants/, two workers; prints the score per module and fails below 90% in total.
mutate: install
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements-mutate.txt
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python tools/mutation_score.py

# Debian's Chromium, driven by Playwright, for the browser tests (axe-core comes with the pins).
browser:
	tools/install-browser

# Debian's PostgreSQL server for the feedback collector's PostgreSQL tests, which start a throwaway
# cluster; without it they skip and say why (pytest -rfEs), and nothing else changes.
postgresql:
	tools/install-postgresql

# Debian's ESLint for the lint test of our JavaScript (tests/test_lint_javascript.py).
eslint:
	tools/install-eslint

test: install browser postgresql eslint
	$(BIN)/python -m pytest -n auto --dist loadfile -rfEs --durations=25

test-unit: install
	$(BIN)/python -m pytest -m "not build and not browser"

test-build: install
	$(BIN)/python -m pytest -m build

test-browser: install browser
	$(BIN)/python -m pytest -m browser

clean:
	rm -rf site .site.* .pytest_cache .bench .cache mutants
