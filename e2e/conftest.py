"""Browser journeys: a live Django server, Debian's Chromium driven by Playwright, a `login` helper, and the
`journey` fixture that runs a journey at a desktop and at a phone size with a screenshot of each main step.

Every test here is a `browser` test (the marker is added below), so `make test` runs them apart from the
unit tests, two at a time: `pytest -m browser -n 2` (each xdist worker has its own database file and live server).

On SQLite the test database is a file, not memory, so that the live server does not share the test's connection
(below). The live server thread needs committed data, so these tests run as transactional tests, and pytest-django
empties every table after each of them. The reference data (administrative units, criteria) is loaded once
per test database by the root conftest; rather than load it again for each journey (8–10 s), we copy its
tables aside once and copy them back, in SQL, when a journey finds them empty (a few hundred milliseconds).
"""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse

from conftest import PASSWORD
from e2e.journeys import Journey

CHROMIUM = os.getenv("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots for CI to keep as artefacts (never in git: .gitignore).
ARTIFACTS = Path(os.getenv("E2E_ARTIFACTS", Path(__file__).parent / "artifacts"))
# post_migrate fills these again after every flush, with new ids: leave them to it.
REGENERATED_TABLES = {"django_content_type", "auth_permission"}
SNAPSHOT_PREFIX = "e2e_snapshot_"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


# --- the test database: a file, so the live server has its own connection -----------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory) -> None:
    """On SQLite, journeys get a test database in a file instead of in memory.

    An in-memory test database is one connection that the live server's threads share with the test's own thread
    (Django's LiveServerThread), and two threads using one connection at once mix their transactions: a journey's
    `refresh_from_db` while the browser's last request still runs failed once with "no such savepoint". With a
    file each thread has its own connection; SQLite's locks order their writes (an atomic block takes the write
    lock when it begins, and a busy connection waits for it instead of failing at once)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"] = {**database.get("TEST", {}), "NAME": str(tmp_path_factory.mktemp("e2e") / "test.sqlite3")}
        database["OPTIONS"] = {
            **database.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            # A throwaway file: no waiting for the disk at each commit (pytest-django empties every table after
            # each journey); the write-ahead log lets the server's reads go on while the test writes.
            "init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL",
        }


# --- reference data that survives the flush after each transactional test ---------------------------------


def _model_tables() -> list[str]:
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True) if model._meta.managed}
    return sorted(tables & set(connection.introspection.table_names()))


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our table names)
        return cursor.fetchone()[0]


@pytest.fixture(scope="session")
def reference_snapshot(django_db_setup, django_db_blocker) -> list[str]:
    """Copy every table that holds rows after the database setup into a snapshot table; return their names."""
    quote = connection.ops.quote_name
    with django_db_blocker.unblock():
        tables = [t for t in _model_tables() if t not in REGENERATED_TABLES and _count(t) > 0]
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                snapshot = quote(SNAPSHOT_PREFIX + table)
                cursor.execute(f"DROP TABLE IF EXISTS {snapshot}")
                cursor.execute(f"CREATE TABLE {snapshot} AS SELECT * FROM {quote(table)}")  # noqa: S608
    return tables


@pytest.fixture
def reference_data(transactional_db, reference_snapshot) -> None:
    """Make sure the reference tables hold the data loaded at setup, copying it back after a flush."""
    if not reference_snapshot or _count(reference_snapshot[0]) > 0:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in reference_snapshot:
            columns = ", ".join(quote(c.name) for c in connection.introspection.get_table_description(cursor, table))
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {quote(SNAPSHOT_PREFIX + table)}"  # noqa: S608
            )


@pytest.fixture(autouse=True)
def _browser_database(reference_data) -> None:
    """Every journey gets the reference data, before any persona fixture looks up its commune."""


# --- the browser ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/ensure-system-deps (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread; Django would take our ORM calls in the test
    # body for async code and refuse them. They are not: allow them while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The two sizes every journey runs at: the options of a browser context.
SIZES = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}


def _collect_errors(page) -> None:
    page.errors = []

    def on_console(message):
        # Chromium asks for /favicon.ico on its own; a 404 there is not the page's fault.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            page.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.errors.append(f"pageerror: {error}"))


def open_page(browser, base_url: str, size: str, **options):
    """A fresh browser context (no cookies) at one of SIZES, and its page with the page's errors collected.

    `page.errors` lists uncaught script errors and console errors (a content-security-policy violation is
    one); tests assert it stays empty where that matters.
    """
    context = browser.new_context(base_url=base_url, locale="vi-VN", **SIZES[size], **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    _collect_errors(page)
    return page


@pytest.fixture
def page(browser, base_url) -> Iterator:
    """A page at the desktop size, in a context of its own."""
    page = open_page(browser, base_url, "desktop")
    yield page
    page.context.close()


@pytest.fixture
def phone(browser, base_url):
    """Phone-sized pages (390×844, touch, mobile viewport), errors collected as for `page`:
    `phone(**context_options)` opens one in a context of its own and returns it."""
    pages = []

    def open_phone(**options):
        pages.append(open_page(browser, base_url, "phone", **options))
        return pages[-1]

    yield open_phone
    for opened in pages:
        opened.context.close()


def login(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form as one of the root conftest's personas (create the persona first)."""
    page.goto(reverse("accounts:login"))
    form = page.locator("main form").filter(has=page.locator("input[name='username']"))
    form.locator("input[name='username']").fill(username)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation():
        form.locator("button[type='submit'], input[type='submit']").first.click()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot (of the whole page, or of what the screen shows) as $E2E_ARTIFACTS/shots/<name>.png and
    return its path."""
    path = ARTIFACTS / "shots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(params=list(SIZES))
def journey(request, browser, base_url) -> Iterator[Journey]:
    """The journey at each size of SIZES in turn (one test per size), its screenshots in
    $E2E_ARTIFACTS/<journey>/<size>/, named by the test's `@pytest.mark.journey("name")` or by the test."""
    marker = request.node.get_closest_marker("journey")
    name = marker.args[0] if marker else request.node.originalname.removeprefix("test_")
    directory = ARTIFACTS / re.sub(r"[^\w-]+", "-", name) / request.param
    shutil.rmtree(directory, ignore_errors=True)  # screenshots of an earlier run would mislead
    journey = Journey(
        name, request.param, directory, lambda **options: open_page(browser, base_url, request.param, **options)
    )
    yield journey
    for opened in journey.pages:
        opened.context.close()
