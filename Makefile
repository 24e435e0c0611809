# The README's two commands are `make run` and `make test`; the rest are what they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The address links in emails, feeds and webhooks point at: this run's, unless given.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: setup run test lint demo clean lock

# requirements.lock pins every package (refresh: make lock).
$(STAMP): pyproject.toml requirements.lock package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	# axe-core for the browser suite's accessibility checks (skipped, with a reason, without npm)
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; fi
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	mkdir -p var/broker/queue var/broker/processed var/log
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_actors
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py load_demo --with-admin

# The Procfile under honcho; the dashboard's address is printed once the web answers.
run: demo
	@HOST=$(HOST) PORT=$(PORT) SITE_URL=$(SITE_URL) $(BIN)/python -m tracker.localrun Procfile

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy

clean:
	rm -rf var test-artifacts

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock
