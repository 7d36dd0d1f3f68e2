# Quartier: `make run` serves the demo, `make test` runs every test. Both set up
# everything they need first (virtual environment, packages, translations, database).

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Engine tests never touch the database, so the PostgreSQL pass leaves them out; the
# production-stack test (nginx, two workers, PostgreSQL, Redis) runs only in that pass.
DB_INDEPENDENT := tests/engine
PRODUCTION_STACK := tests/deploy

.PHONY: install system-packages translations migrate run test test-sqlite test-postgres check bench messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the browser tests and the PostgreSQL pass need (root only; CI is root).
system-packages:
	@bash scripts/system-packages.sh

translations: install
	@$(BIN)/python manage.py compiletranslations

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The background worker (imports, reminders, e-mails) runs next to the web server and
# stops with it.
run: translations migrate
	$(BIN)/quartier demo --if-missing
	@$(BIN)/quartier worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/quartier serve --host $(HOST) --port $(PORT)

test: translations
	@test -x /usr/bin/chromium || $(MAKE) system-packages
	$(MAKE) test-sqlite
	@if [ -n "$$QUARTIER_TEST_DATABASE_URL" ]; then \
		$(MAKE) test-postgres; \
	else \
		echo "QUARTIER_TEST_DATABASE_URL is not set: skipped the PostgreSQL pass (.ci/run sets it)."; \
	fi

test-sqlite: translations
	env -u DATABASE_URL $(BIN)/pytest -p no:cacheprovider --ignore=$(PRODUCTION_STACK) $(PYTEST_ARGS)

test-postgres: translations
	DATABASE_URL="$$QUARTIER_TEST_DATABASE_URL" $(BIN)/pytest -p no:cacheprovider --ignore=$(DB_INDEPENDENT) $(PYTEST_ARGS)

check: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/quartier
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-deploy-$$(head -c 64 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') ALLOWED_HOSTS=quartier.example \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# The sortition anchor (sortition-algorithms) needs highspy >= 1.15, which cannot share a
# process with ortools 9.15 (see pyproject.toml), so it runs from its own environment.
ANCHOR_VENV := .venv-anchor
$(ANCHOR_VENV)/.installed: pyproject.toml
	@test -x $(ANCHOR_VENV)/bin/python || $(PYTHON) -m venv $(ANCHOR_VENV)
	$(ANCHOR_VENV)/bin/python -m pip install --quiet --disable-pip-version-check 'sortition-algorithms>=0.12' 'mip>=1.15,<2'
	@touch $@

bench: install $(ANCHOR_VENV)/.installed
	@mkdir -p benchmarks/results
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; QUARTIER_ANCHOR_PYTHON=$(CURDIR)/$(ANCHOR_VENV)/bin/python $(BIN)/python $$script $(BENCH_ARGS) || exit 1; \
	done
	@$(BIN)/python benchmarks/compose_readme.py

# Refresh the .po catalogues after changing strings (needs GNU gettext).
messages: install
	@for app in src/quartier/*/; do \
		if [ -d "$$app/locale" ]; then (cd $$app && QUARTIER_DATA_DIR=$(CURDIR)/var $(CURDIR)/$(BIN)/django-admin makemessages -l de --no-obsolete --settings=quartier.config.settings >/dev/null) && echo "updated $$app"; fi; \
	done

clean:
	rm -rf $(VENV) $(ANCHOR_VENV) var .pytest_cache .mypy_cache .ruff_cache
