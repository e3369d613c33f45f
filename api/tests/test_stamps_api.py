import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination

from audit.models import AuditEntry
from stamps.domain import render_sheet, request_sheet
from stamps.models import ScanCounter, ScanEvent, StampBatch, Verdict
from stamps.pdf import Layout
from stamps.tests.factories import GTIN, issued_batch, make_certificate

URL = "/api/v1/stamp-batches/"


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    caches["pages"].clear()


@pytest.fixture
def certified_a(product_a):
    product_a.gtin = GTIN
    product_a.save(update_fields=["gtin"])
    make_certificate(product_a)
    return product_a


@pytest.fixture
def batch_a(certified_a, alice):
    return issued_batch(certified_a, alice, quantity=3)


def order_body(product, **extra):
    today = timezone.localdate()
    return {
        "product": product.code,
        "quantity": 20,
        "lot": "L2611-07",
        "production_date": (today - datetime.timedelta(days=2)).isoformat(),
        "expiry_date": (today + datetime.timedelta(days=365)).isoformat(),
        **extra,
    }


def batch_entries(batch):
    rows = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StampBatch), object_id=str(batch.pk)
    ).order_by("id")
    return [(e.action, e.actor_id, e.changes, e.note) for e in rows]


@pytest.mark.parametrize(("persona", "visible"), [("alice", True), ("bob", False), ("carol", True), ("frank", False)])
def test_stamp_batches_are_the_persona_scope(api_as, persona, visible, batch_a):
    client = api_as(persona)

    codes = [row["code"] for row in client.get(URL).json()["results"]]

    assert codes == ([batch_a.code] if visible else [])
    assert client.get(f"{URL}{batch_a.code}/").status_code == (200 if visible else 404)
    assert client.get(f"{URL}{batch_a.code}/csv/").status_code == (200 if visible else 404)


def test_stamp_batch_status(api_as, batch_a):
    body = api_as("alice").get(f"{URL}{batch_a.code}/").json()

    assert (body["status"], body["quantity"], body["progress"]) == ("issued", 3, 3)
    assert body["certificate"] == batch_a.certificate.number


def test_stamp_batch_ordered_through_the_api_leaves_what_the_form_leaves(api_as, client, alice, certified_a):
    response = api_as("alice").post(URL, order_body(certified_a), format="json")
    assert response.status_code == 201, response.json()
    by_api = StampBatch.objects.get(code=response.json()["code"])
    client.force_login(alice)
    body = order_body(certified_a)
    form = {
        **body,
        "product": certified_a.pk,
        "production_date": f"{datetime.date.fromisoformat(body['production_date']):%d/%m/%Y}",
        "expiry_date": f"{datetime.date.fromisoformat(body['expiry_date']):%d/%m/%Y}",
    }
    assert client.post(reverse("stamps:order"), form).status_code == 302
    by_form = StampBatch.objects.exclude(pk=by_api.pk).get()

    fields = ["product", "certificate", "quantity", "lot", "production_date", "expiry_date", "status", "ordered_by"]
    assert StampBatch.objects.filter(pk=by_api.pk).values(*fields).get() == (
        StampBatch.objects.filter(pk=by_form.pk).values(*fields).get()
    )
    assert batch_entries(by_api) == batch_entries(by_form)


def test_stamp_batch_order_bad_input_is_400_in_vietnamese_and_orders_nothing(api_as, certified_a):
    today = timezone.localdate()
    body = order_body(certified_a, quantity=0, expiry_date=(today - datetime.timedelta(days=5)).isoformat())

    response = api_as("alice").post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "quantity": ["Số lượng tem từ 1 đến 10.000.000."],
        "expiry_date": ["Hạn sử dụng phải sau ngày sản xuất."],
    }
    assert not StampBatch.objects.exists()


def test_stamp_batch_order_bad_date_is_400_in_vietnamese(api_as, certified_a):
    response = api_as("alice").post(URL, order_body(certified_a, production_date="31/02/2026"), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"production_date": ["Ngày không hợp lệ: hãy viết theo dạng YYYY-MM-DD."]}


def test_stamp_batch_order_for_a_product_not_seen_is_400(api_as, product_b):
    make_certificate(product_b)

    response = api_as("alice").post(URL, order_body(product_b), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"product": [f"Không có sản phẩm nào mã {product_b.code}."]}


def test_stamp_batch_order_by_the_ministry_is_403(api_as, certified_a):
    assert api_as("minh").post(URL, order_body(certified_a), format="json").status_code == 403
    assert not StampBatch.objects.exists()


def test_stamp_batch_csv_is_the_printers_file_and_audited(api_as, alice, batch_a):
    response = api_as("alice").get(f"{URL}{batch_a.code}/csv/")

    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 3
    assert batch_entries(batch_a)[-1][:2] == ("export_csv", alice.pk)


def test_stamp_batch_list_paginates_filters_and_orders(api_as, monkeypatch, alice, certified_a, batch_a):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    second = issued_batch(certified_a, alice, quantity=5, lot="L2611-09")
    client = api_as("alice")

    page = client.get(URL, {"ordering": "quantity"}).json()
    assert (page["count"], page["results"][0]["code"]) == (2, batch_a.code)
    assert client.get(page["next"]).json()["results"][0]["code"] == second.code
    assert client.get(URL, {"ordering": "-quantity"}).json()["results"][0]["code"] == second.code
    assert client.get(URL, {"status": "queued"}).json()["count"] == 0
    assert client.get(URL, {"product": certified_a.code}).json()["count"] == 2
    assert client.get(URL, {"ordering": "serial"}).status_code == 400


