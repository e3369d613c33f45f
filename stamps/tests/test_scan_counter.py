"""How often a stamp was checked lives in `ScanCounter`, beside the stamps table: a check writes the counter and
the log, never the stamps table, and the verdicts that depend on earlier checks read the counter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from public.tests.factories import first_stamp, make_batch, make_certificate
from stamps import scanning, serials
from stamps.models import ScanCounter, ScanEvent, Stamp, Verdict

WRITES = ("INSERT", "UPDATE", "DELETE", "WITH")


def _stamp(product, by):
    return first_stamp(make_batch(product, make_certificate(product), by))


def test_a_check_writes_the_counter_and_the_log_never_the_stamps_table(product_a, alice):
    stamp = _stamp(product_a, alice)
    before = Stamp.objects.values().get(pk=stamp.pk)
    with CaptureQueriesContext(connection) as queries:
        scanning.check_stamp(serial=stamp.serial, client_hash="a")
        scanning.check_stamp(serial=stamp.serial, client_hash="b")
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes
    stamps_table = connection.ops.quote_name(Stamp._meta.db_table)
    assert not [sql for sql in writes if stamps_table in sql]
    assert Stamp.objects.values().get(pk=stamp.pk) == before
    assert ScanCounter.objects.get(stamp=stamp).count == 2


def test_counters_are_per_stamp(product_a, alice):
    batch = make_batch(product_a, make_certificate(product_a), alice, quantity=2)
    one, two = batch.stamps.order_by("id")
    for _ in range(3):
        scanning.check_stamp(serial=one.serial, client_hash="a")
    scanning.check_stamp(serial=two.serial, client_hash="a")
    assert dict(ScanCounter.objects.values_list("stamp_id", "count")) == {one.pk: 3, two.pk: 1}
    assert scanning.checks_so_far(one.pk) == 3
    assert scanning.checks_so_far(first_stamp(make_batch(product_a, make_certificate(product_a), alice)).pk) == 0


def test_the_check_after_the_limit_is_suspicious_from_the_counter(product_a, alice, settings):
    settings.STAMP_SCAN_LIMIT = 2
    stamp = _stamp(product_a, alice)
    verdicts = [scanning.check_stamp(serial=stamp.serial, client_hash="a").verdict for _ in range(3)]
    assert verdicts == [Verdict.GENUINE, Verdict.GENUINE, Verdict.SUSPICIOUS]
    assert scanning.find_stamp(stamp.serial).scan_count == 3


@pytest.mark.parametrize("kept", [0, 60], ids=["connection-a-request", "persistent-connections"])
def test_find_stamp_reads_the_same_prepared_or_not(product_a, alice, monkeypatch, kept):
    # With persistent connections (production) PostgreSQL runs the look-up as a prepared statement (core.prepared).
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", kept)
    stamp = _stamp(product_a, alice)
    scanning.check_stamp(serial=stamp.serial, client_hash="a")
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            found = scanning.find_stamp(stamp.serial)
        assert (found.pk, found.serial, found.batch_id, found.batch.code) == (
            stamp.pk,
            stamp.serial,
            stamp.batch_id,
            stamp.batch.code,
        )
        assert (found.scan_count, found.flagged) == (1, False) and found.first_scanned_at is not None
        assert found.batch.production_date == stamp.batch.production_date
    prepared = connection.vendor == "postgresql" and kept
    assert queries.captured_queries[-1]["sql"].startswith("EXECUTE ocop_find_stamp") == bool(prepared)
    assert scanning.find_stamp("NO-SUCH-SERIAL") is None


@pytest.mark.parametrize("kept", [0, 60], ids=["connection-a-request", "persistent-connections"])
def test_a_check_is_recorded_the_same_prepared_or_not(product_a, alice, monkeypatch, kept):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", kept)
    stamp = _stamp(product_a, alice)
    for client in ("a", "b"):  # the first creates the counter, the second (an EXECUTE, when prepared) adds one
        with CaptureQueriesContext(connection) as queries:
            scanning.check_stamp(serial=stamp.serial, client_hash=client, user_agent="Phone/1")
    scanning.check_stamp(serial="NO-SUCH-SERIAL", client_hash="c")
    prepared = connection.vendor == "postgresql" and kept
    assert any(q["sql"].startswith("EXECUTE ocop_record_scan") for q in queries.captured_queries) == bool(prepared)
    counter = ScanCounter.objects.get(stamp=stamp)
    assert counter.count == 2
    events = ScanEvent.objects.order_by("id").values_list("stamp_id", "serial", "verdict", "user_agent")
    assert list(events) == [
        (stamp.pk, stamp.serial, Verdict.GENUINE, "Phone/1"),
        (stamp.pk, stamp.serial, Verdict.GENUINE, "Phone/1"),
        (None, serials.normalise("NO-SUCH-SERIAL"), Verdict.UNKNOWN, ""),
    ]
    assert ScanEvent.objects.filter(stamp=stamp).earliest("scanned_at").scanned_at == counter.first_scanned_at


def test_find_stamp_of_a_stamp_never_checked(product_a, alice):
    stamp = scanning.find_stamp(_stamp(product_a, alice).serial)
    assert (stamp.scan_count, stamp.first_scanned_at, stamp.flagged) == (0, None, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_a_check_leaves_the_stamps_row_untouched_not_even_locked(product_a, alice):
    stamp = _stamp(product_a, alice)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # any foreign key is checked now, not at the commit
    for client in ("a", "b"):  # the first check creates the counter, the second updates it
        scanning.check_stamp(serial=stamp.serial, client_hash=client)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmax::text FROM {Stamp._meta.db_table} WHERE id = %s", [stamp.pk])  # noqa: S608
        # A foreign key check would have locked the row (FOR KEY SHARE), writing its xmax and so its page.
        assert cursor.fetchone()[0] == "0"
    assert ScanCounter.objects.get(stamp=stamp).count == 2


def test_a_counter_is_flagged_from_the_scan_log_when_the_column_arrives(product_a, alice):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("stamps.migrations.0012_scan_counter_flagged")
    batch = make_batch(product_a, make_certificate(product_a), alice, quantity=3)
    caught, located_elsewhere, unlocated = batch.stamps.order_by("id")
    for stamp in (caught, located_elsewhere, unlocated):
        scanning.check_stamp(serial=stamp.serial, client_hash="a")
    events = ScanEvent.objects.filter(stamp__in=[caught, located_elsewhere])
    events.update(latitude="21.03", longitude="105.85")
    ScanEvent.objects.filter(stamp=caught).update(verdict=Verdict.SUSPICIOUS)
    ScanEvent.objects.filter(stamp=unlocated).update(verdict=Verdict.SUSPICIOUS)  # suspicious by count, not place
    migration.flag_from_scan_log(apps, None)
    assert dict(ScanCounter.objects.values_list("stamp_id", "flagged")) == {
        caught.pk: True,
        located_elsewhere.pk: False,
        unlocated.pk: False,
    }
    assert scanning.find_stamp(caught.serial).flagged
    assert scanning.check_stamp(serial=caught.serial, client_hash="b").verdict == Verdict.SUSPICIOUS
