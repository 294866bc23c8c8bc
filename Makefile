# efop — the two quick-start commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
EFOP := $(VENV)/bin/efop
HOST ?= 127.0.0.1:8000

.PHONY: install run demo test lint bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## install: virtualenv with the pinned dependencies and the `efop` command
install: $(VENV)/.installed

## demo: database, référentiels and a demo offer (idempotent)
demo: install
	$(EFOP) migrate --noinput
	$(EFOP) referentiels load
	$(EFOP) demo load

## run: install, load the demo and start the web app on http://127.0.0.1:8000
run: demo
	$(EFOP) runserver $(HOST)

## test: install and run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL says so)
test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## bench: print the LHEO import/export ratios on SQLite and PostgreSQL
bench: install
	$(PY) bench/lheo_offre.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
