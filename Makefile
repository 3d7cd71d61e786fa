# Gov Lab LMS. `make demo` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address printed on certificates and in e-mails, and the demo's site record: follows HOST
# and PORT unless set (behind a proxy, set it to the public address).
PUBLIC_BASE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
# Test database and broker for `make test-services`.
SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/govlab
SERVICES_BROKER_URL ?= redis://127.0.0.1:6379/5
PYTEST_ARGS ?=
# Test files for `make test-services` (default: the whole suite); .ci/run names its list.
SERVICES_PATHS ?=
# Two test processes (pytest-xdist): each gets its own test database. `loadgroup` keeps a
# module that builds its world once (xdist_group) on one process.
PARALLEL ?= -n 2 --dist loadgroup

.PHONY: install lock demo run test test-services test-browser test-crawl test-hostile lint security messages check-upgrade clean

# The dependencies from the lock file, every file checked against its hash, then the project
# itself (editable, nothing more resolved). `make lock` writes the lock file again after a change
# to the dependencies in pyproject.toml.
$(VENV)/.installed: pyproject.toml requirements/dev.txt
	@test -x $(PY) || "$$(bin/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

# Every dependency of the site and of `dev` pinned with its hashes, for Python 3.12 to 3.14 on
# every platform (uv's universal resolution), keeping the versions already installed where
# pyproject.toml still allows them; UPGRADE=1 takes the newest releases instead, and
# UPGRADE_PACKAGES="gunicorn ..." the newest of those alone (after raising their pins).
UV_VERSION ?= 0.13.8
lock: install
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(PY) -m pip freeze --exclude-editable | grep -v -i -e '^uv==' -e '^govlab-lms' \
		$(foreach package,$(UPGRADE_PACKAGES),-e '^$(package)==') > $(VENV)/installed.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.12 --no-header --quiet -o requirements/dev.txt \
		$(if $(UPGRADE),--upgrade,-c $(VENV)/installed.txt)

messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v0

demo: install messages
	$(PY) manage.py migrate --noinput
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(PY) manage.py load_demo_data
	$(MAKE) --no-print-directory run

# Web server, Celery worker and beat together (beat's schedule file in LMS_VAR_DIR, default var/,
# made if missing); Ctrl-C (or SIGTERM to make) stops all of them
# within seconds. The trap sends one SIGTERM to each of the two, once, and waits for them: a
# `kill 0` would signal the whole group again and again (its own TERM trap) and kill the worker's
# pool and beat processes under it, which left the worker waiting on them for more than 20 s.
# The web server is started in the background, where a shell ignores Ctrl-C: only the trap's
# SIGTERM stops it. Either one exiting (a port already taken) stops the other.
run:
	@echo "Gov Lab LMS on http://$(HOST):$(PORT)/th/  (admin: http://$(HOST):$(PORT)/admin/)"
	@export PUBLIC_BASE_URL=$(PUBLIC_BASE_URL); \
	var_dir="$${LMS_VAR_DIR:-var}"; mkdir -p "$$var_dir"; \
	$(VENV)/bin/celery -A lms worker --beat --loglevel=INFO --concurrency=2 \
		--schedule="$$var_dir/celerybeat-schedule" & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload & site=$$!; \
	trap 'trap "" INT TERM EXIT; kill -TERM $$worker $$site 2>/dev/null; wait' INT TERM EXIT; \
	wait -n

test: install messages
	$(VENV)/bin/pytest -m "not services and not browser and not crawl and not hostile" $(PARALLEL) $(PYTEST_ARGS)

test-services: install messages
	DATABASE_URL=$(SERVICES_DATABASE_URL) CELERY_BROKER_URL=$(SERVICES_BROKER_URL) \
		$(VENV)/bin/pytest -m "not browser and not crawl and not hostile" $(PARALLEL) $(PYTEST_ARGS) $(SERVICES_PATHS)

# The browser journeys, then the crawler: every role clicks through the whole demo
# (tests/lms/test_site_crawl.py: no 5xx, every tool linked, no English on Thai pages). Two runs:
# the crawler's rolled-back demo in the same session as the live-server tests leaves their
# serialized database without its locales.
test-browser: install messages
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS)
	$(VENV)/bin/pytest -m crawl -p no:xdist $(PYTEST_ARGS)

test-crawl: install messages
	$(VENV)/bin/pytest -m crawl -p no:xdist $(PYTEST_ARGS)

# Every route, query parameter and form field with hostile values, as every role: no 5xx, refused
# input changes no row (tests/lms/test_hostile_input.py, docs/security.md). HOSTILE_BATTERY=ci,
# the default and CI's step (about 1 minute on CI's 2 cores): every route as every role, then
# one value per path slot, one query round and a few POSTs per form, the value classes spread
# across routes by a fixed seed (HOSTILE_SEED=15). HOSTILE_BATTERY=sampled (about 8 minutes) and
# HOSTILE_BATTERY=full (every value for every role, much longer) after a change to input handling.
HOSTILE_BATTERY ?= ci
test-hostile: install messages
	HOSTILE_BATTERY=$(HOSTILE_BATTERY) $(VENV)/bin/pytest -m hostile -p no:xdist $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/mypy courses certificates
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Security gates: bandit on our code (any medium or high finding fails unless its line carries
# `# nosec <test id>` after the reason), pip-audit on the installed dependencies
# (bin/audit-dependencies says NOT AUDITED when no vulnerability service answers). The security
# tests (tests/lms/test_security*.py, tests/privacy, tests/accounts) run in `make test`.
security: install
	$(VENV)/bin/bandit -c pyproject.toml -r . --severity-level medium -q
	bin/audit-dependencies

# A database made by the previous release migrates forward with every row kept (docs/operations.md).
check-upgrade: install messages
	$(PY) bin/check-upgrade

clean:
	rm -rf $(VENV) var static_collected
