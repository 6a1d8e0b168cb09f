# The project's commands: `make run` starts the demo, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the dependencies change: the stamp is newer than pyproject.toml otherwise.
STAMP := $(VENV)/.installed-from-pyproject
PYTEST_ARGS ?=

.PHONY: venv run test lint bench assets

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: venv assets
	@mkdir -p var
	$(BIN)/python manage.py migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: venv assets
	$(BIN)/pytest $(PYTEST_ARGS)

# Front-end assets (USWDS, htmx, Chart.js) from npm into static/vendor/, served by whitenoise; no CDN.
# Only the files the pages load are copied, plus the fonts and images uswds.min.css refers to.
VENDOR := static/vendor
USWDS_DIST := node_modules/@uswds/uswds/dist

assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/uswds/css $(VENDOR)/uswds/js
	cp $(USWDS_DIST)/css/uswds.min.css $(VENDOR)/uswds/css/
	cp $(USWDS_DIST)/js/uswds.min.js $(USWDS_DIST)/js/uswds-init.min.js $(VENDOR)/uswds/js/
	grep -o 'url([^)]*)' $(USWDS_DIST)/css/uswds.min.css | sed -e 's/^url(//' -e 's/)$$//' -e 's/["'\'']//g' \
		| grep '^\.\./' | sed -e 's#^\.\./##' -e 's/[?#].*//' | sort -u \
		| while read -r f; do mkdir -p "$(VENDOR)/uswds/$$(dirname "$$f")" && cp "$(USWDS_DIST)/$$f" "$(VENDOR)/uswds/$$f"; done
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/
	touch $@

lint: venv
	$(BIN)/ruff check .

# Every benchmarks/*.py, each in its own process, with the project importable (they call django.setup()).
bench: venv
	@shopt -s nullglob; scripts=(benchmarks/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "No benchmark scripts in benchmarks/."; exit 0; fi; \
	for script in "$${scripts[@]}"; do \
	  echo "== $$script"; \
	  PYTHONPATH=. DJANGO_SETTINGS_MODULE=config.settings $(BIN)/python "$$script" || exit 1; \
	done
