# The front door: `make run` to try the platform, `make test` to check it. CI runs the same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres test-browser lint fmt ci messages compilemessages demo clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

compilemessages: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d locale -D django --statistics 2>&1 | tail -n 2

# Extract new strings into the catalogues (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l vi -l en --ignore=.venv --ignore=staticfiles --no-obsolete

run: $(STAMP) compilemessages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: $(STAMP) compilemessages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo

# The whole suite: lint, migrations check, SQLite, and PostgreSQL when DATABASE_URL_TEST_POSTGRES is set
# (CI sets it after starting the server), then the browser journeys.
test: $(STAMP) compilemessages lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 -m "not browser" -q
	@if [ -n "$$DATABASE_URL_TEST_POSTGRES" ]; then \
		echo "== PostgreSQL =="; \
		DATABASE_URL="$$DATABASE_URL_TEST_POSTGRES" $(BIN)/pytest -n 2 -m "not browser" -q; \
	fi
	$(MAKE) test-browser

test-browser: $(STAMP)
	@if [ -x /usr/bin/chromium ]; then $(BIN)/pytest -m browser -q -p no:xdist; \
	else echo "Chromium not found at /usr/bin/chromium: install it (apt-get install chromium) to run the browser journeys"; exit 1; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles media db.sqlite3
