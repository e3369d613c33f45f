"""Every check is recorded, append-only: time, verdict, coarse place if shared, user agent and a salted hash of
the client's address, never the address itself."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from public.tests.factories import first_stamp, make_batch, make_certificate
from stamps import scanning
from stamps.models import ScanCounter, ScanEvent, Verdict

ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_cache():
    caches["pages"].clear()


@pytest.fixture
def stamp(product_a, alice):
    return first_stamp(make_batch(product_a, make_certificate(product_a), alice))


def test_scan_page_records_time_verdict_user_agent_and_ip_hash(client, stamp):
    before = timezone.now()
    client.get(f"/s/{stamp.serial}", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT="Mozilla/5.0 (Android 14)")
    scan = ScanEvent.objects.get()
    assert scan.stamp == stamp
    assert scan.serial == stamp.serial
    assert scan.verdict == Verdict.GENUINE
    assert scan.user_agent == "Mozilla/5.0 (Android 14)"
    assert before <= scan.scanned_at <= timezone.now()
    assert scan.ip_hash == scanning.hash_ip(ADDRESS)
    assert (scan.latitude, scan.longitude) == (None, None)


def test_scan_never_stores_the_raw_address(client, stamp):
    client.get(f"/s/{stamp.serial}", REMOTE_ADDR=ADDRESS)
    client.get("/s/0000000000000000X", REMOTE_ADDR=ADDRESS)
    for row in ScanEvent.objects.values():
        assert all(ADDRESS not in str(value) for value in row.values()), row
    assert len(ScanEvent.objects.first().ip_hash) == 64


def test_ip_hash_is_salted(settings):
    plain = hashlib.sha256(ADDRESS.encode()).hexdigest()
    settings.SCAN_IP_SALT = "salt-one"
    one = scanning.hash_ip(ADDRESS)
    settings.SCAN_IP_SALT = "salt-two"
    two = scanning.hash_ip(ADDRESS)
    assert one != two
    assert plain not in (one, two)
    assert scanning.hash_ip(ADDRESS) == two  # stable for one salt: the same client is recognised


def test_scan_counts_on_the_stamp_and_keeps_the_first_time(stamp):
    first = scanning.check_stamp(serial=stamp.serial, client_hash="a")
    second = scanning.check_stamp(serial=stamp.serial, client_hash="b")
    counter = ScanCounter.objects.get(stamp=stamp)
    assert counter.count == 2
    assert counter.first_scanned_at == first.scanned_at
    assert (first.scan_count, second.scan_count) == (1, 2)
    assert second.first_scanned_at == first.scanned_at


def test_scan_of_an_unknown_code_is_recorded_without_a_stamp(stamp):
    scanning.check_stamp(serial="zzzz-zzzz-zzzz-zzzz-z", client_hash="a")
    scan = ScanEvent.objects.get()
    assert (scan.stamp, scan.serial, scan.verdict) == (None, "ZZZZZZZZZZZZZZZZZ", Verdict.UNKNOWN)
    assert not ScanCounter.objects.exists()


def test_scan_log_is_append_only(stamp):
    scanning.check_stamp(serial=stamp.serial, client_hash="a")
    first = ScanEvent.objects.values().get()
    scanning.check_stamp(serial=stamp.serial, client_hash="b")
    assert ScanEvent.objects.count() == 2
    assert ScanEvent.objects.values().get(pk=first["id"]) == first


def test_scan_place_is_filled_once_and_rounded_to_about_a_kilometre(stamp):
    check = scanning.check_stamp(serial=stamp.serial, client_hash="a")
    located = scanning.locate_scan(
        serial=stamp.serial, scanned_at=check.scanned_at, client_hash="a", latitude="21.0349", longitude="105.8551"
    )
    assert located == Verdict.GENUINE
    scan = ScanEvent.objects.get()
    assert (scan.latitude, scan.longitude) == (Decimal("21.03"), Decimal("105.86"))
    again = scanning.locate_scan(
        serial=stamp.serial, scanned_at=check.scanned_at, client_hash="a", latitude="10.78", longitude="106.70"
    )
    assert again is None
    assert ScanEvent.objects.values_list("latitude", "longitude").get() == (Decimal("21.03"), Decimal("105.86"))


def test_scan_place_only_from_the_same_client_and_soon_after(stamp):
    check = scanning.check_stamp(serial=stamp.serial, client_hash="a")
    other = scanning.locate_scan(
        serial=stamp.serial, scanned_at=check.scanned_at, client_hash="b", latitude="21", longitude="105"
    )
    assert other is None
    old = scanning.check_stamp(
        serial=stamp.serial, client_hash="a", at=timezone.now() - scanning.LOCATE_WINDOW - datetime.timedelta(seconds=1)
    )
    late = scanning.locate_scan(
        serial=stamp.serial, scanned_at=old.scanned_at, client_hash="a", latitude="21", longitude="105"
    )
    assert late is None
    assert not ScanEvent.objects.filter(latitude__isnull=False).exists()


@pytest.mark.parametrize("value", ["91", "-90.5", "abc", "nan", "inf", ""])
def test_coarse_refuses_what_is_not_a_latitude(value):
    with pytest.raises(ValueError):
        scanning.coarse(value, bound=90)


def test_record_scan_is_one_statement_on_postgresql_two_elsewhere(stamp):
    with CaptureQueriesContext(connection) as queries:
        scanning.record_scan(
            stamp_id=stamp.pk, serial=stamp.serial, verdict="genuine", at=timezone.now(), user_agent="", ip_hash="h"
        )
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("WITH", "INSERT", "UPDATE"))
    ]
    assert len(writes) == (1 if connection.vendor == "postgresql" else 2)
    assert ScanCounter.objects.get(stamp=stamp).count == 1
    assert ScanEvent.objects.filter(stamp=stamp).count() == 1
