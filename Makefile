# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv messages demo lint bench clean

$(STAMP): pyproject.toml
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt) for the French catalogue"; \
		(apt-get update -qq && apt-get install -y -qq gettext) >/dev/null || \
		{ echo "msgfmt is missing: install GNU gettext" >&2; exit 1; }; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv' -l fr >/dev/null

# The embedded setup: SQLite, local-memory cache, Celery tasks in-process.
run: messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  The portal is at http://$(HOST):$(PORT)/ (French: /fr/, English: /en/)"
	@echo "  Demo accounts are listed above; the admin is at /fr/admin/"
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo

# The whole suite. DATABASE_URL / REDIS_URL switch it to PostgreSQL and Redis;
# REQUIRE_SERVICES=1 turns any skip for a missing service into a failure (.ci/run sets it).
test: messages
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: messages
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
