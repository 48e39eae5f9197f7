# Two commands on a fresh machine with Python 3.11+, pip and make:
#   make run    set up .venv and start the explorer
#   make test   set up .venv with the test tools and run ruff, mypy and pytest
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --quiet --disable-pip-version-check
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SOURCES := pyproject.toml data/bijie.json $(shell find src -type f \( -name '*.py' -o -name '*.tcss' \) 2>/dev/null)

.PHONY: run test test-fast test-loaded lint typecheck pytest install clean bench screenshots browser-screenshot datasette-screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# What the app needs, and the project itself as a wheel would install it (not editable, so the
# tests see the bundled dataset where users get it). pip always installs a project given as a
# directory again, so a change in src/ or data/ is picked up.
$(STAMP): $(BIN)/python $(SOURCES)
	$(PIP) install --no-warn-script-location .
	@touch $@

# The test tools (the 'test' extra) on top; again only when pyproject.toml changes.
$(TEST_STAMP): pyproject.toml | $(STAMP)
	$(PIP) install --no-warn-script-location '.[test]'
	@touch $@

# Everything for working on the project: the app and the test tools.
install: $(STAMP) $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/bijie-tui $(ARGS)

lint: $(STAMP) $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks screenshots
	$(BIN)/ruff format --check src tests benchmarks screenshots

typecheck: $(STAMP) $(TEST_STAMP)
	$(BIN)/mypy
	$(BIN)/mypy benchmarks/*.py

pytest: $(STAMP) $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The quick subset for everyday work: every test but the tours of a real process in a
# pseudo-terminal or over a socket (marked 'tour'), the installs and the slowest in-process
# tests (marked 'slow'), run in parallel. make test runs them all.
test-fast: $(STAMP) $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not tour and not install and not slow" -n auto $(PYTEST_ARGS)

# The whole of CI on a busy machine: .ci/run from a fresh clone of HEAD three times in a row,
# with two CPU-bound processes beside it (RUNS=5 LOAD=4 make test-loaded for more).
test-loaded:
	bash .ci/loaded

# Figures, not tests: bytes and time over a pseudo-terminal at 160x48 for the app, its
# low-bandwidth mode and stock Textual, then every budget (80x24, start-up times, 100,000
# figures, export --sqlite) with its figure, ratio and PASS/FAIL and the speed goals beside
# stock Textual's figures, then bytes through serve --ssh to OpenSSH's ssh against a local pty,
# and memory per session. Each writes its figures as JSON into benchmarks/results/ (committed),
# and the README's figures are written from them last (benchmarks/readme.py).
# BENCH_RUNS=1 for a quick look.
BENCH_RUNS ?= 5
BENCH_ARGS ?= --runs $(BENCH_RUNS) --sizes 160x48
BENCH_RESULTS := benchmarks/results
bench: $(STAMP) $(TEST_STAMP)
	$(BIN)/python benchmarks/bandwidth.py $(BENCH_ARGS) --json-out $(BENCH_RESULTS)/bandwidth.json
	$(BIN)/python benchmarks/budgets.py --runs $(BENCH_RUNS) --json-out $(BENCH_RESULTS)/budgets.json
	$(BIN)/python benchmarks/ssh.py --json-out $(BENCH_RESULTS)/ssh.json
	$(BIN)/python benchmarks/readme.py

# SVG screenshots of every tab, a detail, Chinese and the keys at 100x32, in screenshots/.
screenshots: $(STAMP) $(TEST_STAMP)
	$(BIN)/python screenshots/take.py

# The explorer in headless Chromium (bijie-tui serve), as screenshots/browser.png.
browser-screenshot: $(STAMP) $(TEST_STAMP)
	$(BIN)/python screenshots/browser.py

# The SQLite export in Datasette, in headless Chromium, as screenshots/datasette-figure.png.
datasette-screenshot: $(STAMP) $(TEST_STAMP)
	$(BIN)/python screenshots/datasette.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
