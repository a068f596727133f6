# The two commands: `make run` (demo portal, embedded SQLite and broker) and `make test` (PostgreSQL + Redis).
# The venv installs requirements-dev.lock (runtime + test extra, hashed); the production image only requirements.lock.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DEV_LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell sha1sum $(DEV_LOCK) | cut -c1-12)
# make run: DEBUG on, SQLite under var/, filesystem broker under var/broker, e-mail to the console.
DEV_ENV := DJANGO_DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/lgl.sqlite3 REDIS_URL= DJANGO_EMAIL_URL=consolemail://
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/lgl)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)
PYTEST_ARGS ?=

.PHONY: run test lint lock bench messages install services-check clean backup restore

# pip itself is pinned (with hashes) in the dev lock, so no unpinned `pip install --upgrade pip` here.
$(STAMP): $(DEV_LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv -v0

run: $(STAMP) messages
	@mkdir -p var
	@# A git-ignored .env for development, so plain `python manage.py ...` works after make run as well.
	@test -f .env || printf 'DJANGO_DEBUG=true\nDATABASE_URL=sqlite:///$(CURDIR)/var/lgl.sqlite3\nREDIS_URL=\n' > .env
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0
	@# A development CA and organisation seal under var/seal/ (first run only), marked as not for production.
	$(DEV_ENV) $(PY) manage.py seal_dev_certificate
	$(DEV_ENV) $(PY) manage.py load_demo
	@$(DEV_ENV) $(PY) manage.py demo_logins
	@echo "Portalen: http://127.0.0.1:8000/  (Ctrl-C stoppar webbserver och worker)"
	@trap 'kill 0' INT TERM; \
	  $(DEV_ENV) $(VENV)/bin/celery -A lgl_portal worker --beat --pool=solo --loglevel=INFO \
	    --schedule=var/celerybeat-schedule & \
	  $(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000 & \
	  wait

services-check: $(STAMP)
	@DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m lgl_portal.core.services_check

# ruff; import-linter's contracts (pyproject.toml [tool.importlinter]); mypy with django-stubs ([tool.mypy]).
# Every checker runs even when an earlier one fails, so one run shows everything that is wrong.
lint: $(STAMP)
	@status=0; \
	set -x; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/lint-imports --no-cache || status=1; \
	$(DEV_ENV) $(VENV)/bin/mypy || status=1; \
	{ set +x; } 2>/dev/null; \
	exit $$status

# Regenerates both locks from pyproject.toml, unattended. The dev lock first (its existing pins are kept unless
# pyproject.toml asks otherwise), then the runtime lock constrained by it, so the two never pin different versions.
# Upgrade on purpose with e.g. `make lock LOCK_ARGS=--upgrade` or `LOCK_ARGS="--upgrade-package celery"`.
LOCK_ARGS ?=
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(PIP_COMPILE) $(LOCK_ARGS) --extra test -o $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) -c $(DEV_LOCK) -o requirements.lock pyproject.toml

test: $(STAMP) messages services-check lint
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(STAMP) services-check
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) bench/run.py

# Database dump + media files in one archive under var/backups/ (lgl_portal/core/backup.py); the environment
# (.env or DATABASE_URL, LGL_MEDIA_ROOT, REDIS_URL) says which portal. Restore into a new database:
#   make restore ARCHIVE=var/backups/lgl-....tar DATABASE=lgl_restored
backup: $(STAMP)
	$(PY) manage.py backup

restore: $(STAMP)
	@test -n "$(ARCHIVE)" || (echo "Ange ARCHIVE=sökväg/till/arkivet.tar (och gärna DATABASE=nytt_namn)"; exit 2)
	$(PY) manage.py restore "$(ARCHIVE)" $(if $(DATABASE),--database $(DATABASE))

clean:
	rm -rf var/test var/broker var/staticfiles
