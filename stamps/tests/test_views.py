import csv
import io

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse

from stamps.domain import request_sheet
from stamps.links import stamp_url
from stamps.models import Stamp, StampBatch, StampSheet

from .factories import issued_batch, order

SCOPE = [
    ("alice", 200),
    ("bob", 404),
    ("carol", 200),
    ("dave", 404),
    ("erin", 200),
    ("frank", 404),
    ("inspector", 200),
    ("minh", 200),
    ("root", 200),
]
ACTIONS = ["sheet_create", "csv", "revoke_batch", "revoke_stamps"]


@pytest.mark.parametrize(("persona", "status"), SCOPE)
def test_batch_page_is_visible_only_inside_scope(client, request, batch_a, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(batch_a.get_absolute_url()).status_code == status


def test_batch_page_needs_a_login(client, batch_a):
    response = client.get(batch_a.get_absolute_url())
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["bob", "dave", "frank"])
def test_outsider_gets_404_on_every_batch_action(client, request, media, batch_a, alice, persona):
    sheet = request_sheet(batch=batch_a, by=alice, run_in_background=False)
    client.force_login(request.getfixturevalue(persona))
    for name in ACTIONS:
        assert client.post(reverse(f"stamps:{name}", args=[batch_a.code]), {}).status_code == 404, name
    assert client.get(reverse("stamps:csv", args=[batch_a.code])).status_code == 404
    assert client.get(reverse("stamps:sheet_download", args=[batch_a.code, sheet.code])).status_code == 404
    assert StampBatch.objects.get(pk=batch_a.pk).revoked_at is None


@pytest.mark.parametrize("persona", ["inspector", "minh"])
def test_viewers_without_the_right_get_403_on_actions(client, request, batch_a, persona):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(batch_a.get_absolute_url()).content.decode()
    assert reverse("stamps:csv", args=[batch_a.code]) not in html
    for name in ACTIONS:
        assert client.post(reverse(f"stamps:{name}", args=[batch_a.code]), {}).status_code == 403, name
    assert client.get(reverse("stamps:order")).status_code == 403


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("alice", True, False),
        ("bob", False, True),
        ("carol", True, False),
        ("erin", True, True),
        ("frank", False, False),
    ],
)
def test_batch_list_is_filtered_by_scope(client, request, batch_a, certified_b, bob, persona, sees_a, sees_b):
    batch_b = issued_batch(certified_b, bob, quantity=2)
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("stamps:list")).content.decode()
    assert (batch_a.code in html) == sees_a
    assert (batch_b.code in html) == sees_b


@pytest.mark.parametrize("item_count", [1, 3])
def test_batch_list_query_count_does_not_grow(client, django_assert_num_queries, certified_a, alice, item_count):
    for _ in range(item_count):
        order(certified_a, alice, quantity=1)
    client.force_login(alice)
    with django_assert_num_queries(7):
        response = client.get(reverse("stamps:list"))
    assert response.content.decode().count("/tem/lo/") == item_count


def test_order_form_offers_only_products_with_a_certificate_in_force(client, certified_a, product_b, root):
    client.force_login(root)
    html = client.get(reverse("stamps:order")).content.decode()
    assert certified_a.name in html
    assert product_b.name not in html


def test_order_page_for_a_producer_without_certificate_says_so(client, product_a, alice):
    client.force_login(alice)
    response = client.get(reverse("stamps:order"))
    assert response.status_code == 200
    assert "Chưa có sản phẩm nào có giấy chứng nhận OCOP còn hiệu lực" in response.content.decode()


def test_order_form_shows_the_rules_errors(client, certified_a, alice):
    client.force_login(alice)
    data = {
        "product": certified_a.pk,
        "quantity": 10,
        "lot": "lô 1",
        "production_date": "01/11/2026",
        "expiry_date": "01/10/2026",
    }
    html = client.post(reverse("stamps:order"), data).content.decode()
    assert "Số lô chỉ gồm" in html
    assert "Hạn sử dụng phải sau ngày sản xuất" in html
    assert not StampBatch.objects.exists()


def test_order_to_download_end_to_end(client, media, certified_a, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    data = {
        "product": certified_a.pk,
        "quantity": 6,
        "lot": "L2611-01",
        "production_date": "01/11/2026",
        "expiry_date": "01/11/2027",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stamps:order"), data)
    batch = StampBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert batch.status == StampBatch.Status.ISSUED and batch.stamps.count() == 6

    page = client.get(batch.get_absolute_url()).content.decode()
    first = batch.stamps.order_by("id").first()
    assert stamp_url(first.serial, gtin=certified_a.gtin, lot="L2611-01") in page

    grid = {"first": 1, "count": 6, "stamp_size": "40x50", "margin_mm": "10"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("stamps:sheet_create", args=[batch.code]), grid)
    sheet = StampSheet.objects.get()
    assert sheet.status == StampSheet.Status.READY

    download = client.get(reverse("stamps:sheet_download", args=[batch.code, sheet.code]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(b"".join(download.streaming_content))
    found = {r.text for r in zxingcpp.read_barcodes(document[0].render(scale=3).to_pil())}
    urls = {stamp_url(s, gtin=certified_a.gtin, lot="L2611-01") for s in batch.stamps.values_list("serial", flat=True)}
    assert found == urls

    exported = client.get(reverse("stamps:csv", args=[batch.code]))
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert {row[2] for row in rows[1:]} == urls


def test_batch_status_partial_polls_until_issued(client, certified_a, alice):
    batch = order(certified_a, alice, quantity=3)
    client.force_login(alice)
    partial = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial
    assert "<h1>" not in partial
    StampBatch.objects.filter(pk=batch.pk).update(status=StampBatch.Status.ISSUING, progress=2)
    partial = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'value="2" max="3"' in partial
    StampBatch.objects.filter(pk=batch.pk).update(status=StampBatch.Status.ISSUED, progress=3)
    partial = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial


def test_batch_status_partial_polls_while_a_pdf_renders(client, media, batch_a, alice):
    request_sheet(batch=batch_a, by=alice, run_in_background=False)
    client.force_login(alice)
    partial = client.get(batch_a.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial and 'max="12"' in partial


def test_sheet_form_errors_are_shown(client, media, batch_a, alice):
    client.force_login(alice)
    grid = {"first": 1, "count": 12, "stamp_size": "30x40", "margin_mm": "40"}
    response = client.post(reverse("stamps:sheet_create", args=[batch_a.code]), grid, follow=True)
    assert "Lề trang (mm): Từ 5 đến 30." in response.content.decode()
    assert not StampSheet.objects.exists()


def test_revoke_stamps_and_batch_through_the_page(client, batch_a, carol):
    client.force_login(carol)
    serial = batch_a.stamps.first().serial
    client.post(
        reverse("stamps:revoke_stamps", args=[batch_a.code]),
        {"stamps-serials": f"{serial.lower()}\n", "stamps-reason": "misprinted"},
    )
    assert Stamp.objects.get(serial=serial).revoke_reason == "misprinted"
    response = client.post(reverse("stamps:revoke_batch", args=[batch_a.code]), {"batch-reason": "lost"}, follow=True)
    assert "Đã thu hồi cả lô tem" in response.content.decode()
    assert StampBatch.objects.get(pk=batch_a.pk).revoke_reason == "lost"
    assert client.get(reverse("stamps:csv", args=[batch_a.code])).status_code == 302


def test_order_form_preselects_a_producers_only_certified_product(client, certified_a, alice):
    client.force_login(alice)
    html = client.get(reverse("stamps:order")).content.decode()
    assert f'<option value="{certified_a.pk}" selected>' in html
