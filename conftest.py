"""Shared fixtures: the real reference data, loaded once per test database, and fixed personas.

Personas (as in healthchecks' alice/bob/charlie):
- alice: producer A's user, producer A in commune X (Hà Nội)      - bob: producer B's user, in commune Y (Hà Nội)
- carol: commune officer of X                                     - dave: commune officer of Y
- erin: OCOP officer of Hà Nội                                    - frank: OCOP officer of Ninh Bình
- council, advisor, inspector: province-scoped roles in Hà Nội   - minh: ministry officer    - root: administrator
- oanh: the operator account of the OCOP sales point in commune X (`sales_point_x`)
"""

import datetime
import shutil
import socket
import subprocess
import threading

import pytest
from django.core.cache import caches
from django.core.management import call_command

from accounts.models import Role, User
from areas.models import Area
from criteria.models import CriteriaSet

PASSWORD = "Ocop-test-2026"
pytest_plugins = ["signing.tests.fixtures"]  # signing_keys: a test CA and keys


def pytest_configure(config):
    from django.conf import settings

    # PBKDF2 costs ~0.25 s a hash; the suite creates and signs in personas hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A replica alias mirroring the test database, for the tests of the reports' replica (reports/tests/
    # test_replica.py): nothing reads it unless a test turns REPORTS_READ_REPLICA on.
    settings.DATABASES.setdefault("replica", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}})


def pytest_collection_modifyitems(items):
    """A transactional test ends with a flush that empties every table, the reference data loaded once per test
    database among them (areas, criteria sheets), and the next test on that worker would find none: such a test
    must put them back (`reference_data_kept` in evaluation/tests/workflow/conftest.py; the browser journeys and
    the replica's tests have their own `reference_data`)."""
    unguarded = []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        marker = item.get_closest_marker("django_db")
        marked = marker is not None and bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))
        if (marked or fixtures & {"transactional_db", "live_server"}) and not fixtures & {
            "reference_data_kept",
            "reference_data",
        }:
            unguarded.append(item.nodeid)
    if unguarded:
        raise pytest.UsageError("Transactional tests that do not keep the reference data:\n  " + "\n  ".join(unguarded))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


def current(code: str, level: str = Area.Level.COMMUNE) -> Area:
    return Area.objects.select_related("parent").get(era=Area.Era.CURRENT, level=level, code=code)


@pytest.fixture
def one_rate_window(monkeypatch):
    """The rate limits' clock held in the middle of a window (`core.ratelimit` counts in fixed windows): a test's
    requests are counted together however long they take, never split by a window's end."""
    from core import ratelimit

    held = 1_800_001_830.0  # the middle of a minute and of an hour (January 2027)

    class Clock:
        @staticmethod
        def time() -> float:
            return held

    monkeypatch.setattr(ratelimit, "time", Clock)


@pytest.fixture
def hanoi(db) -> Area:
    return current("01", Area.Level.PROVINCE)


@pytest.fixture
def ninh_binh(db) -> Area:
    return current("37", Area.Level.PROVINCE)


@pytest.fixture
def commune_x(db) -> Area:
    return current("10030")  # Xã Phú Nghĩa, Hà Nội


@pytest.fixture
def commune_y(db) -> Area:
    return current("10015")  # Phường Chương Mỹ, Hà Nội


@pytest.fixture
def commune_nb(db, ninh_binh) -> Area:
    return Area.objects.filter(parent=ninh_binh).order_by("code").first()


@pytest.fixture
def criteria_set(db) -> CriteriaSet:
    return CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7)


