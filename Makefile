# The two commands: `make run` (demo portal, embedded SQLite and broker) and `make test` (PostgreSQL + Redis).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
# make run: DEBUG on, SQLite under var/, filesystem broker under var/broker, e-mail to the console.
DEV_ENV := DJANGO_DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/lgl.sqlite3 REDIS_URL= DJANGO_EMAIL_URL=consolemail://
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/lgl)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)
PYTEST_ARGS ?=

.PHONY: run test lint bench messages install services-check clean

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
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

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(STAMP) messages services-check lint
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(STAMP) services-check
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) bench/run.py

clean:
	rm -rf var/test var/broker var/staticfiles
