# Two commands on a fresh machine with Python 3.11+, pip and make:
#   make run    set up .venv and start the explorer
#   make test   set up .venv with the test tools and run ruff, mypy and pytest
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SOURCES := pyproject.toml data/bijie.json $(shell find src -type f \( -name '*.py' -o -name '*.tcss' \) 2>/dev/null)

.PHONY: run test lint typecheck pytest install clean bench screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project is installed as a wheel would install it (not editable), so the tests see the
# bundled dataset where users get it.
$(STAMP): $(BIN)/python $(SOURCES)
	$(BIN)/python -m pip install --quiet --no-warn-script-location --force-reinstall --no-deps .
	$(BIN)/python -m pip install --quiet --no-warn-script-location '.[test]'
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/bijie-tui $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks screenshots
	$(BIN)/ruff format --check src tests benchmarks screenshots

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# Figures, not tests: start-up and load times; bytes and time over a pseudo-terminal for the
# app, its low-bandwidth mode and a minimal Textual app; then datasets of 10,000 and 100,000
# figures; then bytes through serve --ssh against a local pty, and memory per session.
BENCH_ARGS ?= --runs 5 --sizes 80x24,160x48
bench: $(STAMP)
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/bandwidth.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/large.py --sizes 10000,100000
	$(BIN)/python benchmarks/ssh.py

# SVG screenshots of every tab, a detail, Chinese and the keys at 100x32, in screenshots/.
screenshots: $(STAMP)
	$(BIN)/python screenshots/take.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
