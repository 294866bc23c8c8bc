# efop — the two quick-start commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
EFOP := $(VENV)/bin/efop
HOST ?= 127.0.0.1:8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run demo browser test lint bench bench-lheo bench-search bench-qualite bench-doublons bench-exports clean

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

## run: install, load the demo and start the web app on http://127.0.0.1:8000 (static files served too)
run: demo
	EFOP_SERVE_MEDIA=1 $(EFOP) runserver --insecure $(HOST)

## browser: Debian's chromium for the browser tests (Playwright's own browser download is not used)
browser:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## test: install and run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL says so)
test: install browser
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## bench: every benchmark (figures measured in one run, on SQLite and PostgreSQL)
bench: bench-lheo bench-search bench-qualite bench-doublons bench-exports

## bench-lheo: LHEO import / re-import / export ratios and peak memory
bench-lheo: install
	$(PY) bench/lheo_offre.py $(BENCH_ARGS)

## bench-search: search, pages and API under load (p50 / p95, throughput)
bench-search: install
	$(PY) bench/search_http.py $(BENCH_ARGS)

## bench-qualite: nightly quality controls over the benchmark flux ÷ a bare read of its records
bench-qualite: install
	$(PY) bench/qualite.py $(BENCH_ARGS)

## bench-doublons: duplicate detection over N/4 then N formations ÷ a bare read (near-linear growth)
bench-doublons: install
	$(PY) bench/doublons.py $(BENCH_ARGS)

## bench-exports: a delta export after 1 % of changes ÷ a full export (goal ≤ 0.1)
bench-exports: install
	$(PY) bench/exports.py $(BENCH_ARGS)

## lint: ruff on the code
lint: install
	$(VENV)/bin/ruff check efop config tests bench
	$(VENV)/bin/ruff format --check efop config tests bench

clean:
	rm -rf $(VENV) var
