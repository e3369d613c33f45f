# The front door: `make run` to try the platform, `make test` to check it. CI runs the same targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Every QR code, printed link and e-mail carries the site's address: the server's own, unless set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: prod-up prod-down prod-status prod-reload prod-smoke soak test-soak run test test-sqlite test-postgres test-browser system-deps migrations-check lint fmt ci messages compilemessages demo clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

compilemessages: $(STAMP)
	set -o pipefail; $(BIN)/pybabel compile --use-fuzzy -d locale -D django --statistics 2>&1 | tail -n 2

# Extract new strings into the catalogues (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --no-obsolete

# signing_test_ca: a local test CA and keys for every province (var/signing/), so documents print signed.
run: $(STAMP) compilemessages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py signing_test_ca
	SITE_URL="$(SITE_URL)" $(BIN)/python manage.py seed_demo
	SITE_URL="$(SITE_URL)" $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: $(STAMP) compilemessages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py signing_test_ca
	SITE_URL="$(SITE_URL)" $(BIN)/python manage.py seed_demo

# The whole suite: lint, migrations check, then the pytest legs SQLite and PostgreSQL, the short soak of the
# production shape, and the browser journeys.
# Every step runs even if an earlier one fails (CI shows everything at once); the target fails if any did.
# PostgreSQL: $DATABASE_URL_TEST_POSTGRES if set (a role with CREATEDB); otherwise, as root or with CI=true,
# scripts/start-postgres starts the machine's server and creates role `ocop` / database `ocop_test`.
# Elsewhere that leg is skipped and says so; in CI it never is.
test: system-deps $(STAMP) compilemessages
	@failed=""; \
	for leg in lint migrations-check test-sqlite test-postgres test-soak test-browser; do \
		$(MAKE) --no-print-directory $$leg || failed="$$failed $$leg"; \
	done; \
	if [ -n "$$failed" ]; then echo "== FAILED:$$failed =="; exit 1; fi

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: $(STAMP) compilemessages
	@echo "== SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n 2 -m "not browser" -q

test-postgres: $(STAMP) compilemessages
	@url="$$DATABASE_URL_TEST_POSTGRES"; \
	if [ -z "$$url" ] && { [ "$$(id -u)" = 0 ] || [ "$$CI" = true ]; }; then \
		url="$$(bash scripts/start-postgres)" || exit 1; \
	fi; \
	if [ -z "$$url" ]; then \
		echo "== PostgreSQL: SKIPPED, only SQLite was tested. Set DATABASE_URL_TEST_POSTGRES to a role with CREATEDB, =="; \
		echo "== or run 'make test' as root to let scripts/start-postgres set one up. =="; \
		exit 0; \
	fi; \
	echo "== PostgreSQL ($${url#*@}) =="; \
	DATABASE_URL="$$url" $(BIN)/pytest -n 2 -m "not browser" -q

# The journeys in e2e/ run in Debian's Chromium (never a downloaded browser), two at a time (CI's two cores), on
# SQLite, each at a desktop and a phone size; their screenshots go to $(E2E_ARTIFACTS), for CI to keep (e2e/README.md).
E2E_ARTIFACTS ?= $(CURDIR)/e2e/artifacts
test-browser: $(STAMP) compilemessages
	@echo "== Browser (screenshots in $(E2E_ARTIFACTS)) =="
	@if [ -x /usr/bin/chromium ]; then env -u DATABASE_URL E2E_ARTIFACTS="$(E2E_ARTIFACTS)" $(BIN)/pytest -m browser -q -n 2; \
	else echo "Chromium not found at /usr/bin/chromium: run 'make system-deps' as root (apt-get install chromium)"; exit 1; fi

# Debian packages the tests need (PostgreSQL, Chromium, gettext). Installs as root or in CI; elsewhere it lists
# what is missing and the test legs that need it say so.
system-deps:
	@if [ "$$(id -u)" = 0 ] || [ "$$CI" = true ]; then bash scripts/ensure-system-deps; \
	else bash scripts/ensure-system-deps || echo "(not root: continuing without them)"; fi

# ruff, then the import layers of docs/architecture.md (the import-linter contract in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	bash .ci/run

# The production shape on one machine (docs/deployment.md): nginx on :8280, two gunicorn app servers,
# PostgreSQL, Redis, the task worker and the periodic jobs; run directory var/prod/.
prod-up: $(STAMP) compilemessages
	bash scripts/prod up

prod-down:
	bash scripts/prod down

prod-status:
	bash scripts/prod status

prod-reload:
	bash scripts/prod reload

# Through nginx: health, pages, a static file, a product image, a stamp, the API schema, a sign-in, both app
# servers, and a reload under load with no failed request.
prod-smoke:
	$(BIN)/python scripts/prod-smoke

# The load and soak test (bench/soak/README.md) through nginx, against the deployment of prod-up (started if it is
# down): SOAK_MINUTES at SOAK_RATE requests/s; exit 1 on any failed request, server error or memory growth.
SOAK_MINUTES ?= 30
SOAK_RATE ?= 6
soak: $(STAMP) compilemessages
	$(BIN)/python bench/soak/run.py --minutes $(SOAK_MINUTES) --rate $(SOAK_RATE)

# Its short form in `make test`: a deployment of its own (run directory var/soak-ci, ports 8290-8292 and 6391,
# database ocop_soak_ci), started, soaked for 60 s and stopped. Needs root or CI (nginx, Redis, PostgreSQL).
SOAK_CI := OCOP_PROD_DIR=$(CURDIR)/var/soak-ci OCOP_PROD_PORT=8290 OCOP_PROD_APP_PORTS="8291 8292" OCOP_PROD_REDIS_PORT=6391
test-soak: $(STAMP) compilemessages
	@if [ "$$(id -u)" != 0 ] && [ "$$CI" != true ]; then \
		echo "== Soak: SKIPPED (it starts nginx, Redis and PostgreSQL: run 'make test' as root) =="; exit 0; \
	fi; \
	echo "== Soak (60 s through nginx, a deployment of its own) =="; \
	url="$$(OCOP_PG_DB=ocop_soak_ci bash scripts/start-postgres)" || exit 1; \
	DATABASE_URL="$$url" $(SOAK_CI) $(BIN)/python bench/soak/run.py --minutes 1 --rate $(SOAK_RATE) --stop \
		--out var/soak-ci/results

clean:
	rm -rf $(VENV) staticfiles media db.sqlite3
