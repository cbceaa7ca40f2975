# Leergang — `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
MANAGE := $(PY) manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Printed addresses, canonical links and email links follow the port the demo runs on.
export SITE_URL ?= http://$(HOST):$(PORT)

# The W3C Nu HTML checker, for tests/test_markup.py: the npm registry's vnu-jar, checked.
VNU_VERSION := 26.9.27
VNU_SHA256  := 5970d3ffca91a627cf0965e5d91bb2e4242307c29292998de0b419d6a901b2b7
VNU         := var/vnu/$(VNU_VERSION)/vnu.jar
export VNU_JAR := $(abspath $(VNU))

.PHONY: help install install-dev messages run migrate seed test test-inner lint worker beat clean vnu bench serve-prod

help:
	@echo "make run    install, migrate, load the demo and serve http://$(HOST):$(PORT) (SQLite, no Redis)"
	@echo "make test   install dev tools, start throwaway PostgreSQL + Redis, run every check and test"
	@echo "make bench  seed the scale data into var/bench.sqlite3 (once) and print the benchmark table"
	@echo "make serve-prod   PostgreSQL, Redis, two gunicorn web processes, a Celery worker and beat"
	@echo "make worker / make beat   run a Celery worker / beat against REDIS_URL"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (see .python-version); found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Translations: compiled from locale/*.po; gettext's msgfmt does the work.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || scripts/ensure-packages.sh gettext
	$(MANAGE) compilemessages --ignore=.venv --verbosity=0

migrate: install messages
	@mkdir -p var
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

run: seed
	@echo ""
	@echo "Leergang runs at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Demo password for every account: leergang-demo"
	@# No Redis, so no Celery beat: run its schedule in-process next to the server.
	env -u REDIS_URL DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) beat_inprocess & \
	beat=$$!; trap 'kill $$beat 2>/dev/null' EXIT INT TERM; \
	env -u REDIS_URL DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) runserver $(HOST):$(PORT)

$(VNU):
	@mkdir -p $(dir $(VNU))
	curl -fsSL -o $(dir $(VNU))vnu.tgz https://registry.npmjs.org/vnu-jar/-/vnu-jar-$(VNU_VERSION).tgz
	echo "$(VNU_SHA256)  $(dir $(VNU))vnu.tgz" | sha256sum -c --quiet
	tar -xzf $(dir $(VNU))vnu.tgz -C $(dir $(VNU)) --strip-components=3 package/build/dist/vnu.jar
	rm $(dir $(VNU))vnu.tgz

vnu: $(VNU)

test: install-dev messages $(VNU)
	@scripts/ensure-packages.sh chromium default-jre-headless
	scripts/with-services.sh $(MAKE) --no-print-directory test-inner

# Run inside with-services.sh (DATABASE_URL and REDIS_URL set).
test-inner:
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule

# The scale data (seed_scale) goes into its own SQLite file, made once; BENCH_ARGS e.g.
# "--rounds 15" or "--only thread".
BENCH_DB := sqlite:///$(abspath var/bench.sqlite3)
bench: install messages
	@mkdir -p var
	env -u REDIS_URL DATABASE_URL=$(BENCH_DB) $(PY) bench/run.py --seed $(BENCH_ARGS)

# PostgreSQL, Redis, two gunicorn web processes (8001, 8002), a Celery worker and beat,
# with honcho and the Procfile; SERVE_PROD_ARGS e.g. "--no-seed".
serve-prod: install-dev messages
	scripts/serve-prod.sh $(SERVE_PROD_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