# --- the public check of one stamp ------------------------------------------------------------------------


def scans():
    return list(ScanEvent.objects.order_by("id").values("stamp", "serial", "verdict", "user_agent", "ip_hash"))


def test_stamp_check_gives_the_pages_verdict_and_is_recorded_as_the_page_records_it(api, client, batch_a):
    stamp = batch_a.stamps.order_by("id").first()

    body = api.get(f"/api/v1/stamps/{stamp.serial}/", HTTP_USER_AGENT="App/1.0").json()
    page = client.get(f"/s/{stamp.serial}", HTTP_USER_AGENT="App/1.0")

    assert body["verdict"] == Verdict.GENUINE
    assert 'data-verdict="genuine"' in page.content.decode()
    assert (body["shows_star"], body["stars"], body["scan_count"]) == (True, 4, 1)
    assert body["product"]["code"] == batch_a.product.code
    assert body["certificate"] == batch_a.certificate.number
    api_scan, page_scan = scans()
    assert api_scan == page_scan
    assert ScanCounter.objects.get(stamp=stamp).count == 2


def test_stamp_check_of_an_unknown_code_is_recorded_too(api, db):
    body = api.get("/api/v1/stamps/0000000000000000X/").json()

    assert (body["verdict"], body["shows_star"], body["product"], body["scan_count"]) == ("unknown", False, None, 0)
    assert [scan["verdict"] for scan in scans()] == ["unknown"]


def test_stamp_check_is_limited_like_the_page(api, settings, batch_a, one_rate_window):
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 2
    serial = batch_a.stamps.first().serial

    statuses = [api.get(f"/api/v1/stamps/{serial}/", REMOTE_ADDR="198.51.100.7").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert api.get(f"/api/v1/stamps/{serial}/", REMOTE_ADDR="198.51.100.8").status_code == 200
    assert ScanEvent.objects.count() == 3


def test_stamp_check_shares_the_pages_allowance(api, client, settings, batch_a, one_rate_window):
    # One allowance per client, whichever door: two look-ups on the page leave none for the API, and the other
    # way round; otherwise a guesser would try codes twice as fast.
    settings.STAMP_LOOKUP_RATE_PER_MINUTE = 2
    serial = batch_a.stamps.first().serial
    page = [client.get(f"/s/{serial}", REMOTE_ADDR="198.51.100.9").status_code for _ in range(2)]

    refused = api.get(f"/api/v1/stamps/{serial}/", REMOTE_ADDR="198.51.100.9")

    assert (page, refused.status_code) == ([200, 200], 429)
    assert int(refused["Retry-After"]) <= 60
    api.get(f"/api/v1/stamps/{serial}/", REMOTE_ADDR="198.51.100.10")
    assert client.get(f"/s/{serial}", REMOTE_ADDR="198.51.100.10").status_code == 200
    assert client.get(f"/s/{serial}", REMOTE_ADDR="198.51.100.10").status_code == 429


# --- print files ------------------------------------------------------------------------------------------

SHEET = {"first": 1, "count": 3, "stamp_size": "30x40", "margin_mm": "10"}


def test_print_file_asked_through_the_api_leaves_what_the_form_leaves(api_as, client, alice, batch_a):
    before = len(batch_entries(batch_a))
    response = api_as("alice").post(f"{URL}{batch_a.code}/sheets/", SHEET, format="json")
    assert response.status_code == 201, response.json()
    by_api = batch_entries(batch_a)[before:]
    client.force_login(alice)
    assert client.post(reverse("stamps:sheet_create", args=[batch_a.code]), SHEET).status_code == 302

    assert batch_entries(batch_a)[before + len(by_api) :] == by_api
    fields = ["first", "count", "stamp_size", "columns", "rows", "margin_mm", "qr_size_mm", "status"]
    first, second = batch_a.sheets.order_by("id").values(*fields)
    assert first == second
    assert response.json()["status"] == "queued"
    assert response.json()["pdf"] is None


def test_print_file_is_downloaded_once_ready(api_as, batch_a, alice):
    sheet = request_sheet(batch=batch_a, by=alice, count=3, layout=Layout(), run_in_background=False)
    render_sheet(sheet_id=sheet.pk)
    client = api_as("alice")

    [listed] = client.get(f"{URL}{batch_a.code}/sheets/").json()
    response = client.get(listed["pdf"])

    assert listed["status"] == "ready"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_print_file_bad_input_is_400_and_asks_nothing(api_as, batch_a):
    response = api_as("alice").post(f"{URL}{batch_a.code}/sheets/", {**SHEET, "first": 9}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"first": ["Từ 1 đến 3."]}
    assert not batch_a.sheets.exists()


@pytest.mark.parametrize(("persona", "status_code"), [("bob", 404), ("frank", 404), ("minh", 403)])
def test_print_files_of_who_may_not_print_the_batch(api_as, persona, status_code, batch_a):
    client = api_as(persona)

    assert client.get(f"{URL}{batch_a.code}/sheets/").status_code == status_code
    assert client.post(f"{URL}{batch_a.code}/sheets/", SHEET, format="json").status_code == status_code
    assert not batch_a.sheets.exists()
