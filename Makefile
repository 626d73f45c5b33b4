# Relais — one command to run, one to test. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
APPS := cms campaigns sharekits

.DEFAULT_GOAL := help

.PHONY: help setup run web worker beat test lint format messages bench bench-tools clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed ## Create the virtualenv, install requirements, migrate, load demo data
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: setup ## Start the web server, a Celery worker and Celery beat (Ctrl-C stops all three)
	@PORT=$(PORT) VENV=$(VENV) bash scripts/run.sh

web: $(VENV)/.installed ## Start only the web server
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: $(VENV)/.installed ## Start only a Celery worker
	$(VENV)/bin/celery -A cms worker --loglevel=INFO --concurrency=2

beat: $(VENV)/.installed ## Start only Celery beat
	mkdir -p var && $(VENV)/bin/celery -A cms beat --loglevel=INFO --schedule=var/celerybeat-schedule

test: $(VENV)/.installed ## Run the whole test suite (uses DATABASE_URL / REDIS_URL when set)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed ## Check style and common bugs with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed ## Reformat the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed ## Extract and compile the French translations
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l fr --no-obsolete && ../$(PY) ../manage.py compilemessages -l fr); done

bench: $(VENV)/.installed ## Run the benchmarks under bench/ (prints ratios to a baseline)
	@failed=""; for script in bench/[!_]*.py; do \
		[ -e "$$script" ] || continue; echo; echo "== $$script"; \
		$(PY) "$$script" || failed="$$failed $$script"; \
	done; \
	if [ -n "$$failed" ]; then echo "bench: failed:$$failed"; exit 1; fi

bench-tools: $(VENV)/.installed ## Install wrk and nginx (Debian) and py-spy for bench/redirect.py
	command -v wrk >/dev/null && command -v nginx >/dev/null || \
		{ apt-get update && apt-get install -y wrk nginx-light; }
	$(PY) -m pip install --quiet py-spy==0.4.3

clean: ## Remove the virtualenv and local data (SQLite database, broker files, cache)
	rm -rf $(VENV) var
