# The project's commands: `make run` starts the demo, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the dependencies change: the stamp is newer than pyproject.toml otherwise.
STAMP := $(VENV)/.installed-from-pyproject
PYTEST_ARGS ?=

.PHONY: venv run run-prod test lint bench assets schema mutation

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# The whole system: Redis on loopback (installed from Debian if missing), then the web server, a Celery
# worker and beat from the Procfile under honcho. Ctrl-C stops honcho's processes and the trap stops Redis.
REDIS_PORT ?= 6379
REDIS_PID := var/redis.pid

run: venv assets
	@mkdir -p var
	@command -v redis-server >/dev/null || { echo "Installing redis-server from Debian"; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); $$SUDO apt-get update -q \
	  && $$SUDO apt-get install -y -q -o DPkg::Lock::Timeout=300 redis-server; }
	@/sbin/ldconfig -p | grep -qF libpangoft2-1.0.so.0 || { echo "Installing Pango for WeasyPrint from Debian"; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); $$SUDO apt-get update -q \
	  && $$SUDO apt-get install -y -q -o DPkg::Lock::Timeout=300 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }
	$(BIN)/python manage.py migrate
	$(BIN)/python manage.py seed_demo
	@if [ -f $(REDIS_PID) ] && kill -0 "$$(cat $(REDIS_PID))" 2>/dev/null; then kill "$$(cat $(REDIS_PID))"; sleep 0.5; fi
	@redis-server --port $(REDIS_PORT) --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
	  --pidfile $(CURDIR)/$(REDIS_PID) --dir $(CURDIR)/var --logfile $(CURDIR)/var/redis.log; \
	for i in $$(seq 50); do [ -s $(REDIS_PID) ] && break; sleep 0.1; done; \
	pid=$$(cat $(REDIS_PID)); trap 'kill $$pid 2>/dev/null; echo "Redis stopped."' EXIT; \
	REDIS_URL=redis://127.0.0.1:$(REDIS_PORT)/0 $(BIN)/honcho start -f Procfile

# The production topology locally (Procfile.prod): gunicorn with WEB_CONCURRENCY workers, one Celery worker
# per queue (sweep, notifications, evidence, default) and beat, against the PostgreSQL of DATABASE_URL and a
# loopback Redis, with persistent database connections. See docs/scale.md.
run-prod: venv assets
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "Set DATABASE_URL=postgres://... (run-prod runs on PostgreSQL)"; exit 2;; esac
	@mkdir -p var
	$(BIN)/python manage.py migrate
	$(BIN)/python manage.py collectstatic --noinput -v 0
	@if [ -f $(REDIS_PID) ] && kill -0 "$$(cat $(REDIS_PID))" 2>/dev/null; then kill "$$(cat $(REDIS_PID))"; sleep 0.5; fi
	@redis-server --port $(REDIS_PORT) --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
	  --pidfile $(CURDIR)/$(REDIS_PID) --dir $(CURDIR)/var --logfile $(CURDIR)/var/redis.log; \
	for i in $$(seq 50); do [ -s $(REDIS_PID) ] && break; sleep 0.1; done; \
	pid=$$(cat $(REDIS_PID)); trap 'kill $$pid 2>/dev/null; echo "Redis stopped."' EXIT; \
	REDIS_URL=redis://127.0.0.1:$(REDIS_PORT)/0 CELERY_SEPARATE_QUEUES=true $(BIN)/honcho start -f Procfile.prod

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
	# Source-map comments are dropped: the maps are not shipped, and collectstatic's manifest
	# storage refuses a file that points to a missing one.
	for f in css/uswds.min.css js/uswds.min.js js/uswds-init.min.js; do \
		sed '/^\/[/*]# sourceMappingURL=/d' $(USWDS_DIST)/$$f > $(VENDOR)/uswds/$$f; done
	grep -o 'url([^)]*)' $(USWDS_DIST)/css/uswds.min.css | sed -e 's/^url(//' -e 's/)$$//' -e 's/["'\'']//g' \
		| grep '^\.\./' | sed -e 's#^\.\./##' -e 's/[?#].*//' | sort -u \
		| while read -r f; do mkdir -p "$(VENDOR)/uswds/$$(dirname "$$f")" && cp "$(USWDS_DIST)/$$f" "$(VENDOR)/uswds/$$f"; done
	for f in htmx.org/dist/htmx.min.js chart.js/dist/chart.umd.min.js; do \
		sed '/^\/[/*]# sourceMappingURL=/d' node_modules/$$f > $(VENDOR)/$$(basename $$f); done
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

# The committed OpenAPI document (openapi.yaml), regenerated from the code; CI fails when it differs.
schema:
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file openapi.yaml

# Mutation testing (tools/mutation.py, docs/mutation.md): one module at a time, each against the test selection
# that must notice a wrong rule in it. One line per module: MODULE=TEST[,TEST...]. Not part of `make test`.
MUTATION_JOBS ?= 2
MUTATION_MODE ?= resume
MUTATION_TARGETS ?= \
  cases/clocks.py=tests/cases/test_clocks.py \
  cases/workflows.py=quick:tests.cases.test_expected_tables+tests.cases.test_workflow_rules_in_memory+tests.cases.test_after_decision_rules_in_memory,tests/cases/test_order_services.py::test_a_wro_is_converted_to_a_finding_only_once,tests/cases/test_order_services.py::test_a_finding_from_another_order_does_not_stop_a_conversion,tests/cases/test_order_services.py::test_wro_edge \
  cases/audit.py=quick:tests.cases.test_audit_known_answers,tests/cases/test_audit_attacks.py,tests/cases/test_audit.py \
  cases/services/sweep.py=tests/celery/test_sweep_rows.py,tests/celery/test_sweep_batches.py,tests/celery/test_sweep_rules.py,tests/celery/test_sweep_outcomes.py,tests/celery/test_outbox_and_sweep.py,tests/celery/test_deemed_detention.py,tests/celery/test_detention_lives.py \
  cases/screening/matcher.py=quick:tests.screening.test_matcher_vocabulary,tests/screening/test_matcher.py

mutation:
	@for target in $(MUTATION_TARGETS); do \
	  $(BIN)/python tools/mutation.py --jobs $(MUTATION_JOBS) --mode $(MUTATION_MODE) "$$target" || exit 1; \
	done
