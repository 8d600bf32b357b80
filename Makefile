# Two commands for a fresh machine with Python 3.11 and pip:
#   make run   set up, build the database if missing, serve the app on http://localhost:8501
#   make test  set up, lint, install a headless browser if missing, run every test
# And for work on the code:
#   make test-fast  lint, then every test but the browser ones (no browser install)
#   make lint       ruff check and ruff format --check
#   make format     apply ruff's fixes and formatting
#   make lock       recompile requirements*.txt from requirements*.in
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# The installer itself, pinned so that every machine reads the lock files the same way.
PIP_VERSION := 26.3
# One lock for every platform and for Python 3.11 up (platform-only packages carry markers), with hashes.
# uv keeps the versions already locked unless told otherwise: `make lock LOCK_FLAGS=--upgrade` takes the newest.
LOCK_FLAGS ?=
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
        --custom-compile-command "make lock" $(LOCK_FLAGS)

.PHONY: run test test-fast lint format lock setup setup-dev database browser clean

run: setup database
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: lint browser
	$(BIN)/python -m pytest -q

test-fast: lint
	$(BIN)/python -m pytest -q -m "not browser"

# Both checks run, so one look shows everything; lint fails if either does.
lint: setup-dev
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	exit $$status

# Fixes first (import order among them), then the formatter; what cannot be fixed is listed, and `make lint` still fails on it.
format: setup-dev
	$(BIN)/ruff check --fix --exit-zero .
	$(BIN)/ruff format .

# The runtime lock first: the dev lock is constrained by it (-c requirements.txt in requirements-dev.in).
lock: $(VENV)/.dev-installed
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-dev.in -o requirements-dev.txt

setup: $(VENV)/.runtime-installed static/vendor/.installed

setup-dev: setup $(VENV)/.dev-installed

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)

# Only the lock files are installed: every package pinned and checked against its hash.
$(VENV)/.runtime-installed: requirements.txt $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt $(VENV)/.runtime-installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Leaflet and friends, served by the app itself so maps draw without internet.
static/vendor/.installed: $(VENV)/.runtime-installed geo/assets.py
	$(BIN)/python -m geo.assets
	touch $@

# Builds data/project8.duckdb from data/ only when it is missing (python -m store build --rebuild forces it).
database: setup
	$(BIN)/python -m store build

# Debian's chromium for the browser tests (Playwright's own download needs internet).
browser:
	@sh scripts/install_chromium.sh


clean:
	rm -rf $(VENV) static/vendor artifacts .pytest_cache .ruff_cache data/project8.duckdb
