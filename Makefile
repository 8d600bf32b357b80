# Two commands for a fresh machine with Python 3.11 and pip:
#   make run   set up, build the database if missing, serve the app on http://localhost:8501
#   make test  set up, install a headless browser if missing, run every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test setup setup-dev database browser clean

run: setup database
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: setup-dev browser
	$(BIN)/python -m pytest -q

setup: $(VENV)/.runtime-installed static/vendor/.installed

setup-dev: setup $(VENV)/.dev-installed

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt $(VENV)/.runtime-installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Leaflet and friends, served by the app itself so maps draw without internet (DESIGN §8).
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
	rm -rf $(VENV) static/vendor artifacts .pytest_cache data/project8.duckdb