def make_user(username: str, role: str, area: Area | None = None, producer=None) -> User:
    user = User(username=username, role=role, area=area, producer=producer, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


def make_producer(*, name: str, area: Area, tax_code: str, verified: bool = True):
    from producers.domain import create_producer
    from producers.models import Producer

    producer = create_producer(
        by=None,
        name=name,
        kind="cooperative",
        tax_code=tax_code,
        area=area,
        representative_name="Nguyễn Thị Hoa",
        representative_gender="female",
        street_address="Thôn Đông",
        phone="0912345678",
    )
    if verified:
        producer.status = Producer.Status.VERIFIED
        producer.save(update_fields=["status"])
    return producer


@pytest.fixture
def producer_a(commune_x):
    return make_producer(name="Hợp tác xã Nông sản Phú Nghĩa", area=commune_x, tax_code="0100107518")


@pytest.fixture
def producer_b(commune_y):
    return make_producer(name="Hợp tác xã Chè Chương Mỹ", area=commune_y, tax_code="0100109106")


@pytest.fixture
def alice(producer_a):
    return make_user("alice", Role.PRODUCER, producer=producer_a)


@pytest.fixture
def bob(producer_b):
    return make_user("bob", Role.PRODUCER, producer=producer_b)


@pytest.fixture
def carol(commune_x):
    return make_user("carol", Role.COMMUNE_OFFICER, commune_x)


@pytest.fixture
def dave(commune_y):
    return make_user("dave", Role.COMMUNE_OFFICER, commune_y)


@pytest.fixture
def erin(hanoi):
    return make_user("erin", Role.PROVINCE_OFFICER, hanoi)


@pytest.fixture
def frank(ninh_binh):
    return make_user("frank", Role.PROVINCE_OFFICER, ninh_binh)


@pytest.fixture
def council(hanoi):
    return make_user("council", Role.COUNCIL_MEMBER, hanoi)


@pytest.fixture
def advisor(hanoi):
    return make_user("advisor", Role.ADVISORY_MEMBER, hanoi)


@pytest.fixture
def inspector(hanoi):
    return make_user("inspector", Role.INSPECTOR, hanoi)


@pytest.fixture
def minh(db):
    return make_user("minh", Role.MINISTRY_OFFICER)


@pytest.fixture
def root(db):
    return make_user("root", Role.SYSADMIN)


@pytest.fixture
def sales_point_x(erin, commune_x):
    """An OCOP sales point in commune X, kept by erin (Hà Nội's OCOP officer)."""
    from market.domain.sales_points import save_sales_point
    from market.models import SalesPoint

    return save_sales_point(
        sales_point=SalesPoint(
            name="Điểm giới thiệu sản phẩm OCOP Phú Nghĩa",
            operator="HTX Thương mại Phú Nghĩa",
            address="Số 1 đường Phú Nghĩa",
            area=commune_x,
            decision_number="125/QĐ-SCT",
            decision_date=datetime.date(2025, 5, 15),
        ),
        by=erin,
    )


@pytest.fixture
def oanh(sales_point_x):
    """The operator account of the sales point in commune X (the sales point role)."""
    user = make_user("oanh", Role.SALES_POINT)
    user.sales_point = sales_point_x
    user.save(update_fields=["sales_point"])
    return user


@pytest.fixture
def product_a(producer_a, criteria_set):
    from products.domain import create_product

    return create_product(
        by=_system_officer(producer_a),
        producer=producer_a,
        criteria_set=criteria_set,
        name="Mứt gừng Phú Nghĩa",
        specification="Hộp 250 g",
    )


@pytest.fixture
def product_b(producer_b, criteria_set):
    from products.domain import create_product

    return create_product(
        by=_system_officer(producer_b),
        producer=producer_b,
        criteria_set=criteria_set,
        name="Chè búp Chương Mỹ",
        specification="Gói 200 g",
    )


def _system_officer(producer) -> User:
    user, _ = User.objects.get_or_create(username="fixture-admin", defaults={"role": Role.SYSADMIN})
    return user


@pytest.fixture
def redis_cache(settings, tmp_path):
    """A real Redis (production's shared cache: counts, versions, sessions) on a free port, as the default cache."""
    executable = shutil.which("redis-server")
    if not executable:
        pytest.skip("redis-server is not installed (scripts/ensure-system-deps)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, "redis-server exited"
                threading.Event().wait(0.05)
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "core.redis_cache.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            },
        }
        yield caches["default"]
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_round_trips(redis_cache, monkeypatch):
    """The round trips made to `redis_cache` while the test runs, as a list (one entry per connection taken
    from the pool: a command, or a pipeline sent at once)."""
    pool = redis_cache._cache.get_client(write=True).connection_pool
    taken = []
    original = pool.get_connection

    def counting(*args, **kwargs):
        taken.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(pool, "get_connection", counting)
    return taken
