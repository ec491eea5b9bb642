# Two commands do all set-up on a fresh machine (see README.md):
#   make run    create .venv, install, and start the app
#   make test   create .venv, install, lint and run the tests
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-scale soak build clean

# A changed requirements file rebuilds .venv from nothing, so no package of an older pin lingers
# (PySide6 6.12 split Qt WebEngine into packages that 6.11 does not have).
$(STAMP): requirements.txt requirements-dev.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/benchmark.py
	QT_QPA_PLATFORM=offscreen $(PY) scripts/bench_meetings.py --write

bench-scale: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/bench_scale.py

soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/soak.py

build: $(STAMP)
	$(PY) -m pip install --quiet pyinstaller==6.22.3
	$(PY) -m PyInstaller --noconfirm build.spec

clean:
	rm -rf build dist .pytest_cache .ruff_cache .mypy_cache
