# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv messages demo lint bench bench-city bench-web bench-import bench-all clean

$(STAMP): pyproject.toml
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt) for the French catalogue"; \
		(apt-get update -qq && apt-get install -y -qq gettext) >/dev/null || \
		{ echo "msgfmt is missing: install GNU gettext" >&2; exit 1; }; }
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -qi dejavu || { \
		echo "Installing Pango and the DejaVu fonts (WeasyPrint prints the reports with them)"; \
		(apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
			libharfbuzz-subset0 fonts-dejavu-core fontconfig) >/dev/null || \
		{ echo "Pango is missing: install libpango-1.0-0 and fonts-dejavu-core" >&2; exit 1; }; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv' -l fr >/dev/null

# The embedded setup: SQLite, local-memory cache, Celery tasks in-process, and beat's
# periodic jobs run by a second process started and stopped with the dev server.
# `make run PORT=8001` serves on another port.
run: messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  The portal is at http://$(HOST):$(PORT)/ (French: /fr/, English: /en/)"
	@echo "  Demo accounts are listed above; the admin is at /fr/admin/"
	@echo ""
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py run_schedule & \
		schedule=$$!; trap 'kill $$schedule 2>/dev/null' EXIT INT TERM; \
		DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo

# The whole suite. DATABASE_URL / REDIS_URL switch it to PostgreSQL and Redis;
# REQUIRE_SERVICES=1 turns any skip for a missing service into a failure (.ci/run sets it).
test: messages
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: messages
	$(BIN)/python bench/run.py

# The coordinator dashboard at city scale (PostgreSQL only): 1,000 initiatives, ~20,000
# updates, then 100k and 1M activities, in the database portal_bench_city (created when
# missing, reused when present). BENCH_ARGS passes options, e.g. BENCH_ARGS=--reset.
BENCH_CITY_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench_city
bench-city: messages
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_CITY_DATABASE_URL)}" $(BIN)/python bench/dashboard.py $(BENCH_ARGS)

# Public pages' throughput under gunicorn with wrk, as a share of a hello view (PostgreSQL and
# Redis; database portal_bench_web, Redis database 14). BENCH_ARGS passes options.
BENCH_WEB_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
bench-web: messages
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_WEB_DATABASE_URL)}" $(BIN)/python bench/throughput.py $(BENCH_ARGS)

# Importing 100,000 activity rows: this import against django-import-export's defaults and
# PostgreSQL COPY, in the database portal_bench_import (created when missing).
BENCH_IMPORT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench_import
bench-import: messages
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_IMPORT_DATABASE_URL)}" $(BIN)/python bench/imports.py $(BENCH_ARGS)

# Every benchmark in one sitting, each row a ratio to its baseline measured in the same
# sitting, with uptime's load and the date (bench/all.py): the city data (portal_bench_city)
# built once, then the home page, open data, dashboard and reports at 100k and 1M
# activities, the public search, the import, the public pages in process and under
# gunicorn; the tables are written into bench/README.md. BENCH_ARGS passes options (--quick).
bench-all: messages
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_CITY_DATABASE_URL)}" \
		$(BIN)/python bench/all.py --write-readme $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
