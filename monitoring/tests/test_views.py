"""The inbox through HTTP: a consumer's report from a stamp code becomes an item the province's inspector sees with
the stamp's history, triages into an ad-hoc inspection (HTMX), and the consumer's follow page says so; the
producer answers a request; other provinces get 404; lists are filtered and their query count is fixed."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from conftest import make_user
from inspections.models import Inspection, Trigger
from monitoring.detection import detect_signals
from monitoring.models import Kind, Signal, Status
from public.tests.factories import first_stamp, make_batch, make_certificate
from stamps.models import ScanEvent

from .conftest import scan

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def stamp(product_a, alice):
    return first_stamp(make_batch(product_a, make_certificate(product_a), alice))


def report(client, stamp) -> str:
    response = client.post(
        "/bao-hang-gia/",
        {"ma": stamp.serial, "what": "Tem in mờ, giá rẻ bất thường.", "where": "Chợ Long Biên", "contact": "0912"},
    )
    assert response.status_code == 302
    return response["Location"].rsplit("=", 1)[1]


def test_journey_consumer_report_to_an_ad_hoc_inspection(client, stamp, inspector, erin, product_a):
    for _ in range(2):
        assert client.get(f"/s/{stamp.serial}").status_code == 200
    code = report(client, stamp)  # no province chosen: the stamp names it

    client.force_login(inspector)
    assert code in client.get("/kiem-tra/hop-thu/").content.decode()
    page = client.get(f"/kiem-tra/hop-thu/{code}/").content.decode()
    batch = stamp.batch
    for shown in (
        product_a.name,
        product_a.producer.name,
        batch.certificate.number,
        f"Lô {batch.lot}",
        "Chợ Long Biên",
    ):
        assert shown in page
    assert "Sản phẩm OCOP chính hãng" in page  # the stamp's verdict
    assert "2 lượt quét" in page  # its scan history

    today = timezone.localdate()
    triaged = client.post(
        f"/kiem-tra/hop-thu/{code}/xu-ly/",
        {
            "action": "inspect",
            "inspect-team": inspector.username,
            "inspect-starts_on": f"{today:%d/%m/%Y}",
            "inspect-ends_on": f"{today + datetime.timedelta(days=1):%d/%m/%Y}",
            "inspect-scope_note": "Xác minh tem và nguồn hàng tại chợ.",
        },
        **HTMX,
    )
    assert triaged.status_code == 200
    assert 'id="triage"' in triaged.content.decode() and "<html" not in triaged.content.decode()
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.trigger) == ("ad_hoc", Trigger.FAKE_REPORT)
    assert Signal.objects.get(code=code).inspection == inspection
    assert inspection.code in triaged.content.decode()

    client.logout()
    follow = client.get(f"/bao-hang-gia/theo-doi/?ma={code}").content.decode()
    assert "Đã chuyển đoàn kiểm tra" in follow
    assert "Chợ Long Biên" not in follow


def test_triage_refused_changes_nothing_and_says_why(client, stamp, inspector):
    code = report(client, stamp)
    client.force_login(inspector)
    refused = client.post(f"/kiem-tra/hop-thu/{code}/xu-ly/", {"action": "close", "close-reason": ""}, **HTMX)
    assert (refused.status_code, refused.content.decode().count('class="errorlist')) == (200, 1)
    assert "Trường này là bắt buộc." in refused.content.decode()
    refused = client.post(
        f"/kiem-tra/hop-thu/{code}/xu-ly/",
        {"action": "inspect", "inspect-starts_on": "31/02/2026", "inspect-ends_on": ""},
    )
    assert refused.status_code == 422  # without HTMX: the whole page, with the form's errors
    assert Signal.objects.get(code=code).status == Status.OPEN
    assert not Inspection.objects.exists()


def test_triage_close_without_htmx_goes_back_to_the_item(client, stamp, inspector):
    code = report(client, stamp)
    client.force_login(inspector)
    closing = {"action": "close", "close-reason": "Tem thật, người mua nhầm.", "close-public_outcome": "Tem thật"}
    response = client.post(f"/kiem-tra/hop-thu/{code}/xu-ly/", closing)
    assert response["Location"] == f"/kiem-tra/hop-thu/{code}/"
    assert Signal.objects.get(code=code).status == Status.CLOSED
    client.logout()
    assert "Tem thật" in client.get(f"/bao-hang-gia/theo-doi/?ma={code}").content.decode()


def test_producer_sees_only_the_request_and_answers_it(client, stamp, inspector, alice, bob):
    code = report(client, stamp)
    client.force_login(alice)
    assert client.get(f"/kiem-tra/hop-thu/{code}/").status_code == 404  # not before it is asked
    client.force_login(inspector)
    asked = client.post(f"/kiem-tra/hop-thu/{code}/xu-ly/", {"action": "ask", "ask-question": "Cho biết đại lý."})
    assert asked.status_code == 302
    client.force_login(alice)
    page = client.get(f"/kiem-tra/hop-thu/{code}/").content.decode()
    assert "Cho biết đại lý." in page
    for private in ("Chợ Long Biên", "0912", "Tem in mờ"):
        assert private not in page
    assert client.get(f"/kiem-tra/hop-thu/{code}/anh/").status_code == 404
    refused = client.post(f"/kiem-tra/hop-thu/{code}/tra-loi/", {"answer": ""})
    assert refused.status_code == 422
    answered = client.post(f"/kiem-tra/hop-thu/{code}/tra-loi/", {"answer": "Đại lý chính thức: Cửa hàng Sen Vàng."})
    assert answered.status_code == 302
    assert Signal.objects.get(code=code).status == Status.ANSWERED
    assert client.post(f"/kiem-tra/hop-thu/{code}/xu-ly/", {"action": "close", "close-reason": "x"}).status_code == 403
    client.force_login(bob)
    assert client.get(f"/kiem-tra/hop-thu/{code}/").status_code == 404


def test_inspectors_of_another_province_get_404(client, stamp, frank, commune_nb):
    code = report(client, stamp)
    for outsider in (frank, make_user("nb_inspector", Role.INSPECTOR, frank.area)):
        client.force_login(outsider)
        for url in (f"/kiem-tra/hop-thu/{code}/", f"/kiem-tra/hop-thu/{code}/anh/"):
            assert client.get(url).status_code == 404
        closing = {"action": "close", "close-reason": "x"}
        assert client.post(f"/kiem-tra/hop-thu/{code}/xu-ly/", closing).status_code == 404
        assert code not in client.get("/kiem-tra/hop-thu/?trang_thai=tat-ca").content.decode()
    assert Signal.objects.get(code=code).status == Status.OPEN


def test_inbox_filters_by_kind_status_and_commune(client, stamp, inspector, expired_stamp, product_b, commune_y):
    code = report(client, stamp)
    now = timezone.now()
    scan(expired_stamp, now)
    detect_signals(now=now + datetime.timedelta(hours=1))
    scanned = Signal.objects.get(kind=Kind.AFTER_EXPIRY).code
    client.force_login(inspector)

    def listed(query: str) -> set[str]:
        html = client.get(f"/kiem-tra/hop-thu/?{query}").content.decode()
        return {c for c in (code, scanned) if c in html}

    assert listed("") == {code, scanned}
    assert listed("loai=fake_report") == {code}
    assert listed("loai=after_expiry") == {scanned}
    assert listed(f"khu_vuc={stamp.batch.product.producer.current_commune.code}") == {code, scanned}
    assert listed(f"khu_vuc={commune_y.code}") == set()
    Signal.objects.filter(code=code).update(status=Status.CLOSED)
    assert listed("") == {scanned}
    assert listed("trang_thai=closed") == {code}
    assert listed("trang_thai=tat-ca") == {code, scanned}


def test_item_shows_its_stamps_scan_history_paginated(client, stamp, inspector):
    scan(stamp, timezone.now() - datetime.timedelta(days=1), times=25)
    code = report(client, stamp)
    client.force_login(inspector)
    first = client.get(f"/kiem-tra/hop-thu/{code}/").content.decode()
    assert "25 lượt quét" in first and "Trang 1/2" in first
    second = client.get(f"/kiem-tra/hop-thu/{code}/?page=2", **HTMX).content.decode()
    assert "Trang 2/2" in second and "<html" not in second
    assert ScanEvent.objects.filter(stamp=stamp).count() == 25


def test_complaint_recorded_by_an_inspector(client, inspector, frank, alice, product_a):
    client.force_login(inspector)
    response = client.post("/kiem-tra/hop-thu/khieu-nai/", {"product": product_a.code, "summary": "Đơn thư."})
    item = Signal.objects.get()
    assert response["Location"] == f"/kiem-tra/hop-thu/{item.code}/"
    assert (item.kind, item.product) == (Kind.COMPLAINT, product_a)
    client.force_login(frank)
    refused = client.post("/kiem-tra/hop-thu/khieu-nai/", {"product": product_a.code, "summary": "Đơn thư."})
    assert "Không có sản phẩm mã này trong địa bàn của bạn." in refused.content.decode()
    client.force_login(alice)
    assert client.get("/kiem-tra/hop-thu/khieu-nai/").status_code == 404
    assert Signal.objects.count() == 1


@pytest.mark.parametrize("item_count", [1, 3])
def test_inbox_list_query_count(client, stamp, inspector, item_count, django_assert_num_queries):
    for _ in range(item_count):
        report(client, stamp)
    client.force_login(inspector)
    client.get("/kiem-tra/hop-thu/")  # warm the session
    # session, user, the filter's communes, count, page of items with product, producer and province, the
    # user's area (header), then the session saved (savepoint, update, release)
    with django_assert_num_queries(9):
        html = client.get("/kiem-tra/hop-thu/").content.decode()
    assert html.count("/kiem-tra/hop-thu/") >= item_count
