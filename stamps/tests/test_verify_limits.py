"""What protects the verification page: a per-client rate limit, an unknown code that costs exactly what a known
one does, and the shared place that catches a stamp checked in two far-apart places (impossible travel)."""

import datetime
import re

import pytest
from django.core import signing
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from public.tests.factories import GTIN, LOT, first_stamp, make_batch, make_certificate
from public.verify_page import LOCATE_SALT
from stamps.models import ScanCounter, ScanEvent, Verdict

HANOI = {"lat": "21.03", "lon": "105.85"}
HCMC = {"lat": "10.78", "lon": "106.70"}


@pytest.fixture(autouse=True)
def _fresh_cache(one_rate_window):
    caches["pages"].clear()


@pytest.fixture
def batch(product_a, alice):
    product_a.gtin = GTIN
    product_a.save(update_fields=["gtin"])
    return make_batch(product_a, make_certificate(product_a), alice)


@pytest.fixture
def stamp(batch):
    return first_stamp(batch)


def verdict_of(html: str) -> str:
    return html.split('data-verdict="', 1)[1].split('"', 1)[0]


def token_of(html: str) -> str:
    return html.split('data-token="', 1)[1].split('"', 1)[0]


# --- rate limit ------------------------------------------------------------------------------------------


def test_rate_limit_answers_429_in_vietnamese_past_the_limit(client, stamp, settings):
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 3
    statuses = [client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert response["Retry-After"] == "60"
    assert ScanEvent.objects.count() == 3  # refused look-ups do no database work


def test_with_redis_a_check_counts_and_reads_the_version_in_one_round_trip(client, stamp, settings, redis_round_trips):
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 3
    assert client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1").status_code == 200  # makes the version
    redis_round_trips.clear()
    second = client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1")
    assert second.status_code == 200 and verdict_of(second.content.decode()) == Verdict.GENUINE
    assert len(redis_round_trips) == 1  # the count and the version, together
    product = stamp.batch.product
    product.name = "Trà shan tuyết Mộc Châu"
    product.save(update_fields=["name"])  # bumps the catalogue's version: the next check shows the new name
    assert "Trà shan tuyết Mộc Châu" in client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1").content.decode()
    assert client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert ScanEvent.objects.count() == 3


def test_rate_limit_is_per_client(client, stamp, settings):
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 1
    assert client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1").status_code == 200
    assert client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.2").status_code == 200


def test_rate_limit_counts_unknown_codes_too(client, stamp, settings):
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 2
    client.get("/s/0000000000000000X")
    client.get("/s/0000000000000001X")
    assert client.get(f"/s/{stamp.serial}").status_code == 429


def test_rate_limit_reads_the_client_behind_a_trusted_proxy(client, stamp, settings):
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 1
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get(f"/s/{stamp.serial}", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 200
    # A client cannot escape the limit by writing its own X-Forwarded-For: the proxy appends the real one.
    spoofed = client.get(f"/s/{stamp.serial}", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1", **proxy)
    assert spoofed.status_code == 429
    assert client.get(f"/s/{stamp.serial}", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 200


# --- an unknown code costs the same ----------------------------------------------------------------------


def queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_unknown_code_runs_the_same_queries_as_a_known_one(client, batch, stamp):
    # The batch's product and certificate are cached after its first check (see the next test).
    client.get(f"/s/{batch.stamps.exclude(pk=stamp.pk).first().serial}")
    known = queries_for(client, f"/s/{stamp.serial}")
    unknown = queries_for(client, "/s/0000000000000000X")
    malformed = queries_for(client, "/s/NOT-A-STAMP")
    link = queries_for(client, f"/01/{GTIN}/10/{LOT}/21/0000000000000000X")
    assert len(known) == len(unknown) == len(malformed) == len(link)
    # The same statements, apart from the values: one look-up by serial, then the write.
    assert shapes(known) == shapes(unknown)


def shapes(statements: list[str]) -> list[str]:
    """The statements without their values (literals, numbers, NULL, savepoint names)."""
    values = re.compile(r"'(?:[^']|'')*'|\bNULL\b|\b\d+(?:\.\d+)?\b|\"s\d+_x\d+\"")
    return [values.sub("?", sql) for sql in statements]


def test_known_code_page_needs_one_look_up_and_one_write(client, batch, stamp, django_assert_num_queries):
    first, second = batch.stamps.exclude(pk=stamp.pk)[:2]
    # Around the look-up and the write, every check counts itself against the client's limit (one statement in
    # the table all server processes share; a new client's first check also makes its row and clears out old
    # ones: two more) and reads the catalogue's version from the shared cache. The first check of a batch
    # loads its product and certificate (two queries) into this process's cache, and renders the page with the
    # sales points and marketplace listings where the product is sold (two more).
    write = 1 if connection.vendor == "postgresql" else 4  # SQLite: savepoint, update, insert, release
    with django_assert_num_queries(1 + 2 + 1 + 1 + 2 + 2 + write):
        client.get(f"/s/{first.serial}")
    with django_assert_num_queries(1 + 1 + 1 + write):
        client.get(f"/s/{second.serial}")


def test_batch_facts_cache_follows_certificate_changes(client, batch, stamp):
    assert verdict_of(client.get(f"/s/{stamp.serial}").content.decode()) == Verdict.GENUINE
    certificate = batch.certificate
    certificate.withdrawn_on = timezone.localdate()
    certificate.save(update_fields=["withdrawn_on"])  # as certificates.domain's withdrawal does
    assert verdict_of(client.get(f"/s/{stamp.serial}").content.decode()) == Verdict.WITHDRAWN


# --- the shared place: impossible travel ----------------------------------------------------------------


def check_and_locate(client, stamp, place: dict, address: str):
    html = client.get(f"/s/{stamp.serial}", REMOTE_ADDR=address).content.decode()
    return client.post(f"/s/{stamp.serial}/vi-tri/", {"t": token_of(html), **place}, REMOTE_ADDR=address)


def test_locate_records_the_place_and_keeps_genuine_nearby(client, stamp):
    response = check_and_locate(client, stamp, HANOI, "198.51.100.1")
    assert response.status_code == 204
    nearby = check_and_locate(client, stamp, {"lat": "21.05", "lon": "105.80"}, "198.51.100.2")
    assert nearby.status_code == 204
    assert list(ScanEvent.objects.values_list("verdict", flat=True)) == [Verdict.GENUINE] * 2
    assert ScanEvent.objects.filter(latitude__isnull=False).count() == 2


def test_locate_impossible_travel_makes_the_stamp_suspicious(client, stamp):
    check_and_locate(client, stamp, HANOI, "198.51.100.1")
    response = check_and_locate(client, stamp, HCMC, "198.51.100.2")  # 1,140 km a second later
    assert response.status_code == 200
    html = response.content.decode()
    assert verdict_of(html) == Verdict.SUSPICIOUS
    assert html.lstrip().startswith('<section id="verdict"')
    assert ScanEvent.objects.order_by("id").last().verdict == Verdict.SUSPICIOUS
    assert ScanCounter.objects.get(stamp=stamp).flagged  # what the next check reads, with the count
    # From now on every check of this stamp is suspicious, located or not.
    assert verdict_of(client.get(f"/s/{stamp.serial}").content.decode()) == Verdict.SUSPICIOUS
    # Other stamps of the batch are not.
    other = stamp.batch.stamps.exclude(pk=stamp.pk).first()
    assert verdict_of(client.get(f"/s/{other.serial}").content.decode()) == Verdict.GENUINE


def test_locate_far_apart_but_hours_later_is_not_suspicious(client, stamp):
    earlier = timezone.now() - datetime.timedelta(hours=3)
    ScanEvent.objects.create(
        stamp=stamp, serial=stamp.serial, scanned_at=earlier, verdict=Verdict.GENUINE, latitude=21.03, longitude=105.85
    )
    assert check_and_locate(client, stamp, HCMC, "198.51.100.2").status_code == 204
    assert ScanEvent.objects.order_by("id").last().verdict == Verdict.GENUINE


def test_locate_refuses_a_forged_or_foreign_token(client, stamp):
    html = client.get(f"/s/{stamp.serial}", REMOTE_ADDR="198.51.100.1").content.decode()
    forged = signing.dumps([stamp.serial, timezone.now().isoformat()], salt="another-salt")
    assert client.post(f"/s/{stamp.serial}/vi-tri/", {"t": forged, **HANOI}).status_code == 400
    other = first_stamp(make_batch(stamp.batch.product, stamp.batch.certificate, stamp.batch.ordered_by))
    assert client.post(f"/s/{other.serial}/vi-tri/", {"t": token_of(html), **HANOI}).status_code == 400
    bad_place = client.post(f"/s/{stamp.serial}/vi-tri/", {"t": token_of(html), "lat": "200", "lon": "0"})
    assert bad_place.status_code == 400
    # The right token from another client's address changes nothing.
    elsewhere = client.post(f"/s/{stamp.serial}/vi-tri/", {"t": token_of(html), **HANOI}, REMOTE_ADDR="198.51.100.9")
    assert elsewhere.status_code == 204
    assert not ScanEvent.objects.filter(latitude__isnull=False).exists()


def test_locate_token_expires(client, stamp):
    old = timezone.now() - datetime.timedelta(minutes=11)
    token = signing.dumps([stamp.serial, old.isoformat()], salt=LOCATE_SALT)
    assert client.post(f"/s/{stamp.serial}/vi-tri/", {"t": token, **HANOI}).status_code == 204
